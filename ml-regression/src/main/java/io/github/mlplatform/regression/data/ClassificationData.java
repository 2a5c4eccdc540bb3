package io.github.mlplatform.regression.data;

import java.util.Arrays;

/**
 * Observations {@code x[i]} with class labels {@code labels[i] ∈ {0, …, classes−1}}: the data of
 * logistic ({@code classes = 2}) and softmax regression. Immutable (arrays are copied in and out).
 *
 * @param x       observations, {@code n × p}, rectangular and finite
 * @param labels  class of each observation
 * @param classes number of classes, at least 2
 */
public record ClassificationData(double[][] x, int[] labels, int classes) {

    public ClassificationData {
        Checks.matrix("x", x);
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        if (labels == null || labels.length != x.length) {
            throw new IllegalArgumentException("labels: expected " + x.length + " labels (one per row of x), got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in 0.." + (classes - 1) + ", got " + labels[i]);
            }
        }
        x = Checks.copy(x);
        labels = labels.clone();
    }

    /** One-dimensional observations. */
    public static ClassificationData of1d(double[] x, int[] labels, int classes) {
        if (x == null) {
            throw new IllegalArgumentException("x: expected an array, got null");
        }
        return new ClassificationData(Checks.column(x), labels, classes);
    }

    @Override
    public double[][] x() {
        return Checks.copy(x);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int size() {
        return labels.length;
    }

    public int dimension() {
        return x[0].length;
    }

    /** Column {@code j} of the observations. */
    public double[] column(int j) {
        return Checks.columnOf(x, j);
    }

    /** How many observations each class has. */
    public int[] classCounts() {
        int[] c = new int[classes];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationData r && classes == r.classes && Arrays.deepEquals(x, r.x) && Arrays.equals(labels, r.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(x) + Arrays.hashCode(labels)) + classes;
    }

    @Override
    public String toString() {
        return "ClassificationData(n=" + size() + ", p=" + dimension() + ", classes=" + classes + ")";
    }
}
