package io.github.mlplatform.regression.closedform;

import java.util.ArrayList;
import java.util.List;

/** Checks and helpers for design matrices (rows may be empty for intercept-only models). */
final class Design {

    private Design() {
    }

    /** Validates an {@code n × p} design ({@code p >= 0}) and returns p. */
    static int check(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("design: expected at least one row, got " + (x == null ? "null" : "none"));
        }
        int p = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException("design[" + i + "]: expected a row, got null");
            }
            if (p < 0) {
                p = x[i].length;
            } else if (x[i].length != p) {
                throw new IllegalArgumentException("design: expected rows of equal length " + p + ", row " + i + " has " + x[i].length);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("design[" + i + "][" + j + "]: expected a finite number, got " + x[i][j]);
                }
            }
        }
        return p;
    }

    /** Rows {@code [1, x_i…]}. */
    static double[][] withOnes(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length + 1];
            out[i][0] = 1;
            System.arraycopy(x[i], 0, out[i], 1, x[i].length);
        }
        return out;
    }

    /** The given names, or x0, x1, … when null; checked against p. */
    static List<String> names(List<String> names, int p) {
        if (names == null) {
            List<String> out = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                out.add(p == 1 ? "x" : "x" + j);
            }
            return out;
        }
        if (names.size() != p) {
            throw new IllegalArgumentException("featureNames: expected " + p + " names (one per column of the design), got " + names.size());
        }
        return List.copyOf(names);
    }

    /** {@code log(1 + e^z)} without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** {@code 1 / (1 + e^{−z})} without overflow. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
