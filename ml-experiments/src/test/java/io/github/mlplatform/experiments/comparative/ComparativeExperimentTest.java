package io.github.mlplatform.experiments.comparative;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.ResumeCheck;
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

/**
 * {@code ml run comparative} end to end on 3,000 training images, 2 epochs of 6,000 pairs, 2,000
 * test pairs and 500 classified test digits (MNIST from ML_DATA_DIR or the embedded sample: 4,000
 * training and 1,000 test digits).
 */
class ComparativeExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(int epochs, boolean resume, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--epochs", "epochs", epochs),
                Setting.option("--batch-size", "batch-size", 32)));
        if (!params.containsKey("limit")) {
            given.add(Setting.option("--limit", "limit", 3000));
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("train-pairs", "6000", "test-pairs", "2000", "classify-digits", "500",
                "reference-draws", "2"));
        all.putAll(params);
        all.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((ComparativeExperiment) Experiments.byName("comparative"), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    /**
     * Thresholds from a measured run of these settings (embedded sample): test pair accuracy 79.2% after epoch 1, 82.2% after
     * epoch 2; classifier, mean of 2 draws, K = 1 / 5 / 10: network 53.8 / 72.7 / 75.2%, 1-NN on
     * pixels 30.8 / 60.5 / 68.1%, 1-NN on the codes 47.6 / 67.8 / 73.5%.
     */
    @Test
    void learnsWhetherTwoDigitsAreTheSameClassifiesByComparisonAndResumes() throws Exception {
        ExperimentRunner.Outcome o = run(2, false, Map.of());
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        assertThat(m.get("epochs")).hasSize(2);
        assertThat(fin.get("test_pairs").asInt()).isEqualTo(2000);
        double pairAccuracy = fin.get("test_pair_accuracy").asDouble();
        // chance is exactly 50% (balanced pairs); measured 0.822
        assertThat(pairAccuracy).isGreaterThan(0.78);
        assertThat(fin.get("test_pair_accuracy_same").asDouble()).isGreaterThan(0.6);
        assertThat(fin.get("test_pair_accuracy_different").asDouble()).isGreaterThan(0.6);
        JsonNode table = fin.get("classifier_accuracy");
        // ten classes: chance about 10%; measured 0.752, 0.538 and 0.681
        assertThat(table.get("network").get("k10").asDouble()).isGreaterThan(0.70);
        assertThat(table.get("network").get("k1").asDouble()).isGreaterThan(0.45);
        assertThat(table.get("pixels_1nn").get("k10").asDouble()).isGreaterThan(0.6);
        // the claim in small: with the same 5 references per class the network labels more digits right than 1-NN on pixels (0.727 vs 0.605)
        assertThat(table.get("network").get("k5").asDouble()).isGreaterThan(table.get("pixels_1nn").get("k5").asDouble() + 0.05);
        for (String method : new String[]{"network", "pixels_1nn", "pixels_3nn", "codes_1nn"}) {
            for (String k : new String[]{"k1", "k5", "k10"}) {
                JsonNode row = table.get(method);
                assertThat(row.get(k + "_min").asDouble()).as("%s %s", method, k).isLessThanOrEqualTo(row.get(k).asDouble())
                        .isGreaterThan(0.15);
                assertThat(row.get(k + "_max").asDouble()).isGreaterThanOrEqualTo(row.get(k).asDouble());
            }
        }
        for (String f : new String[]{"classifier.png", "pairs.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("comparative.model")).isNotEmptyFile();
        assertThat(m.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("test pairs").contains("K = 10").contains("1-NN on raw pixels");

        JsonNode cfg = Json.read(rec.file(RunRecord.CONFIG));
        assertThat(cfg.get("epochs").asInt()).isEqualTo(2);
        assertThat(cfg.get("train-pairs").asInt()).isEqualTo(6000);
        assertThat(cfg.get("reference-draws").asInt()).isEqualTo(2);

        JsonNode resumed = ResumeCheck.dropEpochTwoAndResumeToThree(rec, (epochs, resume) -> run(epochs, resume, Map.of()), "test_pair_accuracy");
        // the third epoch trained on its own fresh pairs and the test pairs are the same draw: the accuracy moved, within reason
        assertThat(resumed.get("final").get("test_pair_accuracy").asDouble()).isNotEqualTo(pairAccuracy).isGreaterThan(0.78);
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(1, false, Map.of("train-pairs", "7"))).hasMessageContaining("train-pairs").hasMessageContaining("even");
        assertThatThrownBy(() -> run(1, false, Map.of("test-pairs", "0"))).hasMessageContaining("test-pairs");
        assertThatThrownBy(() -> run(1, false, Map.of("lr", "-1"))).hasMessageContaining("lr");
        assertThatThrownBy(() -> run(1, false, Map.of("reference-draws", "0"))).hasMessageContaining("reference-draws");
        assertThatThrownBy(() -> run(1, false, Map.of("classify-digits", "many"))).hasMessageContaining("classify-digits");
        assertThatThrownBy(() -> run(1, false, Map.of("references", "3"))).hasMessageContaining("references");
        assertThatThrownBy(() -> run(1, false, Map.of("limit", "50"))).hasMessageContaining("limit").hasMessageContaining("200");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
