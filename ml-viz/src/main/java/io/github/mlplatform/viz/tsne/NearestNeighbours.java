package io.github.mlplatform.viz.tsne;

import io.github.mlplatform.viz.image.Arrays2D;

/**
 * Exact k nearest neighbours (Euclidean) of every point among the others, and the leave-one-out
 * k-nearest-neighbour classification accuracy they give (or, with {@link #classify}, the labels a
 * separate set of labelled references gives new points): how well a space (raw data, a learned
 * code, a t-SNE map) keeps labelled groups apart. The search is the one t-SNE uses for its
 * affinities ({@code Affinities.knn}: candidates screened with float dot products in blocks, every
 * candidate that passes re-measured in double, so the result is exact; ties to the lower index),
 * spread over threads; 10,000 points of 784 dimensions take a few seconds per core.
 *
 * <pre>{@code
 * double[] acc = NearestNeighbours.looAccuracy(codes, labels, 0, 1, 5);   // k = 1 and k = 5
 * }</pre>
 */
public final class NearestNeighbours {

    private NearestNeighbours() {
    }

    /**
     * The {@code k} nearest other points of each row of {@code x}, nearest first (ties to the lower
     * index). The scale of x does not matter (it is first divided by a power of two).
     *
     * @param threads worker threads; 0 = all available processors
     * @throws IllegalArgumentException when x is empty, not rectangular or has a NaN or infinite value,
     *                                  or k is not in 1..n-1
     */
    public static int[][] of(double[][] x, int k, int threads) {
        Arrays2D.requireRectangular(x, "x");
        int n = x.length;
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k: expected 1.." + (n - 1) + " for " + n + " points, got " + k);
        }
        double[][] scaled = Scale.normalised(x, "x");
        try (Workers workers = new Workers(threads)) {
            return Affinities.knn(scaled, k, workers).index();
        }
    }

    /**
     * Leave-one-out kNN accuracy for each k of {@code ks}: the share of points whose label is the
     * majority label of their k nearest other points. A tie between labels goes to the label of the
     * nearest point among the tied labels (so k = 1 is the plain nearest-neighbour rule, and k = 2
     * always agrees with k = 1).
     *
     * @param neighbours as from {@link #of}: at least {@code max(ks)} neighbours per point, nearest first
     * @param labels     one label {@code >= 0} per point
     * @throws IllegalArgumentException when the sizes do not fit, a label is negative or a k is out of range
     */
    public static double[] looAccuracy(int[][] neighbours, int[] labels, int... ks) {
        if (neighbours == null || labels == null || neighbours.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("neighbours, labels: expected one row of neighbours per label, got "
                    + (neighbours == null ? "null" : neighbours.length) + " and " + (labels == null ? "null" : labels.length));
        }
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels: expected labels >= 0, label " + i + " is " + labels[i]);
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        double[] out = new double[ks.length];
        int[] votes = new int[classes];
        for (int q = 0; q < ks.length; q++) {
            int k = ks[q];
            long correct = 0;
            for (int i = 0; i < labels.length; i++) {
                int[] nb = neighbours[i];
                if (k < 1 || k > nb.length) {
                    throw new IllegalArgumentException("ks: expected 1.." + nb.length + " (the neighbours given per point), got " + k);
                }
                if (vote(nb, labels, k, votes) == labels[i]) {
                    correct++;
                }
            }
            out[q] = (double) correct / labels.length;
        }
        return out;
    }

    /**
     * {@link #looAccuracy(int[][], int[], int...)} of the points {@code x}: the neighbours are
     * searched once, for the largest k.
     *
     * @param threads worker threads; 0 = all available processors
     */
    public static double[] looAccuracy(double[][] x, int[] labels, int threads, int... ks) {
        if (labels == null || x == null || labels.length != x.length) {
            throw new IllegalArgumentException("labels: expected " + (x == null ? "one per point" : x.length + " (one per point)")
                    + ", got " + (labels == null ? "null" : labels.length));
        }
        int kMax = 0;
        for (int k : ks) {
            kMax = Math.max(kMax, k);
        }
        return looAccuracy(of(x, kMax, threads), labels, ks);
    }

    /**
     * The majority label of the first {@code k} of {@code nb} (nearest first); a tie between labels
     * goes to the label that occurs first in distance order. {@code votes} is scratch space, one
     * entry per label.
     */
    private static int vote(int[] nb, int[] labels, int k, int[] votes) {
        java.util.Arrays.fill(votes, 0);
        int best = -1;
        for (int t = 0; t < k; t++) {
            votes[labels[nb[t]]]++;
        }
        for (int t = 0; t < k; t++) {
            int l = labels[nb[t]];
            if (best < 0 || votes[l] > votes[best]) {
                best = l;
            }
        }
        return best;
    }

    /**
     * k-nearest-neighbour classification of {@code queries} against a separate labelled set of
     * {@code references} (Euclidean, exact, in double): the label of each query is the majority label
     * of its k nearest references, a tie going to the label met first in distance order and equal
     * distances to the lower reference index (the rules of {@link #looAccuracy}). Costs
     * {@code queries × references × dimensions} multiply-adds on one thread (10,000 × 100 × 784:
     * about a second).
     *
     * @param references       {@code [r][d]}
     * @param referenceLabels  one label {@code >= 0} per reference
     * @param queries          {@code [q][d]}, same d
     * @param k                1..r
     * @return the predicted label of each query
     * @throws IllegalArgumentException when an array is empty or not rectangular, d differs, the labels
     *                                  do not fit or k is out of range (the message names the argument)
     */
    public static int[] classify(double[][] references, int[] referenceLabels, double[][] queries, int k) {
        Arrays2D.requireRectangular(references, "references");
        Arrays2D.requireRectangular(queries, "queries");
        int r = references.length;
        int d = references[0].length;
        if (queries[0].length != d) {
            throw new IllegalArgumentException("queries: expected " + d + " values per row (as the references), got " + queries[0].length);
        }
        if (referenceLabels == null || referenceLabels.length != r) {
            throw new IllegalArgumentException("referenceLabels: expected " + r + " (one per reference), got "
                    + (referenceLabels == null ? "null" : referenceLabels.length));
        }
        int classes = 0;
        for (int i = 0; i < r; i++) {
            if (referenceLabels[i] < 0) {
                throw new IllegalArgumentException("referenceLabels: expected labels >= 0, label " + i + " is " + referenceLabels[i]);
            }
            classes = Math.max(classes, referenceLabels[i] + 1);
        }
        if (k < 1 || k > r) {
            throw new IllegalArgumentException("k: expected 1.." + r + " (the number of references), got " + k);
        }
        int[] out = new int[queries.length];
        int[] votes = new int[classes];
        double[] dist = new double[r];
        Integer[] order = new Integer[r];
        for (int q = 0; q < queries.length; q++) {
            double[] x = queries[q];
            for (int j = 0; j < r; j++) {
                double[] y = references[j];
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double diff = x[t] - y[t];
                    s += diff * diff;
                }
                dist[j] = s;
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
            int[] nb = new int[k];
            for (int t = 0; t < k; t++) {
                nb[t] = order[t];
            }
            out[q] = vote(nb, referenceLabels, k, votes);
        }
        return out;
    }
}
