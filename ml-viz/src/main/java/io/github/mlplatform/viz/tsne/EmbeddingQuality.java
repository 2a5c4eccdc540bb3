package io.github.mlplatform.viz.tsne;

/**
 * Numbers that say whether an embedding keeps labelled groups apart or neighbourhoods intact
 * (used to validate t-SNE). They do not depend on the scale of the points: coordinates near 1e200
 * or 1e-200 are rescaled exactly (by a power of two) before distances are squared.
 */
public final class EmbeddingQuality {

    private EmbeddingQuality() {
    }

    /**
     * Leave-one-out 1-nearest-neighbour accuracy: the fraction of points whose nearest other point
     * (Euclidean, ties to the lower index) has the same label.
     */
    public static double oneNearestNeighbourAccuracy(double[][] points, int[] labels) {
        check(points, labels);
        points = Scale.normalised(points, "points");
        int n = points.length;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int t = 0; t < points[i].length; t++) {
                    double v = points[i][t] - points[j][t];
                    s += v * v;
                }
                if (s < best) {
                    best = s;
                    arg = j;
                }
            }
            if (arg >= 0 && labels[arg] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    /**
     * kNN preservation: the mean, over the points, of the fraction of a point's {@code k} nearest
     * neighbours in {@code high} (the input) that are also among its {@code k} nearest neighbours in
     * {@code low} (the embedding); Euclidean, ties to the lower index. 1 when every neighbourhood is
     * kept; about {@code k / (n - 1)} for a random embedding.
     */
    public static double neighbourPreservation(double[][] high, double[][] low, int k) {
        if (high == null || low == null || high.length != low.length || high.length < 2) {
            throw new IllegalArgumentException("high, low: expected the same number (>= 2) of points, got "
                    + (high == null ? "null" : high.length) + " and " + (low == null ? "null" : low.length));
        }
        int n = high.length;
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k: expected 1.." + (n - 1) + ", got " + k);
        }
        double[][] a = Scale.normalised(high, "high");
        double[][] b = Scale.normalised(low, "low");
        long kept = 0;
        for (int i = 0; i < n; i++) {
            int[] na = nearest(a, i, k);
            int[] nb = nearest(b, i, k);
            java.util.Arrays.sort(nb);
            for (int j : na) {
                if (java.util.Arrays.binarySearch(nb, j) >= 0) {
                    kept++;
                }
            }
        }
        return (double) kept / ((long) n * k);
    }

    /** The k nearest other points of point i (ties to the lower index). */
    private static int[] nearest(double[][] p, int i, int k) {
        int n = p.length;
        Integer[] order = new Integer[n - 1];
        double[] d = new double[n];
        for (int j = 0, t = 0; j < n; j++) {
            d[j] = squaredDistance(p[i], p[j]);
            if (j != i) {
                order[t++] = j;
            }
        }
        java.util.Arrays.sort(order, (x, y) -> d[x] != d[y] ? Double.compare(d[x], d[y]) : Integer.compare(x, y));
        int[] out = new int[k];
        for (int t = 0; t < k; t++) {
            out[t] = order[t];
        }
        return out;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double v = a[t] - b[t];
            s += v * v;
        }
        return s;
    }

    /**
     * Mean distance between the centroids of different labels divided by the mean distance of a
     * point to its own label's centroid. Large (say &gt; 3) when groups are compact and apart.
     */
    public static double separationRatio(double[][] points, int[] labels) {
        check(points, labels);
        points = Scale.normalised(points, "points");
        int classes = 0;
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        int dim = points[0].length;
        double[][] centroid = new double[classes][dim];
        int[] count = new int[classes];
        for (int i = 0; i < points.length; i++) {
            count[labels[i]]++;
            for (int t = 0; t < dim; t++) {
                centroid[labels[i]][t] += points[i][t];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int t = 0; t < dim; t++) {
                centroid[c][t] /= Math.max(1, count[c]);
            }
        }
        double spread = 0;
        for (int i = 0; i < points.length; i++) {
            spread += distance(points[i], centroid[labels[i]]);
        }
        spread /= points.length;
        double between = 0;
        int pairs = 0;
        for (int a = 0; a < classes; a++) {
            for (int b = a + 1; b < classes; b++) {
                if (count[a] > 0 && count[b] > 0) {
                    between += distance(centroid[a], centroid[b]);
                    pairs++;
                }
            }
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("labels: expected at least two different labels");
        }
        return (between / pairs) / spread;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double v = a[t] - b[t];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static void check(double[][] points, int[] labels) {
        if (points == null || points.length < 2) {
            throw new IllegalArgumentException("points: expected at least 2 points");
        }
        if (labels == null || labels.length != points.length) {
            throw new IllegalArgumentException("labels: expected " + points.length + " labels, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels: expected labels >= 0, label " + i + " is " + labels[i]);
            }
        }
    }
}
