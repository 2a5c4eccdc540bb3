package io.github.mlplatform.viz.image;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Conversions from the inputs the pictures accept (ND4J {@link INDArray}, flat {@code float[]} /
 * {@code double[]}, {@code double[][]}) to row-major {@code double[][]}, with checks that name the
 * argument and the expected shape.
 */
public final class Arrays2D {

    private Arrays2D() {
    }

    /** A rank-2 INDArray (any order, any data type) as {@code double[rows][cols]}. */
    public static double[][] of(INDArray a, String argName) {
        if (a == null) {
            throw new IllegalArgumentException(argName + ": expected a matrix, got null");
        }
        if (a.rank() == 1) {
            return new double[][] {a.toDoubleVector()};
        }
        if (a.rank() != 2) {
            throw new IllegalArgumentException(argName + ": expected a rank-2 array (rows x cols), got shape "
                    + Arrays.toString(a.shape()));
        }
        return a.toDoubleMatrix();
    }

    /** A rank-1 INDArray (or a 1 x n / n x 1 matrix) as {@code double[]}. */
    public static double[] vector(INDArray a, String argName) {
        if (a == null) {
            throw new IllegalArgumentException(argName + ": expected a vector, got null");
        }
        if (a.rank() > 2 || (a.rank() == 2 && a.rows() != 1 && a.columns() != 1)) {
            throw new IllegalArgumentException(argName + ": expected a vector, got shape " + Arrays.toString(a.shape()));
        }
        return a.reshape(a.length()).toDoubleVector();
    }

    /** A flat row-major {@code float[]} of {@code rows * cols} values as a matrix. */
    public static double[][] of(float[] flat, int rows, int cols, String argName) {
        checkLength(flat == null ? -1 : flat.length, rows, cols, argName);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = flat[r * cols + c];
            }
        }
        return m;
    }

    /** A flat row-major {@code double[]} of {@code rows * cols} values as a matrix. */
    public static double[][] of(double[] flat, int rows, int cols, String argName) {
        checkLength(flat == null ? -1 : flat.length, rows, cols, argName);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }

    /** {@code float[][]} to {@code double[][]}. */
    public static double[][] of(float[][] m, String argName) {
        if (m == null) {
            throw new IllegalArgumentException(argName + ": expected a matrix, got null");
        }
        double[][] d = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            d[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                d[i][j] = m[i][j];
            }
        }
        return requireRectangular(d, argName);
    }

    /** Checks that {@code m} is non-empty and rectangular; returns it. */
    public static double[][] requireRectangular(double[][] m, String argName) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(argName + ": expected a non-empty matrix");
        }
        int cols = m[0] == null ? -1 : m[0].length;
        if (cols <= 0) {
            throw new IllegalArgumentException(argName + ": expected rows with at least one value");
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new IllegalArgumentException(argName + ": expected every row to have " + cols
                        + " values, row " + i + " has " + (m[i] == null ? "none (null)" : m[i].length));
            }
        }
        return m;
    }

    /** {min, max} over the finite values of {@code m} ({0, 0} when there are none). */
    public static double[] finiteRange(double[][] m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }

    /** {min, max} over the finite values of {@code v} ({0, 0} when there are none). */
    public static double[] finiteRange(double[] v) {
        return finiteRange(new double[][] {v});
    }

    private static void checkLength(int length, int rows, int cols, String argName) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(argName + ": expected positive rows and cols, got " + rows + " x " + cols);
        }
        if (length != (long) rows * cols) {
            throw new IllegalArgumentException(argName + ": expected " + rows + " x " + cols + " = " + (long) rows * cols
                    + " values, got " + (length < 0 ? "null" : Integer.toString(length)));
        }
    }
}
