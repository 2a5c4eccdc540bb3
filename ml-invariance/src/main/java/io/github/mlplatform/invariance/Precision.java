package io.github.mlplatform.invariance;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Floating-point precision of a layer's weights. DOUBLE is what the seed computed in (NumPy/CuPy
 * float64) and makes two implementations agree to rounding error step by step (float32 rounding can
 * flip a near-tied winner and let trajectories part). On the CPU build machine FLOAT measured no
 * faster than DOUBLE for either implementation (see the module README); FLOAT halves the memory and
 * is the usual choice on GPUs.
 */
public enum Precision {
    FLOAT(DataType.FLOAT),
    DOUBLE(DataType.DOUBLE);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The ND4J data type of this precision. */
    public DataType dataType() {
        return dataType;
    }

    /** Parses "float"/"float32"/"double"/"float64" (case-insensitive); {@code what} names the option in errors. */
    public static Precision parse(String s, String what) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float", "float32", "f32" -> {
                return FLOAT;
            }
            case "double", "float64", "f64" -> {
                return DOUBLE;
            }
            default -> throw new IllegalArgumentException(what + ": expected float or double, got '" + s + "'");
        }
    }
}
