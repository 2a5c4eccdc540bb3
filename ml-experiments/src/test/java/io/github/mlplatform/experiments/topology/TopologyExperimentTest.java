package io.github.mlplatform.experiments.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
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

/** {@code ml run topology} end to end on 2,000 images (MNIST from ML_DATA_DIR or the embedded sample). */
class TopologyExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(int epochs, boolean resume, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--epochs", "epochs", epochs), Setting.option("--batch-size", "batch-size", 200),
                Setting.option("--limit", "limit", 2000)));
        given.add(Setting.param("lr", "0.01"));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((TopologyExperiment) Experiments.byName("topology"), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    /**
     * Thresholds from a measured run of these settings (limit 3,000, 6 epochs, batch 256, lr 0.01:
     * 82% of the 8 strongest links within √2 against 1.5% for random links, test R² 0.84); the full
     * run is in docs/results.md.
     */
    @Test
    void maskedObjectiveLearnsGridNeighboursAndResumes() throws Exception {
        ExperimentRunner.Outcome o = run(3, false, Map.of());
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        assertThat(m.get("epochs")).hasSize(3);
        // it learned: most strongest links go to the 8 surrounding pixels, random links almost never do
        assertThat(fin.get("random_share_within_sqrt2").asDouble()).isLessThan(0.03);
        assertThat(fin.get("initial_neighbour_share_within_sqrt2").asDouble()).isLessThan(0.05);
        assertThat(fin.get("neighbour_share_within_sqrt2").asDouble()).isGreaterThan(0.5);
        assertThat(fin.get("neighbour_share_within_2").asDouble()).isGreaterThanOrEqualTo(fin.get("neighbour_share_within_sqrt2").asDouble());
        // and predicts held-out pixels far better than their mean
        assertThat(fin.get("test_r2").asDouble()).isGreaterThan(0.5);
        assertThat(fin.get("least_squares_test_r2").asDouble()).isGreaterThan(fin.get("test_r2").asDouble() - 0.05);
        // the nearest offsets carry the largest mean link
        JsonNode vertical = fin.get("offset_profile").get("vertical");
        assertThat(vertical.get(0).asDouble()).isGreaterThan(Math.abs(vertical.get(1).asDouble()));
        for (String f : new String[]{"weights.png", "weights-centre.png", "least-squares-centre.png", "offset-profile.png", "axis-profile.png",
                "neighbour-share.png", "graph.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("topology.model")).isNotEmptyFile();
        assertThat(m.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("random links").contains("least-squares optimum");

        // --resume with one more epoch continues the same run: 4 epochs, each with its test metrics.
        // First the record loses epoch 3, as when a kill lands between the trainer's checkpoint and the
        // listener that records the epoch: the resumed run lists it again, with its training metrics.
        rec.truncateEpochs(2);
        ExperimentRunner.Outcome r = run(4, true, Map.of());
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode epochs = Json.read(rec.file(RunRecord.METRICS)).get("epochs");
        assertThat(epochs).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(epochs.get(i).get("epoch").asInt()).isEqualTo(i + 1);
            assertThat(epochs.get(i).has("train_loss")).isTrue();
            assertThat(epochs.get(i).has("test_mse")).as("epoch %d", i + 1).isEqualTo(i != 2);
        }
        assertThat(epochs.get(3).get("train_loss").asDouble()).isLessThan(epochs.get(0).get("train_loss").asDouble());
    }

    @Test
    void badSettingsAreRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(1, false, Map.of("objective", "diagonal"))).hasMessageContaining("objective");
        assertThatThrownBy(() -> run(1, false, Map.of("links", "0"))).hasMessageContaining("links");
        assertThatThrownBy(() -> run(1, false, Map.of("batch-size", "5000"))).hasMessageContaining("batch-size");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
