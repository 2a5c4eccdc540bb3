package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * B streams stepped together by {@link Nd4jInvarianceBatch} against B separate ND4J
 * {@link InvarianceModel}s from the same seeds, each fed its own frames (stream k starts at frame
 * 97 k of the tapestry): every step's winners equal, and W, U and o equal at the end, through two
 * epochs (an EMA reset) and renormalisations every 50 steps.
 */
class Nd4jInvarianceBatchTest {

    private static final long[] SEEDS = {3, 17, 2021};

    private static float[] frame(float[][] frames, int stream, int i) {
        return frames[(97 * stream + i) % frames.length];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DOUBLE, 1e-10", "FLOAT, 1e-4"})
    void eachStreamComputesWhatItsOwnModelComputes(Precision precision, double tol) {
        MwtaConfig sc = MwtaConfig.defaults().withNeurons(225);
        EmaInvariantConfig ic = EmaInvariantConfig.forNeurons(25).withInputs(225).withRenormEvery(50);
        float[][] frames = TestData.frames();
        Nd4jInvarianceBatch batch = Nd4jInvarianceBatch.create(sc, ic, precision, SEEDS);
        InvarianceModel[] single = new InvarianceModel[SEEDS.length];
        for (int k = 0; k < SEEDS.length; k++) {
            single[k] = InvarianceModel.create(Implementation.ND4J, sc, ic, precision, SEEDS[k]);
        }
        float[][] step = new float[SEEDS.length][];
        for (int i = 0; i < 400; i++) {
            if (i % 200 == 0) {
                batch.startEpoch();
                for (InvarianceModel m : single) {
                    m.startEpoch();
                }
            }
            for (int k = 0; k < SEEDS.length; k++) {
                step[k] = frame(frames, k, i);
            }
            batch.step(step);
            for (int k = 0; k < SEEDS.length; k++) {
                SparseCode expected = single[k].step(step[k]);
                assertThat(batch.code(k).indices()).as("stream %d winners at step %d", k, i)
                        .containsExactly(expected.indices());
                assertThat(batch.lastSquaredError(k)).isCloseTo(single[k].sparse().lastSquaredError(),
                        org.assertj.core.data.Percentage.withPercentage(100 * tol));
            }
        }
        assertThat(batch.steps()).isEqualTo(400);
        for (int k = 0; k < SEEDS.length; k++) {
            assertThat(batch.sparseWeights(k).maxRelativeDifference(single[k].sparse().weights(), 1e-12))
                    .as("stream %d W", k).isLessThan(tol);
            assertThat(batch.invariantWeights(k).maxRelativeDifference(single[k].invariant().weights(), 1e-12))
                    .as("stream %d U", k).isLessThan(tol);
            double[] o = batch.state(k);
            double[] expected = single[k].invariant().state();
            for (int j = 0; j < o.length; j++) {
                assertThat(o[j]).as("stream %d o[%d]", k, j).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(expected[j]))));
            }
        }
        // the streams really differ (a batch that stepped one model B times would not)
        assertThat(batch.sparseWeights(0).maxRelativeDifference(batch.sparseWeights(1), 1e-12)).isGreaterThan(0.01);
    }

    @Test
    void badFramesAreRefusedAndChangeNothing() {
        MwtaConfig sc = MwtaConfig.defaults().withNeurons(64);
        EmaInvariantConfig ic = EmaInvariantConfig.forNeurons(16).withInputs(64);
        Nd4jInvarianceBatch batch = Nd4jInvarianceBatch.create(sc, ic, Precision.DOUBLE, 1, 2);
        DenseMatrix w0 = batch.sparseWeights(1);
        float[] good = TestData.frames()[0];
        float[] negative = good.clone();
        negative[7] = -1f;
        assertThatThrownBy(() -> batch.step(new float[][] {good}))
                .hasMessageContaining("1 frames, expected one per stream (2)");
        assertThatThrownBy(() -> batch.step(new float[][] {good, new float[3]}))
                .hasMessageContaining("stream 1: length 3, expected 400");
        assertThatThrownBy(() -> batch.step(new float[][] {good, negative}))
                .hasMessageContaining("stream 1").hasMessageContaining("-1");
        assertThat(batch.steps()).isZero();
        assertThat(batch.sparseWeights(1)).isEqualTo(w0);
        assertThatThrownBy(() -> batch.code(2)).hasMessageContaining("expected 0..1");
        assertThatThrownBy(() -> new Nd4jInvarianceBatch(sc, ic, Precision.DOUBLE, List.of()))
                .hasMessageContaining("no streams");
    }
}
