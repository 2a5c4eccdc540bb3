package io.github.mlplatform.viz.tsne;

/**
 * Exact rescaling of point sets by a power of two, so that squared distances neither overflow
 * (coordinates near 1e200 in double) nor underflow (near 1e-200): t-SNE, PCA directions and the
 * neighbour-based quality measures do not depend on the scale of the input, and multiplying by
 * {@code 2^e} changes no bit of the mantissas, so a rescaled input gives the very same result.
 */
final class Scale {

    private Scale() {
    }

    /**
     * The exponent {@code e} with {@code max |x| / 2^e} in [1, 2) (0 when x is all zero).
     *
     * @throws IllegalArgumentException when a value is NaN or infinite (named by row and column)
     */
    static int exponent(double[][] x, String argName) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            for (int j = 0; j < row.length; j++) {
                double v = row[j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(argName + ": expected finite values, row " + i + " column " + j
                            + " is " + v);
                }
                max = Math.max(max, Math.abs(v));
            }
        }
        return max == 0 ? 0 : Math.getExponent(max);
    }

    /** {@code x / 2^e} as a new array, or {@code x} itself when {@code e == 0}. */
    static double[][] divide(double[][] x, int e) {
        if (e == 0) {
            return x;
        }
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] r = x[i];
            double[] o = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                o[j] = Math.scalb(r[j], -e);
            }
            out[i] = o;
        }
        return out;
    }

    /** {@code x} rescaled so that its largest absolute value lies in [1, 2). */
    static double[][] normalised(double[][] x, String argName) {
        return divide(x, exponent(x, argName));
    }
}
