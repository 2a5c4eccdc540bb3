package io.github.mlplatform.experiments.regression;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ml run regression} end to end on tiny settings (MNIST from ML_DATA_DIR or the embedded sample). */
class RegressionExperimentTest {

    @TempDir
    Path out;

    /** {@code ml run regression --epochs 1 --batch-size 50 --seed 3 --limit L -P k=v ...}, through the same path as the CLI. */
    ExperimentRunner.Outcome run(int limit, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--epochs", "epochs", 1), Setting.option("--batch-size", "batch-size", 50),
                Setting.option("--seed", "seed", 3), Setting.option("--limit", "limit", limit)));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((RegressionExperiment) Experiments.byName("regression"), given, new RunOptions(null, out), false);
        return ExperimentRunner.execute(plan, Map.of());
    }

    @Test
    void writesMetricsFiguresAndModels() throws Exception {
        ExperimentRunner.Outcome o = run(500, Map.of("logistic-epochs", "20", "softmax-epochs", "20"));
        RunRecord record = o.record();
        String summary = o.summary();
        assertThat(summary).contains("exact (QR)").contains("full-batch-gd").contains("mini-batch-gd").contains("module-sgd")
                .contains("argmax").contains("MNIST");

        JsonNode cfg = Json.read(record.file(RunRecord.CONFIG));
        assertThat(cfg.get("logistic-epochs").asInt()).isEqualTo(20);
        assertThat(cfg.get("limit").asInt()).isEqualTo(500);
        assertThat(cfg.get("lr").asDouble()).isEqualTo(0.1);
        JsonNode m = Json.read(record.file(RunRecord.METRICS));
        JsonNode recipes = m.get("notes").get("recipes");
        assertThat(recipes.get("line").get("n").asInt()).isEqualTo(100);
        assertThat(recipes.get("line").get("slope").asDouble()).isEqualTo(3.0);
        assertThat(recipes.get("linear").get("learningRate").asDouble()).isEqualTo(1e-4);
        assertThat(recipes.get("logistic").get("epochs").asInt()).isEqualTo(20);
        // the per-epoch metric lr is the setting lr
        assertThat(m.get("epochs").get(0).get("lr").asDouble()).isEqualTo(0.1);

        assertThat(m.get("epochs")).hasSize(1); // the MNIST epochs
        JsonNode fin = m.get("final");
        for (String k : new String[] {"linear_ols_slope", "linear_full_batch_gd_slope", "linear_mini_batch_gd_slope", "linear_module_sgd_slope",
                "logistic_weight", "logistic_train_accuracy", "softmax_argmax_train_accuracy", "mnist_test_accuracy"}) {
            assertThat(fin.has(k)).as(k).isTrue();
        }
        // epoch 0 of every trajectory is the seed's initial w = b = 0; 4 epochs follow
        assertThat(fin.get("linear_module_sgd_trajectory")).hasSize(5);
        assertThat(fin.get("linear_module_sgd_trajectory").get(0).get("slope").asDouble()).isZero();
        // the gradient-trained slope of the seed's data lands within 10% of least squares after 4 epochs
        double ols = fin.get("linear_ols_slope").asDouble();
        assertThat(fin.get("linear_full_batch_gd_slope").asDouble()).isBetween(0.9 * ols, 1.1 * ols);
        assertThat(fin.get("mnist_test_accuracy").asDouble()).isBetween(0.0, 1.0);
        for (String f : new String[] {"linear_full_batch_gd.png", "linear_mini_batch_gd.png", "linear_module_sgd.png", "linear_loss.png",
                "logistic.png", "logistic_loss.png", "softmax_argmax.png", "mnist_weights.png", "mnist_loss.png"}) {
            assertThat(record.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(record.file("linear_ols.json")).isNotEmptyFile();
        assertThat(record.dir().resolve("models").resolve("linear-module-sgd.model")).isNotEmptyFile();
        assertThat(record.file("mnist-softmax.model")).isNotEmptyFile();
    }

    @Test
    void badOptionsNameTheOptionAndWriteNothing() {
        assertThatThrownBy(() -> run(10, Map.of("mnist", "maybe"))).hasMessage("-P mnist=maybe: expected true or false");
        assertThatThrownBy(() -> run(10, Map.of("logistic-epochs", "0"))).hasMessage("-P logistic-epochs=0: must be at least 1");
        assertThatThrownBy(() -> run(-1, Map.of())).hasMessage("--limit -1: must be at least 0");
        assertThat(out.resolve("regression")).doesNotExist();
    }
}
