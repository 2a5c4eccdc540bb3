package io.github.mlplatform.invariance;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stopped run resumed from its checkpoint ends with exactly the weights of an uninterrupted run. */
class CheckpointResumeTest {

    static final MwtaConfig SPARSE = MwtaConfig.defaults().withNeurons(100);
    static final EmaInvariantConfig INVARIANT = EmaInvariantConfig.defaults().withNeurons(16).withInputs(100).withRenormEvery(40);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"FUSED, FLOAT, 300, 450", "ND4J, FLOAT, 100, 150"})
    void resumingMidEpochGivesTheUninterruptedWeights(Implementation impl, Precision precision, int steps, int stopAfter)
            throws Exception {
        float[][] frames = TestData.frames();
        InvarianceTrainer.Options opts = InvarianceTrainer.Options.defaults().withEpochs(3).withStepsPerEpoch(steps)
                .withCheckpointEvery(steps / 3);

        InvarianceModel whole = InvarianceModel.create(impl, SPARSE, INVARIANT, precision, 9);
        List<EpochMetrics> seen = new ArrayList<>();
        InvarianceTrainer.Result full = new InvarianceTrainer(whole, opts.withCheckpoint(dir.resolve("a.ckpt"), false))
                .train(frames, seen::add);
        assertThat(full.completed()).isTrue();
        assertThat(seen).hasSize(3);

        Path ckpt = dir.resolve("b.ckpt");
        InvarianceModel first = InvarianceModel.create(impl, SPARSE, INVARIANT, precision, 9);
        InvarianceTrainer.Result stopped = new InvarianceTrainer(first, opts.withCheckpoint(ckpt, true).withStopAfterSteps(stopAfter))
                .train(frames, null);
        assertThat(stopped.completed()).isFalse();
        assertThat(stopped.totalSteps()).isEqualTo(stopAfter);

        // a fresh process: a model from another seed, overwritten by the checkpoint
        InvarianceModel resumed = InvarianceModel.create(impl, SPARSE, INVARIANT, precision, 12345);
        InvarianceTrainer.Result rest = new InvarianceTrainer(resumed, opts.withCheckpoint(ckpt, true)).train(frames, null);
        assertThat(rest.completed()).isTrue();
        assertThat(rest.resumedFromEpoch()).isEqualTo(stopAfter / steps + 1);
        assertThat(rest.resumedFromStep()).isEqualTo(stopAfter % steps);
        assertThat(rest.stepsThisRun()).isEqualTo(3L * steps - stopAfter);

        assertThat(resumed.sparse().weights()).isEqualTo(whole.sparse().weights());
        assertThat(resumed.invariant().weights()).isEqualTo(whole.invariant().weights());
        assertThat(resumed.invariant().state()).containsExactly(whole.invariant().state());
        assertThat(rest.epochs()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            EpochMetrics a = full.epochs().get(e);
            EpochMetrics b = rest.epochs().get(e);
            assertThat(b.trainReconMse()).isEqualTo(a.trainReconMse());
            assertThat(b.sparseWinnersFraction()).isEqualTo(a.sparseWinnersFraction());
            assertThat(b.coverage()).isEqualTo(a.coverage());
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.ckpt", "b.ckpt");
        }
    }

    @Test
    void aCheckpointRefusesOtherFramesAndOtherModels() throws Exception {
        float[][] frames = TestData.frames();
        Path ckpt = dir.resolve("c.ckpt");
        InvarianceTrainer.Options opts = InvarianceTrainer.Options.defaults().withEpochs(1).withStepsPerEpoch(20)
                .withCheckpoint(ckpt, true);
        new InvarianceTrainer(InvarianceModel.create(Implementation.FUSED, SPARSE, INVARIANT, Precision.FLOAT, 1), opts.withEpochs(1))
                .train(frames, null);
        float[][] other = new float[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            other[i] = frames[frames.length - 1 - i];
        }
        InvarianceModel m = InvarianceModel.create(Implementation.FUSED, SPARSE, INVARIANT, Precision.FLOAT, 1);
        assertThatThrownBy(() -> new InvarianceTrainer(m, opts.withEpochs(2)).train(other, null))
                .hasMessageContaining("fingerprint");
        InvarianceModel bigger = InvarianceModel.create(Implementation.FUSED, SPARSE, INVARIANT.withNeurons(25), Precision.FLOAT, 1);
        assertThatThrownBy(() -> new InvarianceTrainer(bigger, opts.withEpochs(2)).train(frames, null))
                .hasMessageContaining("invariantConfig");
        InvarianceModel otherImpl = InvarianceModel.create(Implementation.FUSED, SPARSE, INVARIANT, Precision.DOUBLE, 1);
        assertThatThrownBy(() -> new InvarianceTrainer(otherImpl, opts.withEpochs(2)).train(frames, null))
                .hasMessageContaining("precision");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FUSED", "ND4J"})
    void blankFramesMakeNoWinners(Implementation impl) throws Exception {
        float[][] blank = new float[50][SPARSE.inputs()];
        float[][] mixed = TestData.frames().clone();
        for (int i = 0; i < mixed.length; i += 2) {
            mixed[i] = new float[SPARSE.inputs()];
        }
        InvarianceTrainer.Options opts = InvarianceTrainer.Options.defaults().withEpochs(1).withStepsPerEpoch(50);
        InvarianceModel model = InvarianceModel.create(impl, SPARSE, INVARIANT, Precision.DOUBLE, 9);
        EpochMetrics onlyBlank = new InvarianceTrainer(model, opts).train(blank, null).epochs().get(0);
        // every step still picks 4 tie-broken neurons, but they output 0 and learn nothing
        assertThat(onlyBlank.sparseWinnersFraction()).isZero();
        InvarianceModel other = InvarianceModel.create(impl, SPARSE, INVARIANT, Precision.DOUBLE, 9);
        EpochMetrics half = new InvarianceTrainer(other, opts).train(mixed, null).epochs().get(0);
        assertThat(half.sparseWinnersFraction()).isPositive();
    }
}
