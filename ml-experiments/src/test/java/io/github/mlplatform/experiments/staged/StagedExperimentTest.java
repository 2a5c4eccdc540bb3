package io.github.mlplatform.experiments.staged;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.ExperimentTests;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ml run staged} end to end: three stages of one epoch on 3,000 MNIST images, with the control. */
class StagedExperimentTest {

    /**
     * Lowest accuracy after the third stage. Measured on these settings (full MNIST test set): stages
     * 0.248, 0.269, 0.331 (0.327 when stage 3 is trained again after the resume); the control 0.560.
     * Chance is 0.1: three branches see 48 of the 784 pixels.
     */
    static final double SHORT_RUN_ACCURACY = 0.28;
    /** Lowest accuracy of the control (measured 0.560 and 0.559). */
    static final double SHORT_RUN_CONTROL_ACCURACY = 0.48;

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(boolean resume, Map<String, String> params) throws Exception {
        return ExperimentTests.run("staged", out, resume, List.of(Setting.option("--limit", "limit", 3000), Setting.option("--seed", "seed", 42),
                Setting.param("stages", "3")), params);
    }

    @Test
    void stagesLearnFrozenParametersStayBitIdenticalAndAKilledRunResumes() throws Exception {
        ExperimentRunner.Outcome o = run(false, Map.of());
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        JsonNode stages = fin.get("stages");
        assertThat(stages).hasSize(3);
        assertThat(stages.get(2).get("test_accuracy").asDouble()).isGreaterThan(SHORT_RUN_ACCURACY)
                .isGreaterThan(stages.get(0).get("test_accuracy").asDouble() + 0.03); // the attached branches add something
        // each stage trains one branch (16·16 + 16 + LayerNorm 32) and its head ((s+1)·16·10 + 10)
        for (int s = 0; s < 3; s++) {
            assertThat(stages.get(s).get("trainable_parameters").asLong()).isEqualTo(304 + (s + 1) * 160 + 10);
        }
        JsonNode check = fin.get("frozen_check");
        // branches 0, 1 (4 tensors each) and heads 0, 1 (2 each)
        assertThat(check.get("parameters_checked").asInt()).isEqualTo(12);
        assertThat(check.get("bit_identical").asInt()).isEqualTo(12);
        assertThat(check.get("all_bit_identical").asBoolean()).isTrue();
        assertThat(fin.get("control").get("trainable_parameters").asLong()).isEqualTo(3 * 304 + 48 * 10 + 10);
        assertThat(fin.get("control_test_accuracy").asDouble()).isGreaterThan(SHORT_RUN_CONTROL_ACCURACY);
        assertThat(m.get("epochs")).hasSize(3);
        assertThat(m.get("epochs").get(2).has("control_test_accuracy")).isTrue();
        assertThat(m.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        for (String f : new String[]{"accuracy-by-stage.png", "test-accuracy-per-epoch.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(o.summary()).contains("bit-identical").contains("control");

        // a kill during stage 3: its checkpoint and the control's are gone; --resume restores stages 1-2 and trains 3
        deleteTree(rec.file("checkpoints/stage-3"));
        deleteTree(rec.file("checkpoints/control"));
        ExperimentRunner.Outcome r = run(true, Map.of());
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode again = Json.read(rec.file(RunRecord.METRICS)).get("final");
        assertThat(again.get("stages").get(1).get("test_accuracy").asDouble()).isEqualTo(stages.get(1).get("test_accuracy").asDouble());
        assertThat(again.get("frozen_check").get("all_bit_identical").asBoolean()).isTrue();
        assertThat(again.get("stages").get(2).get("test_accuracy").asDouble()).isGreaterThan(SHORT_RUN_ACCURACY);
    }

    @Test
    void theFrozenCheckSeesAChangedBit() {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> then = new LinkedHashMap<>();
        then.put("1.0.1.network.0.weight", Nd4j.createFromArray(1f, 2f, 3f));
        then.put("1.2.1.network.0.weight", Nd4j.createFromArray(9f)); // the last stage's: not checked
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> now = new LinkedHashMap<>();
        now.put("1.0.1.network.0.weight", Nd4j.createFromArray(1f, Math.nextUp(2f), 3f));
        now.put("1.2.1.network.0.weight", Nd4j.createFromArray(5f));
        Map<String, Object> c = StagedExperiment.frozenCheck(now, then, 3);
        assertThat(c.get("parameters_checked")).isEqualTo(1);
        assertThat(c.get("all_bit_identical")).isEqualTo(false);
        assertThat(c.get("changed")).isEqualTo(List.of("1.0.1.network.0.weight"));
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(false, Map.of("stages", "31"))).hasMessageContaining("stages");
        assertThatThrownBy(() -> run(false, Map.of("dropout", "1"))).hasMessageContaining("dropout");
        assertThatThrownBy(() -> run(false, Map.of("epochs-per-stage", "0"))).hasMessageContaining("epochs-per-stage");
        assertThatThrownBy(() -> run(false, Map.of("control", "maybe"))).hasMessageContaining("control");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
