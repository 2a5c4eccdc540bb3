package io.github.mlplatform.experiments.bigram;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.DatasetNotFoundException;
import io.github.mlplatform.datasets.Names;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ml run bigram} end to end on makemore's names (from ML_DATA_DIR; skipped when the file is not there). */
class BigramExperimentTest {

    @TempDir
    Path out;

    @BeforeAll
    static void namesAvailable() throws Exception {
        boolean found;
        try {
            Names.builder().download(false).build().load();
            found = true;
        } catch (DatasetNotFoundException e) {
            found = false;
        }
        assumeTrue(found, "names.txt not found (set ML_DATA_DIR)");
    }

    ExperimentRunner.Outcome run(Map<String, String> params, boolean resume) throws Exception {
        List<Setting> given = new ArrayList<>();
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        var plan = ExperimentRunner.plan((BigramExperiment) Experiments.byName("bigram"), given, new RunOptions(null, out), resume);
        return ExperimentRunner.execute(plan, Map.of());
    }

    static JsonNode metrics(ExperimentRunner.Outcome o) throws Exception {
        return Json.read(o.record().file(RunRecord.METRICS));
    }

    /**
     * makemore's pairs, 5 full-batch steps: the count model's NLL over all names is 2.4546 (the issue's
     * figure, ±0.0005); the layer learns from 3.8 nats (random W) — measured 2.80 after 5 steps.
     */
    @Test
    void countModelFigureAndTheLayerLearnsOnThePairs() throws Exception {
        ExperimentRunner.Outcome o = run(Map.of("epochs", "5"), false);
        JsonNode fin = metrics(o).get("final");
        assertThat(fin.get("names").asInt()).isEqualTo(32033);
        assertThat(fin.get("pairs").asInt()).isEqualTo(228146);
        assertThat(fin.get("count_nll").asDouble()).isCloseTo(2.4546, within(0.0005));
        JsonNode epochs = metrics(o).get("epochs");
        assertThat(epochs).hasSize(5);
        assertThat(epochs.get(0).get("train_loss").asDouble()).isGreaterThan(3.5);
        assertThat(fin.get("linear_nll").asDouble()).isLessThan(2.85);
        assertThat(fin.get("execution").asText()).startsWith("REPLAYED");
        assertThat(fin.get("samples_counts")).hasSize(20);
        assertThat(fin.get("samples_linear")).hasSize(20);
        assertThat(o.summary()).contains("count model (add-1)", "mean NLL 2.454");
        for (String f : new String[] {"bigram_counts.png", "probabilities_counts.png", "probabilities_linear.png", "nll.png"}) {
            assertThat(o.record().figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(o.record().file("bigram-linear.model")).isNotEmptyFile();
    }

    /**
     * The grouped batch (27 rows weighted by their counts) takes the same steps as the 228,146 pairs, and
     * within 300 steps the layer gets within the figure of the count model (NLL &lt;= 2.47; measured
     * 2.4628, first below 2.47 at epoch 131); from the same random stream the two models then sample
     * mostly the same names.
     */
    @Test
    void groupedBatchTakesTheSameStepsAndConvergesToTheCounts() throws Exception {
        JsonNode pairs = metrics(run(Map.of("epochs", "3", "samples", "0"), false)).get("final");
        JsonNode grouped = metrics(run(Map.of("epochs", "3", "samples", "0", "batch", "grouped"), false)).get("final");
        // the NLL of the weights after 3 steps, computed in double from W: the steps agree to float rounding of the
        // gradients (a side check of one gradient on 228,146 random pairs: 2e-8 from the exact one in either mode);
        // the per-epoch train_loss is a float32 mean over all rows and differs by up to ~1e-4 in the pairs mode
        assertThat(grouped.get("linear_nll").asDouble()).isCloseTo(pairs.get("linear_nll").asDouble(), within(1e-5));
        ExperimentRunner.Outcome full = run(Map.of("batch", "grouped"), false);
        JsonNode fin = metrics(full).get("final");
        assertThat(fin.get("linear_nll").asDouble()).isLessThanOrEqualTo(2.47).isGreaterThan(fin.get("count_nll").asDouble());
        assertThat(fin.get("first_epoch_nll_at_most_2_47").asInt()).isBetween(100, 160);
        assertThat(fin.get("samples_identical").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(fin.get("execution").asText()).startsWith("REPLAYED");
    }

    /** A killed run continues from its last checkpoint: 3 epochs, then --resume with 6 ends with 6 epochs in one run directory. */
    @Test
    void resumesFromTheCheckpoint() throws Exception {
        ExperimentRunner.Outcome first = run(Map.of("epochs", "3", "samples", "0", "batch", "grouped"), false);
        ExperimentRunner.Outcome second = run(Map.of("epochs", "6"), true);
        assertThat(second.record().dir()).isEqualTo(first.record().dir());
        JsonNode epochs = metrics(second).get("epochs");
        assertThat(epochs).hasSize(6);
        assertThat(epochs.get(5).get("train_loss").asDouble()).isLessThan(epochs.get(2).get("train_loss").asDouble());
        assertThatThrownBy(() -> run(Map.of("epochs", "8", "lr", "10"), true)).hasMessageContaining("lr");
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> run(Map.of("batch", "rows"), false)).hasMessageContaining("-P batch=rows: expected one of pairs, grouped");
        assertThatThrownBy(() -> run(Map.of("lr", "0"), false)).hasMessage("-P lr=0: must be a number > 0");
        assertThatThrownBy(() -> run(Map.of("smoothing", "-1"), false)).hasMessageContaining("-P smoothing=-1:");
        assertThat(out.resolve("bigram")).doesNotExist();
    }
}
