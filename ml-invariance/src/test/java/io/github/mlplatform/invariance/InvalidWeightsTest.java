package io.github.mlplatform.invariance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Training stops with an error naming the layer and the step when weights turn negative or non-finite. */
class InvalidWeightsTest {

    static final MwtaConfig SPARSE = MwtaConfig.defaults().withNeurons(64);
    static final EmaInvariantConfig INVARIANT = EmaInvariantConfig.defaults().withNeurons(8).withInputs(64);

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aHugeXiMakesSparseWeightsNegativeAtStepOne(Implementation impl) {
        // xi * s * (v - r) / r < -1 for pixels the winners over-reconstruct: W turns negative
        InvarianceModel m = InvarianceModel.create(impl, SPARSE.withXi(1000), INVARIANT, Precision.FLOAT, 3);
        m.startEpoch();
        InvalidWeightsException e = catchThrowableOfType(() -> m.step(TestData.frames()[0]), InvalidWeightsException.class);
        assertThat(e.layer()).isEqualTo("sparse");
        assertThat(e.step()).isEqualTo(1);
        assertThat(e).hasMessageContaining("sparse layer").hasMessageContaining("step 1").hasMessageContaining("negative");
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aHugeSetaMakesInvariantWeightsNegative(Implementation impl) {
        // U * (1 - seta * o) < 0 once seta * o > 1
        InvarianceModel m = InvarianceModel.create(impl, SPARSE, INVARIANT.withRates(0.05, 1e7), Precision.FLOAT, 3);
        m.startEpoch();
        InvalidWeightsException e = catchThrowableOfType(() -> {
            for (int i = 0; i < 10; i++) {
                m.step(TestData.frames()[i]);
            }
        }, InvalidWeightsException.class);
        assertThat(e.layer()).isEqualTo("invariant");
        assertThat(e.step()).isEqualTo(1);
        assertThat(e).hasMessageContaining("invariant layer").hasMessageContaining("negative");
    }

    @Test
    void theTrainerAddsEpochAndStep() {
        InvarianceModel m = InvarianceModel.create(Implementation.FUSED, SPARSE.withXi(1000), INVARIANT, Precision.FLOAT, 3);
        InvarianceTrainer t = new InvarianceTrainer(m, InvarianceTrainer.Options.defaults().withEpochs(2).withStepsPerEpoch(50));
        assertThatThrownBy(() -> t.train(TestData.frames(), null))
                .isInstanceOf(InvalidWeightsException.class)
                .hasMessageContaining("sparse layer weights became invalid at step 1")
                .hasMessageContaining("epoch 1 of 2, step 1 of 50");
    }

    @Test
    void badInputsAndWeightsAreRefusedWithTheirPosition() {
        InvarianceModel m = InvarianceModel.create(Implementation.FUSED, SPARSE, INVARIANT, Precision.FLOAT, 3);
        float[] v = TestData.frames()[0].clone();
        v[7] = Float.NaN;
        assertThatThrownBy(() -> m.step(v)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v[7]");
        float[] shortFrame = new float[10];
        assertThatThrownBy(() -> m.step(shortFrame)).hasMessageContaining("length 10, expected 400");
        DenseMatrix w = m.sparse().weights();
        w.data()[5] = -1;
        assertThatThrownBy(() -> m.sparse().setWeights(w)).hasMessageContaining("(0, 5)").hasMessageContaining(">= 0");
        float[][] frames = {TestData.frames()[0], v};
        InvarianceTrainer t = new InvarianceTrainer(m, InvarianceTrainer.Options.defaults().withEpochs(1).withStepsPerEpoch(2));
        assertThatThrownBy(() -> t.train(frames, null)).hasMessageContaining("frame 1, pixel 7");
    }
}
