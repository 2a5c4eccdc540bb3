package io.github.mlplatform.viz.graph;

import io.github.mlplatform.viz.image.Arrays2D;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An undirected graph with weighted edges, as parallel arrays: edge e joins {@code from[e]} and
 * {@code to[e]} (from &lt; to) with weight {@code weight[e]}.
 *
 * <p>The topology experiment of the seeds thresholds the 784 x 784 weights of a linear layer that
 * learnt pixel correlations: nodes are pixels, an edge joins two pixels whose (symmetrised) weight
 * is large; the drawing then shows the data's own neighbourhood structure.
 *
 * @param nodes  number of nodes
 * @param from   first end of each edge
 * @param to     second end of each edge
 * @param weight weight of each edge
 */
public record WeightedGraph(int nodes, int[] from, int[] to, double[] weight) {

    /** Which weights become edges. */
    public enum Threshold {
        /** |w| &gt; threshold: strong positive and strong negative weights (drawn red / blue). */
        ABSOLUTE,
        /** w &gt; threshold: only strong positive weights. */
        POSITIVE
    }

    public WeightedGraph {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes: expected at least 1, got " + nodes);
        }
        if (from == null || to == null || weight == null || from.length != to.length || from.length != weight.length) {
            throw new IllegalArgumentException("edges: expected from, to and weight arrays of the same length");
        }
        for (int e = 0; e < from.length; e++) {
            if (from[e] < 0 || from[e] >= nodes || to[e] < 0 || to[e] >= nodes || from[e] == to[e]) {
                throw new IllegalArgumentException("edge " + e + ": expected two different nodes in 0.." + (nodes - 1)
                        + ", got " + from[e] + " - " + to[e]);
            }
        }
    }

    /** Number of edges. */
    public int edges() {
        return from.length;
    }

    /**
     * The graph of a square weight matrix: for every pair i &lt; j the symmetrised weight
     * {@code (w[i][j] + w[j][i]) / 2} becomes an edge when it passes the threshold (strictly
     * greater); the diagonal is ignored.
     */
    public static WeightedGraph fromMatrix(double[][] w, double threshold, Threshold mode) {
        Arrays2D.requireRectangular(w, "weights");
        int n = w.length;
        if (w[0].length != n) {
            throw new IllegalArgumentException("weights: expected a square matrix, got " + n + " x " + w[0].length);
        }
        if (!(threshold >= 0) && mode == Threshold.ABSOLUTE) {
            throw new IllegalArgumentException("threshold: expected >= 0 for ABSOLUTE mode, got " + threshold);
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (passes((w[i][j] + w[j][i]) / 2, threshold, mode)) {
                    count++;
                }
            }
        }
        int[] from = new int[count];
        int[] to = new int[count];
        double[] weight = new double[count];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = (w[i][j] + w[j][i]) / 2;
                if (passes(v, threshold, mode)) {
                    from[e] = i;
                    to[e] = j;
                    weight[e] = v;
                    e++;
                }
            }
        }
        return new WeightedGraph(n, from, to, weight);
    }

    /** {@link #fromMatrix(double[][], double, Threshold)} for a square INDArray. */
    public static WeightedGraph fromMatrix(INDArray w, double threshold, Threshold mode) {
        return fromMatrix(Arrays2D.of(w, "weights"), threshold, mode);
    }

    private static boolean passes(double v, double threshold, Threshold mode) {
        return mode == Threshold.ABSOLUTE ? Math.abs(v) > threshold : v > threshold;
    }

    /** The largest |weight| (0 without edges). */
    public double maxAbsWeight() {
        double m = 0;
        for (double v : weight) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
