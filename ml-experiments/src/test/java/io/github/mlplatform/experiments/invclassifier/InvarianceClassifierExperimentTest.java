package io.github.mlplatform.experiments.invclassifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ml run invariance-classifier} end to end on a short schedule and 3,000 + 1,000 digits (real MNIST from ML_DATA_DIR). */
class InvarianceClassifierExperimentTest {

    @TempDir
    Path out;

    private static final Map<String, String> SMALL = Map.of("top-epochs", "2", "digits", "3000", "test-digits", "1000",
            "readout-epochs", "5", "workers", "2");

    ExperimentRunner.Outcome run(Map<String, String> params, boolean resume) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--seed", "seed", 7), Setting.option("--epochs", "epochs", 2),
                Setting.option("--limit", "limit", 2000)));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan(new InvarianceClassifierExperiment(), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    @Test
    void learnsFeaturesThatALinearReadOutCanUseAndResumesWithoutRetraining() throws Exception {
        ExperimentRunner.Outcome first = run(SMALL, false);
        RunRecord record = first.record();
        JsonNode m = Json.read(record.file(RunRecord.METRICS));
        JsonNode fin = m.get("final");
        // measured with these settings (seed 7, 2 x 2,000 frames, 25 windows, 5 read-out epochs on 3,000 digits, 1,000 test
        // digits): raw 0.863, sparse 0.872, invariant 0.289, stack 0.477; chance is 0.1 (one s.d. of an accuracy near 0.3 on
        // 1,000 digits is 0.015)
        assertThat(fin.get("accuracy_raw").asDouble()).isGreaterThan(0.80);
        assertThat(fin.get("accuracy_sparse").asDouble()).isGreaterThan(0.80);
        assertThat(fin.get("accuracy_invariant").asDouble()).isGreaterThan(0.20);
        assertThat(fin.get("accuracy_stack").asDouble()).isGreaterThan(0.40);
        assertThat(fin.get("readouts")).hasSize(4);
        assertThat(fin.get("readouts").get(1).get("dim").asInt()).isEqualTo(900);
        assertThat(fin.get("readouts").get(2).get("dim").asInt()).isEqualTo(100);
        assertThat(m.get("notes").get("window_positions").asInt()).isEqualTo(25);
        // epochs: 2 of the sparse + invariant pair, then 2 of the top layer
        assertThat(m.get("epochs")).hasSize(4);
        assertThat(m.get("epochs").get(3).get("stage").asText()).isEqualTo("top-sparse");
        for (String f : new String[] {"sparse_weights.png", "invariant_weights.png", "prototypes.png", "affinity_groups.png",
                "top_sparse_weights.png", "top_prototypes.png", "accuracy.png", "readout_curves.png"}) {
            assertThat(record.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(record.file(InvarianceClassifierExperiment.CHECKPOINT)).isNotEmptyFile();
        assertThat(record.file(InvarianceClassifierExperiment.TOP_LAYER)).isNotEmptyFile();
        assertThat(first.summary()).contains("points").contains("Krotov & Hopfield");

        // --resume: the layers and read-outs are loaded, not trained again, so the numbers are the same
        long topWritten = Files.getLastModifiedTime(record.file(InvarianceClassifierExperiment.TOP_LAYER)).toMillis();
        ExperimentRunner.Outcome second = run(SMALL, true);
        assertThat(second.record().dir()).isEqualTo(record.dir());
        assertThat(Files.getLastModifiedTime(record.file(InvarianceClassifierExperiment.TOP_LAYER)).toMillis()).isEqualTo(topWritten);
        JsonNode fin2 = Json.read(record.file(RunRecord.METRICS)).get("final");
        for (String set : InvarianceClassifierExperiment.FEATURE_SETS) {
            assertThat(fin2.get("accuracy_" + set).asDouble()).as(set).isEqualTo(fin.get("accuracy_" + set).asDouble());
        }
        assertThat(Json.read(record.file(RunRecord.METRICS)).get("epochs")).hasSize(4);
    }

    @Test
    void badOptionsNameTheKeyAndWriteNothing() {
        assertThatThrownBy(() -> run(Map.of("pooling", "mean"), false)).hasMessageStartingWith("-P pooling=mean: expected one of");
        assertThatThrownBy(() -> run(Map.of("stride", "0"), false)).hasMessageContaining("stride");
        assertThatThrownBy(() -> run(Map.of("top-winners", "901"), false)).hasMessageContaining("top-winners");
        assertThatThrownBy(() -> run(Map.of("digits", "60001"), false)).hasMessageContaining("digits");
        assertThatThrownBy(() -> run(Map.of("top-neurons", "3601"), false)).hasMessageContaining("top-neurons");
        assertThatThrownBy(() -> run(Map.of("readout-epoch", "3"), false)).hasMessageContaining("did you mean 'readout-epochs'?");
        assertThat(out.resolve("invariance-classifier")).doesNotExist();
    }

    @Test
    void verdictIsComputedFromTheNumbers() {
        List<Readout.Result> r = List.of(new Readout.Result("raw", 784, 0.93, 0.92, 0.3, 1, List.of()),
                new Readout.Result("sparse", 900, 0.95, 0.945, 0.2, 1, List.of()),
                new Readout.Result("stack", 900, 0.90, 0.90, 0.4, 1, List.of()));
        assertThat(InvarianceClassifierExperiment.verdict(r, 0.985)).isEqualTo("The best learned features (sparse, 94.50%) are "
                + "2.50 points better than raw pixels (92.00%) and 4.00 points below Krotov & Hopfield 2019's 98.5%.");
    }
}
