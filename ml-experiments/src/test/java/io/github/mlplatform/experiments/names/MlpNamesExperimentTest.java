package io.github.mlplatform.experiments.names;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ml run mlp-names} end to end on a short schedule: the real names.txt from
 * {@code $ML_DATA_DIR} (skipped without it), 2,000 steps in epochs of 500, learning rate 0.1 and
 * 0.01 from step 1,500.
 */
class MlpNamesExperimentTest {

    /**
     * Dev loss after the short schedule must be below this. Measured: 2.3688 with seed 7 (the
     * uniform guess is ln 27 = 3.30; the full 200,000-step recipe reaches 2.11). Set 0.08 above
     * the measurement: a change that slows learning noticeably fails it.
     */
    static final double SHORT_RUN_DEV_LOSS = 2.45;

    static final Map<String, String> SHORT = Map.of("steps", "2000", "epoch-steps", "500", "decay-step", "1500");

    @TempDir
    Path out;

    @BeforeAll
    static void needsNames() {
        String dir = System.getenv("ML_DATA_DIR");
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "names", "names.txt")),
                "ML_DATA_DIR/names/names.txt not found: mlp-names tests skipped");
    }

    /** {@code ml run mlp-names --seed 7 -P k=v ...}, through the same path as the CLI. */
    ExperimentRunner.Outcome run(Map<String, String> params, boolean resume) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--seed", "seed", 7)));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan(new MlpNamesExperiment(), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    @Test
    void learnsNamesAndRecordsLossesSamplesFiguresAndTheReplayedPath() throws Exception {
        ExperimentRunner.Outcome o = run(SHORT, false);
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        double dev = fin.get("dev_loss").asDouble();
        assertThat(dev).as("dev loss after 2,000 steps").isLessThan(SHORT_RUN_DEV_LOSS).isLessThan(Math.log(27) - 0.8);
        assertThat(fin.get("train_loss").asDouble()).isBetween(1.5, SHORT_RUN_DEV_LOSS);
        assertThat(fin.get("test_loss").asDouble()).isBetween(1.5, SHORT_RUN_DEV_LOSS);
        assertThat(fin.get("steps").asLong()).isEqualTo(2000);
        assertThat(fin.get("seconds_per_10k_steps").asDouble()).isPositive();
        assertThat(fin.get("thread_cpu_seconds_per_10k_steps").asDouble()).isPositive()
                .isLessThanOrEqualTo(fin.get("cpu_seconds_per_10k_steps").asDouble());
        assertThat(fin.get("samples")).hasSize(20);
        fin.get("samples").forEach(s -> assertThat(s.asText()).matches("[a-z]{0,50}"));
        assertThat(fin.get("samples_in_training_set").asLong()).isBetween(0L, 20L);
        assertThat(o.summary()).contains("dev").contains("of 20 are names of the training set");

        JsonNode epochs = m.get("epochs");
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(0).get("lr").asDouble()).isEqualTo(0.1);
        assertThat(epochs.get(3).get("lr").asDouble()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(epochs.get(3).get("dev_loss").asDouble()).isLessThan(epochs.get(0).get("dev_loss").asDouble());

        JsonNode notes = m.get("notes");
        assertThat(notes.get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(notes.get("vocabulary").asText()).isEqualTo(".abcdefghijklmnopqrstuvwxyz");
        assertThat(notes.get("split").asText()).startsWith("25626/3203/3204 names");
        assertThat(notes.get("model").asText()).contains("Embedding(27, 10)").contains("Linear(in=30, out=200)");

        JsonNode curve = Json.read(rec.file(MlpNamesExperiment.CURVE));
        assertThat(curve.get("every").asInt()).isEqualTo(50);
        assertThat(curve.get("points")).hasSize(40);
        for (String f : new String[]{"loss.png", "embedding.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("mlp-names.model")).isNotEmptyFile();
        assertThat(rec.file("report.html")).isNotEmptyFile();
    }

    /** A run stopped after 1,000 steps and resumed to 2,000 ends exactly where an uninterrupted run ends. */
    @Test
    void aResumedRunEndsWhereAnUninterruptedRunEnds() throws Exception {
        JsonNode whole = Json.read(run(SHORT, false).record().file(RunRecord.METRICS)).get("final");

        Map<String, String> half = new java.util.HashMap<>(SHORT);
        half.put("steps", "1000");
        Path outAgain = out.resolve("again");
        Files.createDirectories(outAgain);
        List<Setting> first = List.of(Setting.option("--seed", "seed", 7), Setting.param("steps", "1000"),
                Setting.param("epoch-steps", "500"), Setting.param("decay-step", "1500"));
        ExperimentRunner.execute(ExperimentRunner.plan(new MlpNamesExperiment(), first, new RunOptions(null, outAgain), false), Map.of());
        List<Setting> more = List.of(Setting.param("steps", "2000"));
        ExperimentRunner.Outcome resumed = ExperimentRunner.execute(
                ExperimentRunner.plan(new MlpNamesExperiment(), more, new RunOptions(null, outAgain), true), Map.of());
        JsonNode m = Json.read(resumed.record().file(RunRecord.METRICS));
        assertThat(m.get("epochs")).hasSize(4);
        // equal up to float rounding: the resumed run's first step runs SameDiff's session (recording), whose legacy tanh kernel
        // differs in the last bit from the custom-op tanh the replayed steps use (GraphExecutor), as in ModelAndTrainerTest
        assertThat(m.get("final").get("dev_loss").asDouble())
                .isCloseTo(whole.get("dev_loss").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(m.get("final").get("samples")).isEqualTo(whole.get("samples"));
        assertThat(Json.read(resumed.record().file(MlpNamesExperiment.CURVE)).get("points")).hasSize(40);
    }

    @Test
    void twoDimensionalEmbeddingsAreDrawnAsTheTable() throws Exception {
        RunRecord rec = run(Map.of("steps", "200", "epoch-steps", "100", "decay-step", "0", "embedding", "2", "samples", "3"), false).record();
        JsonNode fin = Json.read(rec.file(RunRecord.METRICS)).get("final");
        assertThat(fin.get("samples")).hasSize(3);
        assertThat(rec.figuresDir().resolve("embedding.png")).isNotEmptyFile();
        assertThat(Json.read(rec.file(RunRecord.METRICS)).get("notes").get("model").asText()).contains("Embedding(27, 2)");
    }

    @Test
    void badSettingsAreRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(Map.of("decay-step", "15000"), false))
                .hasMessageContaining("decay-step").hasMessageContaining("multiple of epoch-steps (10000)");
        assertThatThrownBy(() -> run(Map.of("lr-after", "0"), false)).hasMessageContaining("lr-after");
        assertThatThrownBy(() -> run(Map.of("step", "10"), false)).hasMessageContaining("did you mean 'steps'?");
        assertThat(out.resolve("mlp-names")).doesNotExist();
    }

    @Test
    void stepScheduleAndEpochsFollowTheSteps() {
        MlpNamesConfig d = MlpNamesConfig.defaults();
        assertThat(d.epochs()).isEqualTo(20);
        assertThat(d.trainer().learningRate(9)).isEqualTo(0.1);
        assertThat(d.trainer().learningRate(10)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.trainer().learningRate(19)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.learningRateAt(99_999)).isEqualTo(0.1);
        assertThat(d.learningRateAt(100_000)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        MlpNamesConfig odd = new MlpNamesConfig(2500, 0, 0.1, 0.01, 32, 3, 10, 200, 1, 42, 0, 1000);
        assertThat(odd.epochs()).isEqualTo(3);
        assertThat(odd.stepsIn(2)).isEqualTo(500);
        assertThat(odd.trainer().learningRate(2)).isEqualTo(0.1);
    }
}
