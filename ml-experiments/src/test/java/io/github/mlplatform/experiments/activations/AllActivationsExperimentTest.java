package io.github.mlplatform.experiments.activations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.ExperimentTests;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ml run all-activations} end to end on 3,000 MNIST training images (ML_DATA_DIR or the
 * embedded sample), one epoch of batch 64, three blocks, two seeds.
 */
class AllActivationsExperimentTest {

    /**
     * Lowest mean test accuracy any of the three blocks may reach after the short run. Measured on
     * these settings (full MNIST test set, seeds 1 and 2): all 0.837 / 0.828, identity 0.829 / 0.823,
     * ReLU 0.817 / 0.810; on the embedded sample (no ML_DATA_DIR) identity 0.798. Chance is 0.1; set
     * 6 points below the lowest measurement.
     */
    static final double SHORT_RUN_ACCURACY = 0.75;

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(boolean resume, Map<String, String> params) throws Exception {
        return ExperimentTests.run("all-activations", out, resume, List.of(Setting.option("--epochs", "epochs", 1),
                Setting.option("--batch-size", "batch-size", 64), Setting.option("--limit", "limit", 3000), Setting.param("datasets", "mnist"),
                Setting.param("variants", "all,identity,relu"), Setting.param("seeds", "1,2")), params);
    }

    @Test
    void everyBlockLearnsTheTableFiguresAndSharesAreRecordedAndAKilledRunResumes() throws Exception {
        ExperimentRunner.Outcome o = run(false, Map.of());
        RunRecord rec = o.record();
        JsonNode fin = Json.read(rec.file(RunRecord.METRICS)).get("final");
        assertThat(fin.get("trainings")).hasSize(6);
        JsonNode variants = fin.get("mnist").get("variants");
        for (String v : List.of("all", "identity", "relu")) {
            assertThat(variants.get(v).get("test_accuracy_mean").asDouble()).as(v).isGreaterThan(SHORT_RUN_ACCURACY);
            assertThat(variants.get(v).get("test_accuracy_min").asDouble()).as(v).isLessThanOrEqualTo(variants.get(v).get("test_accuracy_max").asDouble());
            assertThat(variants.get(v).get("seconds_per_epoch_median").asDouble()).as(v).isPositive();
        }
        // parameters: 784·64 + 64 + w·10 + 10, w = 640 for all (plus the two Conv1d branches' 20 + 72), 64 alone
        assertThat(variants.get("relu").get("parameters").asLong()).isEqualTo(784 * 64 + 64 + 64 * 10 + 10);
        assertThat(variants.get("all").get("parameters").asLong()).isEqualTo(784 * 64 + 64 + 640 * 10 + 10 + 20 + 72);
        for (String key : List.of("branch_weight_share", "branch_signal_share")) {
            JsonNode shares = fin.get("mnist").get(key);
            assertThat(shares).as(key).hasSize(10);
            double sum = 0;
            for (JsonNode s : shares) {
                assertThat(s.asDouble()).as(key).isBetween(0.0, 1.0);
                sum += s.asDouble();
            }
            assertThat(sum).as(key).isCloseTo(1.0, within(1e-9));
        }
        assertThat(fin.get("mnist").get("best_single").asText()).isIn("identity", "relu");
        assertThat(fin.get("mnist").get("all_versus_best_single").asText()).isNotEmpty();
        for (String f : new String[]{"accuracy-mnist.png", "seconds-per-epoch.png", "branch-weight-share.png", "branch-signal-share.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Json.read(rec.file(RunRecord.METRICS)).get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("the best single block").contains("share of the classifier's weight mass");

        // a kill after the fifth training: the state file holds five, --resume trains the sixth only
        Path state = rec.file(AllActivationsExperiment.CHECKPOINT);
        ObjectNode s = (ObjectNode) Json.read(state);
        JsonNode sixth = s.get("trainings").get(5);
        ((ArrayNode) s.get("trainings")).remove(5);
        Json.write(state, s);
        ExperimentRunner.Outcome r = run(true, Map.of());
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode resumed = Json.read(rec.file(RunRecord.METRICS)).get("final").get("trainings");
        assertThat(resumed).hasSize(6);
        assertThat(resumed.get(0).get("test_accuracy").asDouble()).isEqualTo(fin.get("trainings").get(0).get("test_accuracy").asDouble());
        assertThat(resumed.get(5).get("variant").asText()).isEqualTo(sixth.get("variant").asText());
        assertThat(resumed.get(5).get("seed").asLong()).isEqualTo(sixth.get("seed").asLong());
    }

    @Test
    void branchWeightShareIsEachBranchsPartOfTheAbsoluteWeightMass() {
        // H = 2, three branches: rows 0-1 carry |W| = 2 in all, rows 2-3 carry 4, rows 4-5 nothing
        INDArray w = Nd4j.createFromArray(new double[][]{{1, 0}, {0, -1}, {2, -2}, {0, 0}, {0, 0}, {0, 0}}).castTo(DataType.FLOAT);
        double[] share = AllActivationsExperiment.branchWeightShare(w, 2);
        assertThat(share).containsExactly(new double[]{2.0 / 6, 4.0 / 6, 0}, within(1e-9));
        // the signal share weights each row by its feature's mean |output|: branch 0's features are 3x as large
        double[] signal = AllActivationsExperiment.branchSignalShare(w, new double[]{3, 3, 1, 1, 5, 5}, 2);
        assertThat(signal).containsExactly(new double[]{6.0 / 10, 4.0 / 10, 0}, within(1e-9));
    }

    @Test
    void theMedianIgnoresOneSlowFirstTraining() {
        assertThat(AllActivationsExperiment.median(new double[]{30, 10, 11})).isEqualTo(11);
        assertThat(AllActivationsExperiment.median(new double[]{4, 2})).isEqualTo(3);
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(false, Map.of("variants", "swish"))).hasMessageContaining("variants");
        assertThatThrownBy(() -> run(false, Map.of("datasets", "cifar"))).hasMessageContaining("datasets");
        assertThatThrownBy(() -> run(false, Map.of("hidden", "60"))).hasMessageContaining("hidden");
        assertThatThrownBy(() -> run(false, Map.of("seeds", "1,1"))).hasMessageContaining("seeds");
        assertThatThrownBy(() -> run(false, Map.of("lr", "0"))).hasMessageContaining("lr");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
