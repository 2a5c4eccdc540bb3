package io.github.mlplatform.experiments.invariance;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ml run invariance} end to end on a short schedule (real MNIST from ML_DATA_DIR or the embedded sample). */
class InvarianceExperimentTest {

    @TempDir
    Path out;

    static RunOptions options(int epochs, int limit, Map<String, String> params) {
        return new RunOptions(OptionalInt.of(epochs), OptionalInt.empty(), 7, OptionalInt.of(limit), null, null, false, params);
    }

    @Test
    void writesMetricsFiguresAndCheckpointAndResumes() throws Exception {
        InvarianceExperiment exp = new InvarianceExperiment();
        RunRecord record = RunRecord.create(out, exp.name(), Map.of());
        String summary = exp.run(new RunContext(options(1, 300, Map.of("gif-frames", "40")), record, false));
        assertThat(summary).contains("slowness").contains("coverage").contains("reconstruction");

        JsonNode m = Json.read(record.file(RunRecord.METRICS));
        assertThat(m.get("epochs")).hasSize(1);
        JsonNode fin = m.get("final");
        for (String k : new String[] {"slowness_invariant", "slowness_sparse", "coverage", "recon_mse", "recon_relative",
                "weakest_sparse_neuron", "strongest_sparse_neuron", "steps_per_second"}) {
            assertThat(fin.has(k)).as(k).isTrue();
        }
        assertThat(fin.get("coverage").asDouble()).isBetween(0.0, 1.0);
        assertThat(fin.get("total_steps").asLong()).isEqualTo(300);
        assertThat(fin.get("weakest_strength").asDouble()).isLessThanOrEqualTo(fin.get("strongest_strength").asDouble());
        JsonNode cfg = Json.read(record.file(RunRecord.CONFIG));
        assertThat(cfg.get("invariant").get("neurons").asInt()).isEqualTo(100);
        assertThat(cfg.get("invariant").get("renormSum").asDouble()).isEqualTo(9.0);
        assertThat(cfg.get("sparse").get("inputs").asInt()).isEqualTo(400);
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
        RunRecord reopened = RunRecord.open(record.dir());
        String summary2 = exp.run(new RunContext(options(2, 300, Map.of("gif-frames", "0")), reopened, true));
        assertThat(summary2).contains("resumed at epoch 2");
        JsonNode m2 = Json.read(record.file(RunRecord.METRICS));
        assertThat(m2.get("epochs")).hasSize(2);
        assertThat(m2.get("epochs").get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(m2.get("final").get("total_steps").asLong()).isEqualTo(600);
    }

    @Test
    void fortyNineNeuronsUseRowSum18AndGroupsOf18() throws Exception {
        InvarianceExperiment exp = new InvarianceExperiment();
        RunRecord record = RunRecord.create(out, exp.name(), Map.of());
        exp.run(new RunContext(options(1, 100, Map.of("neurons", "49", "gif-frames", "5")), record, false));
        JsonNode cfg = Json.read(record.file(RunRecord.CONFIG));
        assertThat(cfg.get("invariant").get("neurons").asInt()).isEqualTo(49);
        assertThat(cfg.get("invariant").get("renormSum").asDouble()).isEqualTo(18.0);
        assertThat(cfg.get("affinityGroupSize").asInt()).isEqualTo(18);
        assertThat(record.figuresDir().resolve("affinity_groups.png")).isNotEmptyFile();
    }

    @Test
    void ribbonFramesAre28By28() throws Exception {
        InvarianceExperiment exp = new InvarianceExperiment();
        RunRecord record = RunRecord.create(out, exp.name(), Map.of());
        exp.run(new RunContext(options(1, 60, Map.of("stream", "ribbon", "gif-frames", "5")), record, false));
        assertThat(Json.read(record.file(RunRecord.CONFIG)).get("sparse").get("inputs").asInt()).isEqualTo(784);
    }

    @Test
    void badOptionsNameTheOption() {
        InvarianceExperiment exp = new InvarianceExperiment();
        assertThatThrownBy(() -> exp.run(new RunContext(options(1, 10, Map.of("stream", "river")),
                RunRecord.create(out, exp.name(), Map.of()), false))).hasMessageContaining("-P stream=river");
        assertThatThrownBy(() -> exp.run(new RunContext(options(1, 10, Map.of("impl", "gpu")),
                RunRecord.create(out, exp.name(), Map.of()), false))).hasMessageContaining("-P impl");
    }

    @Test
    void benchPrintsATable() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new InvarianceExperiment().bench(options(1, 1, Map.of("impl", "fused", "sizes", "64", "seconds", "0.1")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("MNIST tapestry").contains("steps/s").contains("fused");
    }
}
