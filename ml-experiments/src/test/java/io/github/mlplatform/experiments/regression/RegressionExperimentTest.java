package io.github.mlplatform.experiments.regression;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ml run regression} end to end on tiny settings (MNIST from ML_DATA_DIR or the embedded sample). */
class RegressionExperimentTest {

    @TempDir
    Path out;

    static RunOptions options(int limit, Map<String, String> params) {
        return new RunOptions(OptionalInt.of(1), OptionalInt.of(50), 3, OptionalInt.of(limit), null, null, false, params);
    }

    @Test
    void writesMetricsFiguresAndModels() throws Exception {
        RegressionExperiment exp = (RegressionExperiment) Experiments.byName("regression");
        RunRecord record = RunRecord.create(out, exp.name(), Map.of());
        String summary = exp.run(new RunContext(options(500, Map.of("logistic-epochs", "20", "softmax-epochs", "20")), record, false));
        assertThat(summary).contains("exact (QR)").contains("full-batch-gd").contains("mini-batch-gd").contains("module-sgd")
                .contains("argmax").contains("MNIST");

        JsonNode cfg = Json.read(record.file(RunRecord.CONFIG));
        assertThat(cfg.get("line").get("n").asInt()).isEqualTo(100);
        assertThat(cfg.get("line").get("slope").asDouble()).isEqualTo(3.0);
        assertThat(cfg.get("linear").get("learningRate").asDouble()).isEqualTo(1e-4);
        assertThat(cfg.get("logistic").get("epochs").asInt()).isEqualTo(20);
        assertThat(cfg.get("mnistLimit").asInt()).isEqualTo(500);

        JsonNode m = Json.read(record.file(RunRecord.METRICS));
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
    void badOptionsNameTheOption() {
        RegressionExperiment exp = new RegressionExperiment();
        assertThatThrownBy(() -> exp.run(new RunContext(options(10, Map.of("mnist", "maybe")),
                RunRecord.create(out, exp.name(), Map.of()), false))).hasMessageContaining("-P mnist=maybe");
        assertThatThrownBy(() -> exp.run(new RunContext(options(10, Map.of("logistic-epochs", "0")),
                RunRecord.create(out, exp.name(), Map.of()), false))).hasMessageContaining("-P logistic-epochs=0");
    }
}
