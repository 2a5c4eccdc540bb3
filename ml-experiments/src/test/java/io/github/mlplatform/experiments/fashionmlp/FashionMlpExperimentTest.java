package io.github.mlplatform.experiments.fashionmlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.ExperimentTests;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Assumptions;
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
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ml run fashion-mlp} end to end on the first 5,000 Fashion-MNIST training images (full test
 * set), two epochs of batch 64: the fixed 2×2 grid learns, records its table, effects and figures and
 * resumes; the notebook as written ({@code reproduce-seed-bugs}) does not learn. Needs Fashion-MNIST
 * in {@code $ML_DATA_DIR} (there is no embedded sample); skipped without it.
 */
class FashionMlpExperimentTest {

    /**
     * Lowest test accuracy any cell of the fixed grid may reach after the short run. Measured on these
     * settings (seed 1, full test set): dropout 0.2 + wd 0.002 0.761, dropout 0.2 0.763, wd 0.002 0.761,
     * neither 0.768 (the resumed cell the same). Chance is 0.1; set 6 points below the lowest.
     */
    static final double SHORT_RUN_ACCURACY = 0.70;
    /** Highest test accuracy the notebook as written may reach on the same data: measured 0.0725; chance is 0.1. */
    static final double SEED_BUGS_ACCURACY = 0.25;
    /** Largest distance of the seed-bugs run's mean training loss from ln 10 in any epoch. */
    static final double SEED_BUGS_LOSS_DISTANCE = 0.15;

    @TempDir
    Path out;

    @BeforeAll
    static void needsFashionMnist() {
        String dir = System.getenv("ML_DATA_DIR");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "fashion-mnist", "train-images-idx3-ubyte.gz")),
                "Fashion-MNIST in $ML_DATA_DIR");
    }

    ExperimentRunner.Outcome run(boolean resume, Map<String, String> params) throws Exception {
        return ExperimentTests.run("fashion-mlp", out, resume, List.of(Setting.option("--epochs", "epochs", 2),
                Setting.option("--batch-size", "batch-size", 64), Setting.option("--limit", "limit", 5000)), params);
    }

    @Test
    void theFixedGridLearnsRecordsTableEffectsAndFiguresAndResumes() throws Exception {
        ExperimentRunner.Outcome o = run(false, Map.of());
        RunRecord rec = o.record();
        JsonNode metrics = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = metrics.get("final");
        JsonNode cells = fin.get("cells");
        assertThat(cells).hasSize(4);
        List<String> names = new ArrayList<>();
        for (JsonNode c : cells) {
            names.add(c.get("name").asText());
            assertThat(c.get("test_accuracy").asDouble()).as(c.get("name").asText()).isGreaterThan(SHORT_RUN_ACCURACY);
            assertThat(c.get("gap").asDouble()).isCloseTo(c.get("train_accuracy").asDouble() - c.get("test_accuracy").asDouble(), within(1e-12));
            assertThat(c.get("epochs")).hasSize(2);
            for (JsonNode e : c.get("epochs")) {
                assertThat(e.get("train_accuracy").asDouble()).isBetween(0.0, 1.0);
                assertThat(e.has("last_batch_loss")).isTrue();
            }
            // 784·256 + 256 + 256·256 + 256 + 256·10 + 10
            assertThat(c.get("parameters").asLong()).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 2570);
        }
        assertThat(names).containsExactly("dropout-0.2-wd-0.002", "dropout-0.2-wd-0", "dropout-0-wd-0.002", "dropout-0-wd-0");
        assertThat(cells.get(0).get("weight_decay").asDouble()).isEqualTo(0.002);
        assertThat(cells.get(0).get("lr").asDouble()).isEqualTo(5e-4);
        assertThat(fin.get("effects")).hasSize(4); // dropout at each weight decay, weight decay at each dropout
        assertThat(fin.get("grid").get("dropout-0-wd-0").get("test_accuracy").asDouble()).isEqualTo(cells.get(3).get("test_accuracy").asDouble());
        assertThat(fin.get("activations").get("x")).hasSize(32);
        assertThat(fin.get("activations").get("max_distance_from_closed_forms").asDouble()).isLessThan(1e-9);
        assertThat(fin.get("activations").get("relu_derivative").get(0).asDouble()).isZero();
        for (String f : new String[]{"grid.png", "gap.png", "accuracy-curves.png", "loss-curves.png", "activations.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("report.html")).isNotEmptyFile();
        assertThat(metrics.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("against off: gap").contains("dropout-0-wd-0");

        // a kill after the third cell: the state file holds three, --resume trains the fourth only
        Path state = rec.file(FashionMlpExperiment.CHECKPOINT);
        ObjectNode s = (ObjectNode) Json.read(state);
        ((ArrayNode) s.get("cells")).remove(3);
        Json.write(state, s);
        ExperimentRunner.Outcome r = run(true, Map.of());
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode resumed = Json.read(rec.file(RunRecord.METRICS)).get("final").get("cells");
        assertThat(resumed).hasSize(4);
        assertThat(resumed.get(0).get("test_accuracy").asDouble()).isEqualTo(cells.get(0).get("test_accuracy").asDouble());
        assertThat(resumed.get(3).get("name").asText()).isEqualTo("dropout-0-wd-0");
        assertThat(resumed.get(3).get("test_accuracy").asDouble()).isGreaterThan(SHORT_RUN_ACCURACY);
    }

    @Test
    void theNotebookAsWrittenStaysAtLn10() throws Exception {
        RunRecord rec = run(false, Map.of("reproduce-seed-bugs", "true")).record();
        JsonNode fin = Json.read(rec.file(RunRecord.METRICS)).get("final");
        JsonNode cell = fin.get("cells").get(0);
        assertThat(cell.get("name").asText()).isEqualTo(FashionMlpExperiment.SEED_BUGS);
        assertThat(cell.get("lr").asDouble()).isEqualTo(784.0);
        assertThat(cell.get("weight_decay").asDouble()).isEqualTo(0.09);
        assertThat(cell.get("parameters").asLong()).isEqualTo(784 * 64 + 64 + 64 * 10 + 10);
        assertThat(fin.get("test_accuracy").asDouble()).isLessThan(SEED_BUGS_ACCURACY);
        assertThat(fin.get("max_distance_of_train_loss_from_ln_10").asDouble()).isLessThan(SEED_BUGS_LOSS_DISTANCE);
        assertThat(rec.figuresDir().resolve("loss.png")).isNotEmptyFile();
        assertThat(Json.read(rec.file(RunRecord.CONFIG)).get("reproduce-seed-bugs").asBoolean()).isTrue();
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(false, Map.of("dropouts", "1"))).hasMessageContaining("dropouts");
        assertThatThrownBy(() -> run(false, Map.of("dropouts", "0.2,0.2"))).hasMessageContaining("dropouts");
        assertThatThrownBy(() -> run(false, Map.of("weight-decays", "-0.1"))).hasMessageContaining("weight-decays");
        assertThatThrownBy(() -> run(false, Map.of("hidden", "256,0"))).hasMessageContaining("hidden");
        assertThatThrownBy(() -> run(false, Map.of("init-std", "-1"))).hasMessageContaining("init-std");
        assertThatThrownBy(() -> run(false, Map.of("lr", "0"))).hasMessageContaining("lr");
        assertThatThrownBy(() -> run(false, Map.of("reproduce-seed-bugs", "yes"))).hasMessageContaining("reproduce-seed-bugs");
        assertThatThrownBy(() -> run(false, Map.of("reproduce-seed-bugs", "true", "lr", "0.1"))).hasMessageContaining("reproduce-seed-bugs")
                .hasMessageContaining("leave dropouts");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
