package io.github.mlplatform.regression.data;

/** Argument checks shared by the module; every message names the argument and what was expected. */
public final class Checks {

    private Checks() {
    }

    /** A non-empty, rectangular matrix of finite numbers with at least one column. */
    public static void matrix(String name, double[][] m) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one row, got " + (m == null ? "null" : "none"));
        }
        int p = -1;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected a row, got null");
            }
            if (p < 0) {
                p = m[i].length;
                if (p == 0) {
                    throw new IllegalArgumentException(name + ": expected at least one column, row 0 is empty");
                }
            } else if (m[i].length != p) {
                throw new IllegalArgumentException(name + ": expected rows of equal length " + p + ", row " + i + " has " + m[i].length);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "]: expected a finite number, got " + m[i][j]);
                }
            }
        }
    }

    /** A non-empty array of finite numbers. */
    public static void finite(String name, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one value, got " + (v == null ? "null" : "none"));
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected a finite number, got " + v[i]);
            }
        }
    }

    /** Two arrays of the same length. */
    public static void sameLength(String a, int na, String b, int nb) {
        if (na != nb) {
            throw new IllegalArgumentException(b + ": expected " + na + " values (as many as " + a + "), got " + nb);
        }
    }

    public static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    /** {@code x} as an {@code n × 1} matrix. */
    public static double[][] column(double[] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[] {x[i]};
        }
        return out;
    }

    /** Column {@code j} of {@code m}. */
    public static double[] columnOf(double[][] m, int j) {
        if (j < 0 || j >= m[0].length) {
            throw new IllegalArgumentException("column: expected 0.." + (m[0].length - 1) + ", got " + j);
        }
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][j];
        }
        return out;
    }
}
