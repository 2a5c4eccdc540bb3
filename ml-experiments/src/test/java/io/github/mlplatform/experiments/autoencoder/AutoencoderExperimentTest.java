package io.github.mlplatform.experiments.autoencoder;

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
 * {@code ml run autoencoder} end to end on 3,000 training images, 2 epochs and a t-SNE of 500 test
 * digits (MNIST from ML_DATA_DIR or the embedded sample: 4,000 training and 1,000 test digits).
 */
class AutoencoderExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(int epochs, boolean resume, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--epochs", "epochs", epochs),
                Setting.option("--batch-size", "batch-size", 32), Setting.option("--limit", "limit", 3000)));
        given.add(Setting.param("lr", "0.002"));
        given.add(Setting.param("tsne-points", "500"));
        given.add(Setting.param("tsne-iterations", "300"));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((AutoencoderExperiment) Experiments.byName("autoencoder"), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    /**
     * Thresholds from a measured run of these settings (the same on full MNIST and the embedded sample: test MSE 0.0233 against 0.0676 for
     * the mean image; kNN k = 1: codes 0.854, pixels 0.828; k = 5 in the map 0.824; chance 0.134).
     */
    @Test
    void learnsToReconstructKeepsClassesApartAndResumes() throws Exception {
        ExperimentRunner.Outcome o = run(2, false, Map.of());
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        assertThat(m.get("epochs")).hasSize(2);
        double mse = fin.get("test_mse").asDouble();
        double meanImage = fin.get("test_mse_predicting_the_mean_image").asDouble();
        // it learned: the reconstructions are far better than the mean image, which ignores the input
        assertThat(mse).isLessThan(0.6 * meanImage);
        JsonNode knn = fin.get("knn_leave_one_out_accuracy");
        double chance = fin.get("chance_accuracy").asDouble();
        assertThat(chance).isLessThan(0.2);
        // the 32-d codes keep the classes apart: kNN far above chance (about 0.1), and so does the 2-D map
        assertThat(knn.get("codes").get("k1").asDouble()).isGreaterThan(0.6);
        assertThat(knn.get("codes").get("k5").asDouble()).isGreaterThan(0.6);
        assertThat(knn.get("map").get("k5").asDouble()).isGreaterThan(0.5);
        assertThat(knn.get("pixels").get("k1").asDouble()).isGreaterThan(0.6);
        assertThat(fin.get("tsne_points").asInt()).isEqualTo(500);
        for (String f : new String[]{"reconstructions.png", "tsne.png", "loss.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("autoencoder.model")).isNotEmptyFile();
        assertThat(m.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("t-SNE map").contains("codes (32-d)").contains("raw pixels");

        JsonNode cfg = Json.read(rec.file(RunRecord.CONFIG));
        assertThat(cfg.get("epochs").asInt()).isEqualTo(2);
        assertThat(cfg.get("batch-size").asInt()).isEqualTo(32);
        assertThat(cfg.get("lr").asDouble()).isEqualTo(0.002);
        assertThat(cfg.get("limit").asInt()).isEqualTo(3000);
        assertThat(cfg.get("tsne-points").asInt()).isEqualTo(500);
        assertThat(cfg.get("perplexity").asDouble()).isEqualTo(30);

        JsonNode resumed = ResumeCheck.dropEpochTwoAndResumeToThree(rec, (epochs, resume) -> run(epochs, resume, Map.of()), "test_mse");
        assertThat(resumed.get("final").get("test_mse").asDouble()).isLessThan(mse);
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(1, false, Map.of("perplexity", "1"))).hasMessageContaining("perplexity");
        assertThatThrownBy(() -> run(1, false, Map.of("lr", "-1"))).hasMessageContaining("lr");
        assertThatThrownBy(() -> run(1, false, Map.of("tsne-points", "many"))).hasMessageContaining("tsne-points");
        assertThatThrownBy(() -> run(1, false, Map.of("tsne-iterations", "0"))).hasMessageContaining("tsne-iterations");
        // 500 points are too few for perplexity 200 (t-SNE needs 3 x 200 neighbours)
        assertThatThrownBy(() -> run(1, false, Map.of("perplexity", "200"))).hasMessageContaining("tsne-points")
                .hasMessageContaining("perplexity");
        assertThatThrownBy(() -> run(1, false, Map.of("codes", "16"))).hasMessageContaining("codes");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
