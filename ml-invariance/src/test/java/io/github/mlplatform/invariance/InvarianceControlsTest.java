package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The controls and the probe separation on cases whose answers are known by hand. */
class InvarianceControlsTest {

    @Test
    void separationOfClosedFormResponses() {
        // 2 images x 2 positions x 4 neurons: image only, position only, image + position, constant
        // neuron 2: a = (+2, -2) by image, b = (+1, -1) by position: V_img = 4, V_pos = 1 -> 0.8
        double[][][] r = new double[2][2][];
        for (int d = 0; d < 2; d++) {
            for (int p = 0; p < 2; p++) {
                double a = d == 0 ? 2 : -2;
                double b = p == 0 ? 1 : -1;
                r[d][p] = new double[] {a, b, a + b, 5};
            }
        }
        InvarianceControls.Separation s = InvarianceControls.separation(r);
        assertThat(s.perNeuron()[0]).isEqualTo(1.0);
        assertThat(s.perNeuron()[1]).isEqualTo(0.0);
        assertThat(s.perNeuron()[2]).isCloseTo(0.8, within(1e-12));
        assertThat(s.perNeuron()[3]).isNaN();
        assertThat(s.neurons()).isEqualTo(3);
        assertThat(s.index()).isCloseTo((1 + 0 + 0.8) / 3, within(1e-12));
        assertThatThrownBy(() -> InvarianceControls.separation(new double[1][2][1])).hasMessageContaining("at least 2 images");
    }

    @Test
    void groupingIsContiguousBlocksWithTheRowSum() {
        // K = 3, N = 7: floor(3j/7) = 0,0,0,1,1,2,2 -> blocks of 3, 2, 2
        DenseMatrix g = InvarianceControls.groupingWeights(3, 7, 9);
        assertThat(g.row(0)).containsExactly(3, 3, 3, 0, 0, 0, 0);
        assertThat(g.row(1)).containsExactly(0, 0, 0, 4.5, 4.5, 0, 0);
        assertThat(g.row(2)).containsExactly(0, 0, 0, 0, 0, 4.5, 4.5);
        assertThatThrownBy(() -> InvarianceControls.groupingWeights(8, 7, 9)).hasMessageContaining("K = 8, N = 7");
    }

    @Test
    void shuffledOrderIsASeededPermutation() {
        int[] a = InvarianceControls.shuffledOrder(1000, 3);
        assertThat(a).isEqualTo(InvarianceControls.shuffledOrder(1000, 3));
        assertThat(a).isNotEqualTo(InvarianceControls.shuffledOrder(1000, 4));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        long fixed = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == i).count();
        assertThat(fixed).isLessThan(10);
    }

    @Test
    void probesAreShiftedCentredCropsPaddedWithZeros() {
        // 3x3 image 1..9, window 2: centre corner (0, 0); shift -1 pads the first row/column with zeros
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[][][] p = InvarianceControls.probes(List.of(img), 3, 3, 2, new int[] {-1, 0});
        assertThat(p[0]).hasNumberOfRows(4);
        assertThat(p[0][0]).containsExactly(0, 0, 0, 1);      // dx = -1, dy = -1
        assertThat(p[0][1]).containsExactly(0, 0, 1, 2);      // dx = 0, dy = -1
        assertThat(p[0][2]).containsExactly(0, 1, 0, 4);      // dx = -1, dy = 0
        assertThat(p[0][3]).containsExactly(1, 2, 4, 5);      // dx = 0, dy = 0
    }

    /**
     * Two "digits", A = 110 and B = 101, each at 4 positions of a 6-pixel frame; one sparse neuron per
     * (position, digit), numbered position-major (j = 2 p + d), whose weights are that probe: with one
     * winner each probe wins its own neuron with x = 1. An invariant layer built to be invariant
     * (U[d][j] = 1 when j shows digit d) responds to the digit only; the contiguous grouping averages
     * positions {0, 1} and {2, 3} of both digits and responds to the position only.
     */
    @Test
    void aModelBuiltToBeInvariantBeatsItsControls() {
        int positions = 4;
        float[][][] probes = new float[2][positions][];
        double[][] w = new double[2 * positions][];
        for (int p = 0; p < positions; p++) {
            for (int d = 0; d < 2; d++) {
                float[] f = new float[6];
                f[p] = 1;
                f[p + (d == 0 ? 1 : 2)] = 1;
                probes[d][p] = f;
                double[] row = new double[6];
                for (int q = 0; q < 6; q++) {
                    row[q] = f[q];
                }
                w[2 * p + d] = row;
            }
        }
        double[][] u = new double[2][2 * positions];
        for (int j = 0; j < 2 * positions; j++) {
            u[j % 2][j] = 1;
        }
        MwtaConfig sc = new MwtaConfig(2 * positions, 6, 1, 0.008, 1e-10, 0.2);
        EmaInvariantConfig ic = new EmaInvariantConfig(2, 2 * positions, 0.5, 0.05, 0.0005, 1e-10, 0.1, 2000, 9);
        InvarianceModel model = InvarianceModel.create(Implementation.FUSED, sc, ic, Precision.DOUBLE, DenseMatrix.ofRows(w),
                DenseMatrix.ofRows(u));
        DenseMatrix initialU = WeightInit.uniform(new SplittableRandom(5), 2, 2 * positions, 0.1);
        // a stream that holds each digit for 4 frames while it moves, 10 blocks alternating A, B
        float[][] frames = new float[40][];
        for (int t = 0; t < frames.length; t++) {
            frames[t] = probes[(t / positions) % 2][t % positions];
        }

        InvarianceControls.Report r = InvarianceControls.compare(model, initialU, frames, frames.length, probes, 11);
        InvarianceControls.Row trained = r.row(InvarianceControls.Variant.TRAINED);
        InvarianceControls.Row grouping = r.row(InvarianceControls.Variant.GROUPING);
        InvarianceControls.Row initial = r.row(InvarianceControls.Variant.INITIAL_U);
        InvarianceControls.Row shuffled = r.row(InvarianceControls.Variant.SHUFFLED);
        assertThat(trained.separation().index()).isEqualTo(1.0);
        assertThat(grouping.separation().index()).isEqualTo(0.0);
        assertThat(initial.separation().index()).isBetween(0.0, 0.99);
        // the sparse code of each probe is one-hot: a neuron is 1 at one (d, p) of 2 x 4, so
        // V_pos = (1/8)(9/16 + 3/16) = 3/32, V_img = (1/8)(1/4 + 1/4) = 1/16, S = 2/5
        assertThat(r.sparseSeparation().index()).isCloseTo(0.4, within(1e-12));
        // same weights, so the same probe responses; only the order of the frames differs
        assertThat(shuffled.separation().index()).isEqualTo(trained.separation().index());
        assertThat(trained.slowness()).isLessThan(shuffled.slowness());
        assertThat(trained.slowness()).isLessThan(grouping.slowness());

        // the trained row's slowness is the seed's analysis loop's
        InvarianceAnalysis.Report a = InvarianceAnalysis.evaluate(model, frames, frames.length, null);
        assertThat(trained.slowness()).isCloseTo(a.slownessInvariant(), within(1e-12));
        assertThat(r.sparseSlowness()).isCloseTo(a.slownessSparse(), within(1e-12));
        // pooling by label is the built-in invariant U here (each probe wins one neuron of its digit)
        assertThat(r.labelPooling().index()).isEqualTo(1.0);
        assertThat(r.verdict()).contains("learning, not the averaging alone");

        // a model whose U is the grouping is not invariant, and the verdict says so
        InvarianceModel grouped = InvarianceModel.create(Implementation.FUSED, sc, ic, Precision.DOUBLE, DenseMatrix.ofRows(w),
                InvarianceControls.groupingWeights(2, 2 * positions, 1));
        assertThat(InvarianceControls.compare(grouped, initialU, frames, frames.length, probes, 11).verdict())
                .contains("do not show");
    }
}
