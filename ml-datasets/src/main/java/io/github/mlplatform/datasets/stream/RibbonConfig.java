package io.github.mlplatform.datasets.stream;

/**
 * A {@link Ribbon}: {@code length} consecutive training digits starting at {@code startIndex}.
 * Defaults are the seed's ({@code r_l = 1000}, {@code r_s = 0}).
 *
 * @param length     digits side by side (N)
 * @param startIndex index of the first digit in the training set
 */
public record RibbonConfig(int length, int startIndex) {

    /** The seed's values: 1000 digits from index 0. */
    public static final RibbonConfig DEFAULT = new RibbonConfig(1000, 0);

    public RibbonConfig {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1 digit, got " + length);
        }
        if (startIndex < 0) {
            throw new IllegalArgumentException("startIndex must be >= 0, got " + startIndex);
        }
    }

    /** The defaults. */
    public static RibbonConfig defaults() {
        return DEFAULT;
    }

    public RibbonConfig withLength(int n) {
        return new RibbonConfig(n, startIndex);
    }

    public RibbonConfig withStartIndex(int i) {
        return new RibbonConfig(length, i);
    }
}
