package io.github.mlplatform.experiments.invariance;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiment;
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

/** {@code ml run invariance-presets} end to end on a short schedule (real MNIST from ML_DATA_DIR or the embedded sample). */
class InvariancePresetsExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(Experiment<?> e, int limit, Map<String, String> params) throws Exception {
        List<Setting> given = new ArrayList<>(List.of(Setting.option("--seed", "seed", 7), Setting.option("--epochs", "epochs", 1),
                Setting.option("--limit", "limit", limit)));
        params.forEach((k, v) -> given.add(Setting.param(k, v)));
        return ExperimentRunner.execute(ExperimentRunner.plan(e, given, new RunOptions(null, out), false), Map.of());
    }

    @Test
    void trainsThePresetsInParallelAsTheSingleRunsWould() throws Exception {
        ExperimentRunner.Outcome o = run(new InvariancePresetsExperiment(), 300,
                Map.of("presets", "six-winners,stable", "workers", "2"));
        RunRecord record = o.record();
        JsonNode fin = Json.read(record.file(RunRecord.METRICS)).get("final");
        JsonNode presets = fin.get("presets");
        assertThat(presets).hasSize(2);
        assertThat(presets.get(0).get("preset").asText()).isEqualTo("six-winners");
        assertThat(presets.get(0).get("winners").asInt()).isEqualTo(6);
        assertThat(presets.get(1).get("preset").asText()).isEqualTo("stable");
        for (JsonNode p : presets) {
            assertThat(p.get("steps_per_second").asDouble()).isPositive();
            assertThat(p.get("seconds").asDouble()).isPositive();
            assertThat(p.get("verdict").asText()).startsWith("The trained layer's slowness");
        }
        assertThat(fin.get("workers").asInt()).isEqualTo(2);
        assertThat(fin.get("sum_of_preset_seconds").asDouble()).isPositive();
        assertThat(fin.get("parallel_speedup").asDouble())
                .isEqualTo(fin.get("sum_of_preset_seconds").asDouble() / fin.get("wall_seconds").asDouble());
        for (String f : new String[] {"six-winners/prototypes_normalised.png", "six-winners/sparse_weights.png",
                "stable/affinity_groups.png", "prototypes_side_by_side.png"}) {
            assertThat(record.figuresDir().resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(o.summary()).contains("six-winners").contains("stable").contains("wall time");

        // training beside another preset on another thread changes nothing: the same numbers as ml run invariance
        JsonNode single = Json.read(run(new InvarianceExperiment(), 300, Map.of("preset", "six-winners", "gif-frames", "0"))
                .record().file(RunRecord.METRICS)).get("final");
        for (String k : new String[] {"slowness_trained", "slowness_initial_u", "slowness_shuffled", "slowness_grouping",
                "separation_trained", "separation_grouping", "coverage", "recon_relative"}) {
            assertThat(presets.get(0).get(k).asDouble()).as(k).isEqualTo(single.get(k).asDouble());
        }
    }

    @Test
    void badPresetListsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> run(new InvariancePresetsExperiment(), 100, Map.of("presets", "stable", "neurons", "901")))
                .hasMessageStartingWith("-P neurons=901: must be in 1..900");
        assertThatThrownBy(() -> run(new InvariancePresetsExperiment(), 100, Map.of("presets", "stable,stable")))
                .hasMessageContaining("presets");
        assertThatThrownBy(() -> run(new InvariancePresetsExperiment(), 100, Map.of("presets", "seven-winners")))
                .hasMessageContaining("-P presets=seven-winners");
        assertThatThrownBy(() -> run(new InvariancePresetsExperiment(), 100, Map.of("workers", "0")))
                .hasMessageContaining("workers");
        assertThat(out.resolve("invariance-presets")).doesNotExist();
    }
}
