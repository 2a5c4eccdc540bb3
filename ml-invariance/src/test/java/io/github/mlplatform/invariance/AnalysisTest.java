package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Analysis numbers on hand-checkable cases. */
class AnalysisTest {

    @Test
    void slownessOfClosedFormSignals() {
        // alternating +-1: variance 1, every difference squared 4
        assertThat(Slowness.of(new double[][] {{1}, {-1}, {1}, {-1}})).isCloseTo(4.0, within(1e-12));
        // ramp 0..T-1: variance (T^2 - 1) / 12, differences 1 -> 12 / (T^2 - 1); T = 5 -> 0.5
        assertThat(Slowness.of(new double[][] {{0}, {1}, {2}, {3}, {4}})).isCloseTo(0.5, within(1e-12));
        // a constant channel is left out; the mean is over the channels that vary
        Slowness s = new Slowness(3);
        double[][] y = {{1, 0, 7}, {-1, 1, 7}, {1, 2, 7}, {-1, 3, 7}};
        for (double[] row : y) {
            s.add(row);
        }
        assertThat(s.activeChannels()).isEqualTo(2);
        // channel 0: 4; channel 1: ramp with T = 4 -> 12 / 15 = 0.8
        assertThat(s.value()).isCloseTo((4.0 + 0.8) / 2, within(1e-12));
        // scale and offset do not matter (unit variance)
        assertThat(Slowness.of(new double[][] {{10}, {13}, {16}, {19}, {22}})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void prototypesAffinityGroupsStrengthAndCoverage() {
        DenseMatrix u = DenseMatrix.ofRows(new double[][] {{1, 2}});
        DenseMatrix w = DenseMatrix.ofRows(new double[][] {{1, 0, 2}, {0, 1, 1}});
        assertThat(InvarianceAnalysis.prototypes(u, w).data()).containsExactly(1, 2, 4);
        double n = Math.sqrt(1 + 4 + 16);
        assertThat(InvarianceAnalysis.normalisedPrototypes(u, w).data()).containsExactly(
                new double[] {1 / n, 2 / n, 4 / n}, within(1e-15));

        // ascending by weight, strongest last; equal weights: the larger index ranks higher
        DenseMatrix groupsU = DenseMatrix.ofRows(new double[][] {{0.1, 0.5, 0.3, 0.5}, {0.9, 0.0, 0.2, 0.4}});
        int[][] g = InvarianceAnalysis.affinityGroups(groupsU, 2);
        assertThat(g[0]).containsExactly(1, 3);
        assertThat(g[1]).containsExactly(3, 0);
        DenseMatrix tiles = InvarianceAnalysis.affinityGroupPrototypes(groupsU,
                DenseMatrix.ofRows(new double[][] {{0}, {1}, {2}, {3}}), 2);
        assertThat(tiles.data()).containsExactly(1, 3, 3, 0);

        double[] strength = InvarianceAnalysis.representationStrength(DenseMatrix.ofRows(new double[][] {{1, 2, 0}, {3, 4, 0}}));
        assertThat(strength).containsExactly(4, 6, 0);
        assertThat(InvarianceAnalysis.argmin(new double[] {3, 1, 1})).isEqualTo(1);
        assertThat(InvarianceAnalysis.argmax(new double[] {3, 5, 5})).isEqualTo(1);
        // mean 0.7625, threshold 0.07625: three of four above
        assertThat(InvarianceAnalysis.coverage(new double[] {1, 1, 1, 0.05}, 0.1)).isEqualTo(0.75);
    }

    @Test
    void evaluateReportsTheReconstructionErrorOfAHandSizedModel() {
        // W = [[1, 1], [0, 0.1]], one winner. v = (1, 0): p = (1, 0), s = 1 on neuron 0, r = (1, 1),
        // e = (0, -1). v = (0, 1): p = (1, 0.1), neuron 0 again, r = (1, 1), e = (-1, 0).
        // mse = (1 + 1) / 4 = 0.5, mean v^2 = 2 / 4 = 0.5 -> relative 1.
        MwtaConfig sc = new MwtaConfig(2, 2, 1, 0.008, 1e-10, 0.2);
        EmaInvariantConfig ic = new EmaInvariantConfig(1, 2, 0.5, 0.05, 0.0005, 1e-10, 0.1, 2000, 9);
        DenseMatrix w = DenseMatrix.ofRows(new double[][] {{1, 1}, {0, 0.1}});
        DenseMatrix u = DenseMatrix.ofRows(new double[][] {{1, 3}});
        for (Implementation impl : Implementation.values()) {
            InvarianceModel m = InvarianceModel.create(impl, sc, ic, Precision.DOUBLE, w, u);
            double[] o = new double[2];
            InvarianceAnalysis.Report r = InvarianceAnalysis.evaluate(m, new float[][] {{1, 0}, {0, 1}}, 2,
                    (t, v, x, state, rec) -> o[t] = state[0]);
            assertThat(r.reconMse()).as(impl.name()).isCloseTo(0.5, within(1e-12));
            assertThat(r.reconRelative()).isCloseTo(1.0, within(1e-12));
            // x = s / rowsum = 1 / 2 on neuron 0 both times; U x = 0.5; o = 0.25, then 0.375 (alpha 0.5)
            assertThat(o).containsExactly(new double[] {0.25, 0.375}, within(1e-12));
            assertThat(r.weakest()).isEqualTo(0);
            assertThat(r.strongest()).isEqualTo(1);
            assertThat(r.coverage()).isEqualTo(1.0);
            // no learning happened
            assertThat(m.sparse().weights()).isEqualTo(w);
        }
    }
}
