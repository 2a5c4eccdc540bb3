package io.github.mlplatform.invariance;

import java.util.Arrays;

/**
 * A small row-major matrix of doubles, the exchange format of layer weights and analysis results
 * (independent of the implementation and backend that produced them).
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param data row-major values, {@code data[i * cols + j]}
 */
public record DenseMatrix(int rows, int cols, double[] data) {

    public DenseMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("DenseMatrix: expected non-negative shape, got " + rows + "x" + cols);
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("DenseMatrix: data has " + data.length + " values, expected "
                    + rows + "x" + cols + " = " + (long) rows * cols);
        }
    }

    public static DenseMatrix zeros(int rows, int cols) {
        return new DenseMatrix(rows, cols, new double[rows * cols]);
    }

    public static DenseMatrix ofRows(double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("DenseMatrix.ofRows: row " + i + " has " + rows[i].length + " values, expected " + c);
            }
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return new DenseMatrix(r, c, d);
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    /** A copy of row {@code i}. */
    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** A copy of column {@code j}. */
    public double[] column(int j) {
        double[] c = new double[rows];
        for (int i = 0; i < rows; i++) {
            c[i] = data[i * cols + j];
        }
        return c;
    }

    /** Row-major values as floats (e.g. for drawing). */
    public float[] toFloatArray() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** Smallest value (NaN if any value is NaN). */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : data) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest value (NaN if any value is NaN). */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    /** Largest |a - b| / max(|a|, |b|, floor) over all entries; the shapes must match. */
    public double maxRelativeDifference(DenseMatrix other, double floor) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("maxRelativeDifference: shapes differ, " + rows + "x" + cols
                    + " vs " + other.rows + "x" + other.cols);
        }
        double worst = 0;
        for (int i = 0; i < data.length; i++) {
            double a = data[i];
            double b = other.data[i];
            double d = Math.abs(a - b) / Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DenseMatrix[" + rows + "x" + cols + "]";
    }
}
