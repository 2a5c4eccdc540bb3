package io.github.mlplatform.experiments.topology;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a 784 × 784 weight matrix says about the pixel grid. Matrices are {@code [in][out]} in the
 * images' own pixel order (row-major, {@code side × side}); links are the symmetrised weights
 * {@code s_ij = (w_ij + w_ji)/2}, i ≠ j, between <em>active</em> pixels (non-zero in at least
 * {@link #ACTIVE_SHARE} of the training images: a pixel that is always 0 carries no information and
 * its weights keep their random initial values).
 */
public final class TopologyAnalysis {

    /** A pixel takes part in the analysis when it is non-zero in at least this share of the training images. */
    public static final double ACTIVE_SHARE = 0.01;

    private TopologyAnalysis() {
    }

    /** The share of images in which each pixel is non-zero ({@code x} is {@code [N, pixels]}). */
    public static double[] nonZeroShare(INDArray x) {
        INDArray nz = x.neq(0.0).castTo(DataType.DOUBLE).mean(0);
        return nz.toDoubleVector();
    }

    /** The indices of the pixels with a non-zero share of at least {@link #ACTIVE_SHARE}. */
    public static int[] active(double[] nonZeroShare) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < nonZeroShare.length; i++) {
            if (nonZeroShare[i] >= ACTIVE_SHARE) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code (w + wᵀ)/2} with a zero diagonal. */
    public static double[][] symmetric(double[][] w) {
        int n = w.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = i == j ? 0 : (w[i][j] + w[j][i]) / 2;
            }
        }
        return s;
    }

    /** Euclidean distance between pixels {@code a} and {@code b} of a {@code side × side} image. */
    public static double distance(int a, int b, int side) {
        int dy = a / side - b / side;
        int dx = a % side - b % side;
        return Math.sqrt(dy * dy + dx * dx);
    }

    /**
     * For each active pixel, the share of its {@code k} strongest links (largest s, to other
     * active pixels) that go to a grid neighbour, averaged over the active pixels; and the same
     * share expected for {@code k} links drawn at random among the other active pixels.
     *
     * @param within grid distances ({@code √2}: the 8 surrounding pixels; 2: those and the 4 at two steps straight)
     * @return per distance: {@code {trained share, random expectation}}
     */
    public static double[][] neighbourShares(double[][] s, int[] active, int k, int side, double... within) {
        int m = active.length;
        if (m < k + 1) {
            throw new IllegalArgumentException("only " + m + " active pixels: too few for " + k + " links each");
        }
        double[][] out = new double[within.length][2];
        Integer[] order = new Integer[m - 1];
        for (int a = 0; a < m; a++) {
            int i = active[a];
            int c = 0;
            for (int b = 0; b < m; b++) {
                if (b != a) {
                    order[c++] = active[b];
                }
            }
            Arrays.sort(order, (p, q) -> Double.compare(s[i][q], s[i][p]));
            for (int d = 0; d < within.length; d++) {
                int hits = 0;
                for (int t = 0; t < k; t++) {
                    if (distance(i, order[t], side) <= within[d] + 1e-9) {
                        hits++;
                    }
                }
                int near = 0;
                for (int j : order) {
                    if (distance(i, j, side) <= within[d] + 1e-9) {
                        near++;
                    }
                }
                out[d][0] += (double) hits / k;
                out[d][1] += (double) near / (m - 1);
            }
        }
        for (double[] o : out) {
            o[0] /= m;
            o[1] /= m;
        }
        return out;
    }

    /**
     * The mean link {@code s_ij} over pairs of active pixels at offset (dy, dx) = position of j minus
     * position of i, for |dy|, |dx| ≤ radius: {@code [2·radius + 1][2·radius + 1]}, row = dy + radius,
     * column = dx + radius; the centre (a pixel with itself) is 0; NaN where no pair exists.
     */
    public static double[][] offsetProfile(double[][] s, int[] active, int radius, int side) {
        int w = 2 * radius + 1;
        double[][] sum = new double[w][w];
        int[][] count = new int[w][w];
        for (int i : active) {
            for (int j : active) {
                if (i == j) {
                    continue;
                }
                int dy = j / side - i / side;
                int dx = j % side - i % side;
                if (Math.abs(dy) <= radius && Math.abs(dx) <= radius) {
                    sum[dy + radius][dx + radius] += s[i][j];
                    count[dy + radius][dx + radius]++;
                }
            }
        }
        double[][] mean = new double[w][w];
        for (int a = 0; a < w; a++) {
            for (int b = 0; b < w; b++) {
                mean[a][b] = a == radius && b == radius ? 0 : count[a][b] == 0 ? Double.NaN : sum[a][b] / count[a][b];
            }
        }
        return mean;
    }

    /**
     * The exact optimum of the masked objective over the data whose second-moment matrix is
     * {@code gram = XᵀX}: for each active pixel i, the least-squares regression (no intercept, as the
     * layer has no bias) of x_i on the other active pixels, {@code w_ji = −Θ_ji / Θ_ii} with
     * {@code Θ = (G_AA + λI)⁻¹} (LU, double) and λ = 1e-9 of the mean diagonal (only against round-off). Weights
     * from and to inactive pixels are 0 (an inactive output is predicted as 0).
     */
    public static double[][] leastSquares(double[][] gram, int[] active) {
        int m = active.length;
        double mean = 0;
        for (int i : active) {
            mean += gram[i][i] / m;
        }
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                g[a][b] = gram[active[a]][active[b]];
            }
            g[a][a] += 1e-9 * mean;
        }
        double[][] t = new LUDecomposition(new Array2DRowRealMatrix(g, false)).getSolver().getInverse().getData();
        int n = gram.length;
        double[][] w = new double[n][n];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                if (a != b) {
                    w[active[b]][active[a]] = -t[b][a] / t[a][a];
                }
            }
        }
        return w;
    }

    /**
     * What the thresholded graph looks like: edges, pixels with at least one edge, the share of
     * edges that join grid neighbours (distance ≤ √2, ≤ 2) and the longest edge in grid units.
     */
    public static Map<String, Object> graphStats(double[][] s, double threshold, int side) {
        int n = s.length;
        int edges = 0;
        int near = 0;
        int near2 = 0;
        double longest = 0;
        boolean[] touched = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (s[i][j] > threshold) {
                    edges++;
                    double d = distance(i, j, side);
                    near += d <= Math.sqrt(2) + 1e-9 ? 1 : 0;
                    near2 += d <= 2 + 1e-9 ? 1 : 0;
                    longest = Math.max(longest, d);
                    touched[i] = true;
                    touched[j] = true;
                }
            }
        }
        int nodes = 0;
        for (boolean t : touched) {
            nodes += t ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("edges", edges);
        m.put("pixels_with_an_edge", nodes);
        m.put("edges_to_neighbours_within_sqrt2", edges == 0 ? 0.0 : (double) near / edges);
        m.put("edges_to_neighbours_within_2", edges == 0 ? 0.0 : (double) near2 / edges);
        m.put("longest_edge_in_pixels", longest);
        return m;
    }
}
