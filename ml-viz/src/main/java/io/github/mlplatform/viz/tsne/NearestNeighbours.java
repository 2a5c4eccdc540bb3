package io.github.mlplatform.viz.tsne;

import io.github.mlplatform.viz.image.Arrays2D;

/**
 * Exact k nearest neighbours (Euclidean) of every point among the others, and the leave-one-out
 * k-nearest-neighbour classification accuracy they give: how well a space (raw data, a learned
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
                java.util.Arrays.fill(votes, 0);
                int best = -1;
                for (int t = 0; t < k; t++) {
                    votes[labels[nb[t]]]++;
                }
                // the winner: most votes; among equals, the label that occurs first in distance order
                for (int t = 0; t < k; t++) {
                    int l = labels[nb[t]];
                    if (best < 0 || votes[l] > votes[best]) {
                        best = l;
                    }
                }
                if (best == labels[i]) {
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
}
