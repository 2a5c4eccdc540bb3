package io.github.mlplatform.regression.data;

import java.util.Arrays;

/**
 * Observations {@code x[i]} (each a vector of {@code p} values) with real targets {@code y[i]}:
 * the data of linear regression. Immutable (arrays are copied in and out).
 *
 * @param x observations, {@code n × p}, rectangular and finite
 * @param y targets, length {@code n}, finite
 */
public record RegressionData(double[][] x, double[] y) {

    public RegressionData {
        Checks.matrix("x", x);
        Checks.finite("y", y);
        if (y.length != x.length) {
            throw new IllegalArgumentException("y: expected " + x.length + " targets (one per row of x), got " + y.length);
        }
        x = Checks.copy(x);
        y = y.clone();
    }

    /** One-dimensional observations {@code x[i]} with targets {@code y[i]}. */
    public static RegressionData of1d(double[] x, double[] y) {
        if (x == null) {
            throw new IllegalArgumentException("x: expected an array, got null");
        }
        return new RegressionData(Checks.column(x), y);
    }

    @Override
    public double[][] x() {
        return Checks.copy(x);
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** Number of observations. */
    public int size() {
        return y.length;
    }

    /** Number of values per observation. */
    public int dimension() {
        return x[0].length;
    }

    /** Column {@code j} of the observations (e.g. the seed's 1-D {@code x} for {@code j = 0}). */
    public double[] column(int j) {
        return Checks.columnOf(x, j);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressionData r && Arrays.deepEquals(x, r.x) && Arrays.equals(y, r.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "RegressionData(n=" + size() + ", p=" + dimension() + ")";
    }
}
