package io.github.mlplatform.experiments.attention;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ml run self-attention} end to end on 2,000 training images, 2 epochs, 500 test images (MNIST
 * from ML_DATA_DIR or the embedded sample), and the network's attention-weights output.
 */
class AttentionExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(int epochs, boolean resume, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--epochs", "epochs", epochs),
                Setting.option("--limit", "limit", 2000)));
        given.add(Setting.param("test-limit", "500"));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((AttentionExperiment) Experiments.byName("self-attention"), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    /** Thresholds from a measured run of these settings: see the comments at each. */
    @Test
    void learnsBeatsChanceDrawsMapsAndResumes() throws Exception {
        ExperimentRunner.Outcome o = run(2, false, Map.of());
        RunRecord rec = o.record();
        JsonNode m = Json.read(rec.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        assertThat(m.get("epochs")).hasSize(2);
        double acc = fin.get("test_accuracy").asDouble();
        double base = fin.get("baseline_test_accuracy").asDouble();
        // measured with these settings on the embedded sample: attention 0.648, baseline 0.684 after 2 epochs (chance 0.1); after a
        // third (the resume below) 0.768. On 2,000 images and 63 steps the attention is not yet ahead (full data: docs/results.md)
        assertThat(acc).isGreaterThan(0.55);
        assertThat(base).isGreaterThan(0.55);
        assertThat(m.get("epochs").get(1).get("baseline_test_accuracy").asDouble()).isEqualTo(base);
        JsonNode dist = fin.get("attention_mean_distance_pixels");
        assertThat(dist).hasSize(4);
        double uniform = fin.get("uniform_attention_mean_distance_pixels").asDouble();
        assertThat(uniform).isBetween(6.0, 8.0);   // the mean distance between two pixels of a 14 × 14 grid, about 7.3
        dist.forEach(d -> assertThat(d.asDouble()).isBetween(0.0, 2 * uniform));
        for (String f : new String[]{"attention-maps.png", "accuracy.png"}) {
            assertThat(rec.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(rec.file("self-attention.model")).isNotEmptyFile();
        assertThat(m.get("notes").get("execution_path").asText()).startsWith("REPLAYED");
        assertThat(o.summary()).contains("baseline, no attention").contains("mean attention distance");

        JsonNode cfg = Json.read(rec.file(RunRecord.CONFIG));
        assertThat(cfg.get("epochs").asInt()).isEqualTo(2);
        assertThat(cfg.get("image-size").asInt()).isEqualTo(14);
        assertThat(cfg.get("pool").asText()).isEqualToIgnoringCase("max");
        assertThat(cfg.get("limit").asInt()).isEqualTo(2000);
        assertThat(cfg.get("layers").asInt()).isEqualTo(2);

        // --resume with one more epoch continues the same run from the checkpoint
        ExperimentRunner.Outcome r = run(3, true, Map.of());
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode epochs = Json.read(rec.file(RunRecord.METRICS)).get("epochs");
        assertThat(epochs).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(epochs.get(i).get("epoch").asInt()).isEqualTo(i + 1);
        }
        assertThat(epochs.get(2).get("train_loss").asDouble()).isLessThan(epochs.get(0).get("train_loss").asDouble());
    }

    @Test
    void mapsNetworkGivesEachLayersWeightsAndSharesTheParameterNames() {
        AttentionNet.Spec spec = new AttentionNet.Spec(14, AttentionNet.Pooling.AVG, 8, 2, 2);
        Model model = AttentionExperiment.model(spec, 3);
        Model maps = Model.builder(((AttentionNet) model.module()).maps()).inputShape(1, 28, 28).seed(4).build();
        assertThat(maps.loadStateDict(model.stateDict(), true).complete()).isTrue();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        assertThat(model.predict(x).shape()).containsExactly(3, 10);
        INDArray w = maps.predict(x);
        assertThat(w.shape()).containsExactly(3, 4, 196, 196);
        assertThat(w.sum(3).sub(1).amaxNumber().doubleValue()).isLessThan(1e-4);
        assertThat(w.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> new AttentionNet(spec.withoutAttention()).maps()).hasMessageContaining("no attention layers");
        // the baseline's parameters: embedding 2·8 + 196·8, head 196·8·10 + 10
        assertThat(new AttentionNet(spec.withoutAttention()).parameterCount()).isEqualTo(16 + 1568 + 15680 + 10);
    }

    @Test
    void distancesOfUniformAndSelfAttention() {
        assertThat(AttentionExperiment.uniformDistance(2)).isCloseTo((0 + 1 + 1 + Math.sqrt(2)) / 4, org.assertj.core.data.Offset.offset(1e-12));
        INDArray identity = Nd4j.eye(4).castTo(DataType.DOUBLE).reshape(1, 1, 4, 4);
        assertThat(AttentionExperiment.meanDistances(identity, 2)[0]).isZero();
    }

    @Test
    void badSettingsNameTheirKeyBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(1, false, Map.of("image-size", "20"))).hasMessageContaining("image-size").hasMessageContaining("28 or 14");
        assertThatThrownBy(() -> run(1, false, Map.of("heads", "3"))).hasMessageContaining("heads");
        assertThatThrownBy(() -> run(1, false, Map.of("pool", "median"))).hasMessageContaining("pool");
        assertThatThrownBy(() -> run(1, false, Map.of("query-row", "14"))).hasMessageContaining("query-row");
        assertThatThrownBy(() -> run(1, false, Map.of("lr", "0"))).hasMessageContaining("lr");
        assertThatThrownBy(() -> run(1, false, Map.of("layer", "2"))).hasMessageContaining("layer");
        assertThat(out.toFile().list()).isNullOrEmpty();
    }
}
