package io.github.mlplatform.experiments.topology;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The analysis on matrices whose answers are known. */
class TopologyAnalysisTest {

    static final int SIDE = 6;
    static final int N = SIDE * SIDE;

    /** Links of weight 1 to the 4 pixels one step away, 0.5 to the 4 diagonal ones, −0.25 two steps straight. */
    static double[][] grid() {
        double[][] w = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double d = TopologyAnalysis.distance(i, j, SIDE);
                w[i][j] = Math.abs(d - 1) < 1e-9 ? 1 : Math.abs(d - Math.sqrt(2)) < 1e-9 ? 0.5 : Math.abs(d - 2) < 1e-9 ? -0.25 : 0;
            }
        }
        return w;
    }

    static int[] all() {
        int[] a = new int[N];
        for (int i = 0; i < N; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void gridLinksAreAllNeighboursAndRandomLinksAreCountedExactly() {
        double[][] s = TopologyAnalysis.symmetric(grid());
        double[][] shares = TopologyAnalysis.neighbourShares(s, all(), 3, SIDE, Math.sqrt(2), 2);
        // every pixel, corners included, has at least 3 neighbours within √2, and they are its strongest links
        assertThat(shares[0][0]).isEqualTo(1.0);
        assertThat(shares[1][0]).isEqualTo(1.0);
        // random expectation: mean over pixels of (neighbours within √2) / 35
        double expected = 0;
        for (int i = 0; i < N; i++) {
            int near = 0;
            for (int j = 0; j < N; j++) {
                near += i != j && TopologyAnalysis.distance(i, j, SIDE) <= Math.sqrt(2) + 1e-9 ? 1 : 0;
            }
            expected += near / 35.0 / N;
        }
        assertThat(shares[0][1]).isCloseTo(expected, within(1e-12));
    }

    @Test
    void offsetProfileAndUnpermuteRecoverTheGrid() {
        double[][] w = grid();
        double[][] p = TopologyAnalysis.offsetProfile(TopologyAnalysis.symmetric(w), all(), 2, SIDE);
        assertThat(p[2][2]).isZero();
        assertThat(p[3][2]).isEqualTo(1.0);
        assertThat(p[2][4]).isEqualTo(-0.25);
        assertThat(p[3][3]).isEqualTo(0.5);
        assertThat(p[0][1]).isZero();

        int[] perm = TopologyExperiment.permutation(N, true, 7);
        double[][] permuted = new double[N][N];
        for (int k = 0; k < N; k++) {
            for (int l = 0; l < N; l++) {
                permuted[k][l] = w[perm[k]][perm[l]]; // what a layer trained on x[:, perm] holds
            }
        }
        assertThat(TopologyExperiment.unpermute(permuted, perm)).isDeepEqualTo(w);
    }

    @Test
    void leastSquaresIsEachPixelsRegressionOnTheOthers() {
        Random r = new Random(3);
        int n = 5;
        int rows = 200;
        double[][] x = new double[rows][n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian() + (j > 0 ? 0.8 * row[j - 1] : 0);
            }
        }
        double[][] gram = new double[n][n];
        for (double[] row : x) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        double[][] w = TopologyAnalysis.leastSquares(gram, new int[]{0, 1, 2, 3, 4});
        // normal equations of output 2 on inputs {0, 1, 3, 4}: Σ_rows (x2 − Σ_j w_j2 x_j) x_k = 0
        for (int k : new int[]{0, 1, 3, 4}) {
            double residual = 0;
            for (double[] row : x) {
                double pred = 0;
                for (int j = 0; j < n; j++) {
                    pred += row[j] * w[j][2];
                }
                residual += (row[2] - pred) * row[k];
            }
            assertThat(residual).as("normal equation %d", k).isCloseTo(0, within(1e-6));
        }
        assertThat(w[2][2]).isZero();
    }
}
