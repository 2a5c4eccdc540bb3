package io.github.mlplatform.invariance;

/**
 * Which implementation of the two layers to use.
 * <ul>
 *   <li>{@link #FUSED}: plain Java loops exploiting sparsity; CPU only; fastest on CPU by far
 *       (see the module README for measured steps/s). Sparse weights in the chosen precision
 *       (DOUBLE, like the seed, costs nothing extra here), invariant weights always in double.</li>
 *   <li>{@link #ND4J}: ND4J operations only; runs on any backend (CUDA included) in FLOAT or
 *       DOUBLE; the reference the fused one is tested against.</li>
 * </ul>
 */
public enum Implementation {
    FUSED,
    ND4J;

    /** Parses "fused" or "nd4j" (case-insensitive); {@code what} names the option in errors. */
    public static Implementation parse(String s, String what) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "fused", "cpu" -> FUSED;
            case "nd4j" -> ND4J;
            default -> throw new IllegalArgumentException(what + ": expected fused or nd4j, got '" + s + "'");
        };
    }
}
