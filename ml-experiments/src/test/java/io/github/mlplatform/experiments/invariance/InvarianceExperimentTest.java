package io.github.mlplatform.experiments.invariance;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code ml run invariance} end to end on a short schedule (real MNIST from ML_DATA_DIR or the embedded sample). */
class InvarianceExperimentTest {

    @TempDir
    Path out;

    /** {@code ml run invariance --seed 7 --epochs E --limit L -P k=v ...}, through the same path as the CLI. */
    ExperimentRunner.Outcome run(int epochs, int limit, Map<String, String> params, boolean resume) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--seed", "seed", 7), Setting.option("--epochs", "epochs", epochs),
                Setting.option("--limit", "limit", limit)));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan(new InvarianceExperiment(), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    @Test
    void writesMetricsFiguresAndCheckpointAndResumes() throws Exception {
        ExperimentRunner.Outcome first = run(1, 300, Map.of("gif-frames", "40"), false);
        RunRecord record = first.record();
        String summary = first.summary();
        assertThat(summary).contains("slowness").contains("coverage").contains("reconstruction");

        JsonNode m = Json.read(record.file(RunRecord.METRICS));
        assertThat(m.get("epochs")).hasSize(1);
        JsonNode fin = m.get("final");
        for (String k : new String[] {"slowness_invariant", "slowness_sparse", "coverage", "recon_mse", "recon_relative",
                "weakest_sparse_neuron", "strongest_sparse_neuron", "steps_per_second"}) {
            assertThat(fin.has(k)).as(k).isTrue();
        }
        assertThat(fin.get("coverage").asDouble()).isBetween(0.0, 1.0);
        // the controls (issue #15): the trained row is the analysis loop's own slowness; shuffling the frames
        // keeps the weights (same probe responses) but removes the continuity the EMA's slowness rides on
        assertThat(fin.get("slowness_trained").asDouble()).isCloseTo(fin.get("slowness_invariant").asDouble(), within(1e-9));
        assertThat(fin.get("slowness_trained").asDouble()).isLessThan(fin.get("slowness_shuffled").asDouble());
        assertThat(fin.get("separation_shuffled").asDouble()).isEqualTo(fin.get("separation_trained").asDouble());
        for (String k : new String[] {"slowness_initial_u", "slowness_grouping", "separation_initial_u", "separation_grouping",
                "separation_sparse", "separation_label_pooling"}) {
            assertThat(fin.has(k)).as(k).isTrue();
        }
        for (String k : new String[] {"separation_trained", "separation_initial_u", "separation_grouping", "separation_sparse"}) {
            assertThat(fin.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
        }
        // the positive control: pooling the sparse codes by probe label separates better than the codes themselves
        // (measured 0.58 vs 0.51 after the full 20 x 10,000 steps)
        assertThat(fin.get("separation_label_pooling").asDouble()).isGreaterThan(fin.get("separation_sparse").asDouble());
        assertThat(summary).contains("initial U (untrained)").contains("shuffled frames").contains("fixed grouping")
                .contains("pooling by probe label").containsPattern("The trained layer's slowness [0-9.]+ is");
        assertThat(m.get("notes").get("controls").get("verdict").asText()).startsWith("The trained layer's slowness");
        assertThat(fin.get("total_steps").asLong()).isEqualTo(300);
        assertThat(fin.get("weakest_strength").asDouble()).isLessThanOrEqualTo(fin.get("strongest_strength").asDouble());
        JsonNode cfg = Json.read(record.file(RunRecord.CONFIG));
        assertThat(cfg.get("neurons").asInt()).isEqualTo(100);
        assertThat(cfg.get("gif-frames").asInt()).isEqualTo(40);
        assertThat(cfg.get("impl").asText()).isEqualTo("fused");
        assertThat(cfg.get("stream").asText()).isEqualTo("tapestry");
        JsonNode notes = m.get("notes");
        assertThat(notes.get("invariant_layer").get("neurons").asInt()).isEqualTo(100);
        assertThat(notes.get("invariant_layer").get("renormSum").asDouble()).isEqualTo(9.0);
        assertThat(notes.get("sparse_layer").get("inputs").asInt()).isEqualTo(400);
        for (String f : new String[] {"sparse_weights.png", "invariant_weights.png", "prototypes.png", "prototypes_normalised.png",
                "affinity_groups.png", "representation_strength.png", "weakest_strongest.png", "training_recon.png", "training_coverage.png", "activity.gif"}) {
            assertThat(record.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        // GIF: 40 frames of 20 x 60 pixels scaled by 4
        byte[] gif = Files.readAllBytes(record.figuresDir().resolve("activity.gif"));
        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat((gif[6] & 0xFF) | (gif[7] & 0xFF) << 8).isEqualTo(240);
        assertThat((gif[8] & 0xFF) | (gif[9] & 0xFF) << 8).isEqualTo(80);
        assertThat(record.file(InvarianceExperiment.CHECKPOINT)).isNotEmptyFile();

        // --resume with one more epoch continues from the checkpoint
        ExperimentRunner.Outcome second = run(2, 300, Map.of("gif-frames", "0"), true);
        assertThat(second.record().dir()).isEqualTo(record.dir());
        String summary2 = second.summary();
        assertThat(summary2).contains("resumed at epoch 2");
        JsonNode m2 = Json.read(record.file(RunRecord.METRICS));
        assertThat(m2.get("epochs")).hasSize(2);
        assertThat(m2.get("epochs").get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(m2.get("final").get("total_steps").asLong()).isEqualTo(600);
    }

    @Test
    void fortyNineNeuronsUseRowSum18AndGroupsOf18() throws Exception {
        RunRecord record = run(1, 100, Map.of("neurons", "49", "gif-frames", "5"), false).record();
        JsonNode notes = Json.read(record.file(RunRecord.METRICS)).get("notes");
        assertThat(Json.read(record.file(RunRecord.CONFIG)).get("neurons").asInt()).isEqualTo(49);
        assertThat(notes.get("invariant_layer").get("neurons").asInt()).isEqualTo(49);
        assertThat(notes.get("invariant_layer").get("renormSum").asDouble()).isEqualTo(18.0);
        assertThat(notes.get("affinity_group_size").asInt()).isEqualTo(18);
        assertThat(record.figuresDir().resolve("affinity_groups.png")).isNotEmptyFile();
    }

    @Test
    void ribbonFramesAre28By28() throws Exception {
        RunRecord record = run(1, 60, Map.of("stream", "ribbon", "gif-frames", "5"), false).record();
        assertThat(Json.read(record.file(RunRecord.METRICS)).get("notes").get("sparse_layer").get("inputs").asInt()).isEqualTo(784);
    }

    @Test
    void badOptionsNameTheOptionAndWriteNothing() throws Exception {
        assertThatThrownBy(() -> run(1, 10, Map.of("stream", "river"), false)).hasMessageStartingWith("-P stream=river: expected one of");
        assertThatThrownBy(() -> run(1, 10, Map.of("impl", "gpu"), false)).hasMessageStartingWith("-P impl=gpu: expected one of fused, nd4j");
        assertThatThrownBy(() -> run(1, 1, Map.of(), false)).hasMessage("--limit 1: must be at least 2");
        assertThatThrownBy(() -> run(1, 10, Map.of("gif-frame", "3"), false)).hasMessageContaining("did you mean 'gif-frames'?");
        assertThat(out.resolve("invariance")).doesNotExist();
    }

    @Test
    void fashionMnistMakesTheTapestry() throws Exception {
        String dir = System.getenv("ML_DATA_DIR");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "fashion-mnist", "train-images-idx3-ubyte.gz")),
                "Fashion-MNIST in $ML_DATA_DIR");
        RunRecord record = run(1, 200, Map.of("dataset", "fashion-mnist", "gif-frames", "0"), false).record();
        JsonNode m = Json.read(record.file(RunRecord.METRICS));
        assertThat(m.get("notes").get("frames").asText()).contains("Fashion-MNIST images");
        assertThat(m.get("notes").get("data").asText()).contains("fashion-mnist");
        assertThat(m.get("final").get("slowness_trained").asDouble()).isPositive();
    }

    @Test
    void benchPrintsATable() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        var bench = new InvarianceExperiment.Bench();
        var cfg = ConfigBinder.of(InvarianceExperiment.BenchConfig.class).bind(bench.defaults(),
                List.of(Setting.param("impl", "fused"), Setting.param("sizes", "64"), Setting.param("seconds", "0.1")), "ml bench invariance");
        bench.run(cfg, RunOptions.defaults(), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("MNIST tapestry").contains("steps/s").contains("fused");
    }

    @Test
    void presetsAreTheNotebooksRunsAndStableIsTheDefault() throws Exception {
        // the final run of the notebook is what the layers' own defaults are
        assertThat(InvariancePreset.STABLE.sparse(400)).isEqualTo(io.github.mlplatform.invariance.MwtaConfig.defaults());
        assertThat(InvariancePreset.STABLE.invariant(100, 900)).isEqualTo(io.github.mlplatform.invariance.EmaInvariantConfig.defaults());
        assertThat(InvariancePreset.STABLE.invariant(49, 900)).isEqualTo(io.github.mlplatform.invariance.EmaInvariantConfig.neurons49());
        assertThat(new InvarianceExperiment().defaults().preset()).isEqualTo(InvariancePreset.STABLE);

        ExperimentRunner.Outcome o = run(1, 200, Map.of("preset", "six-winners", "gif-frames", "0"), false);
        JsonNode m = Json.read(o.record().file(RunRecord.METRICS));
        JsonNode sparse = m.get("notes").get("sparse_layer");
        JsonNode invariant = m.get("notes").get("invariant_layer");
        assertThat(sparse.get("winners").asInt()).isEqualTo(6);
        assertThat(sparse.get("xi").asDouble()).isEqualTo(0.03);
        assertThat(invariant.get("alpha").asDouble()).isEqualTo(0.5);
        assertThat(invariant.get("leta").asDouble()).isEqualTo(0.01);
        assertThat(invariant.get("seta").asDouble()).isEqualTo(0.001);
        assertThat(invariant.get("renormEvery").asInt()).isZero();
        assertThat(Json.read(o.record().file(RunRecord.CONFIG)).get("preset").asText()).isEqualTo("six-winners");
        assertThatThrownBy(() -> run(1, 200, Map.of("preset", "seven-winners"), false)).hasMessageContaining("preset");
    }

    @Test
    void winnersLetaAndSetaOverrideThePreset() throws Exception {
        ExperimentRunner.Outcome o = run(1, 200, Map.of("preset", "six-winners", "winners", "3", "leta", "0.02",
                "gif-frames", "0"), false);
        JsonNode notes = Json.read(o.record().file(RunRecord.METRICS)).get("notes");
        assertThat(notes.get("sparse_layer").get("winners").asInt()).isEqualTo(3);
        assertThat(notes.get("sparse_layer").get("xi").asDouble()).isEqualTo(0.03);      // still the preset's
        assertThat(notes.get("invariant_layer").get("leta").asDouble()).isEqualTo(0.02);
        assertThat(notes.get("invariant_layer").get("seta").asDouble()).isEqualTo(0.001); // still the preset's
        assertThatThrownBy(() -> run(1, 200, Map.of("winners", "900"), false)).hasMessageStartingWith("-P winners=900:");
        assertThatThrownBy(() -> run(1, 200, Map.of("seta", "-0.1"), false)).hasMessageStartingWith("-P seta=-0.1:");
    }

    @Test
    void moreInvariantNeuronsThanSparseOnesAreRefusedBeforeAnythingIsWritten() throws Exception {
        assertThatThrownBy(() -> run(1, 200, Map.of("neurons", "901", "gif-frames", "0"), false))
                .hasMessageStartingWith("-P neurons=901: must be in 1..900");
        try (var files = java.nio.file.Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }
}
