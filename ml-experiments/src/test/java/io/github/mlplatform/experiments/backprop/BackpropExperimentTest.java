package io.github.mlplatform.experiments.backprop;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
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

/** {@code ml run backprop} end to end on a small grid, and its option checks. */
class BackpropExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(String... settings) throws Exception {
        List<Setting> given = new ArrayList<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            given.add(Setting.param(s.substring(0, eq), s.substring(eq + 1)));
        }
        var plan = ExperimentRunner.plan((BackpropExperiment) Experiments.byName("backprop"), given, new RunOptions(null, out), false);
        return ExperimentRunner.execute(plan, Map.of());
    }

    static JsonNode find(JsonNode rows, String architecture, String task) {
        for (JsonNode r : rows) {
            if (r.get("architecture").asText().equals(architecture) && r.get("task").asText().equals(task)) {
                return r;
            }
        }
        throw new AssertionError("no row for " + architecture + " / " + task);
    }

    @Test
    void smallGridLearnsTheLinearTasksShowsDivergenceAndTheSeedsSlowerGradient() throws Exception {
        ExperimentRunner.Outcome o = run("architectures=affine,affine-relu,affine-affine", "tasks=identity,rotate",
                "alphas=0.01,0.1,1", "facts=300", "eval-facts=200", "heatmap-alphas=3");
        RunRecord rec = o.record();
        JsonNode fin = Json.read(rec.file(RunRecord.METRICS)).get("final");
        JsonNode verdicts = fin.get("verdicts");
        // one affine layer learns a linear map exactly (the seed: "it learns just fine"), and alpha 1 diverges
        JsonNode affine = find(verdicts, "affine", "identity");
        assertThat(affine.get("learned").asBoolean()).isTrue();
        assertThat(affine.get("best_r_squared").asDouble()).isGreaterThan(0.999);
        assertThat(affine.get("first_diverging_alpha").asDouble()).isEqualTo(1.0);
        // ReLU cannot output the negative half: about half the variance stays unexplained, at every alpha
        JsonNode relu = find(verdicts, "affine-relu", "rotate");
        assertThat(relu.get("learned").asBoolean()).isFalse();
        assertThat(relu.get("best_r_squared").asDouble()).isBetween(0.3, 0.7);
        // the seed's M.dE/dy: the same numbers where the affine layer is first ...
        assertThat(fin.get("seed_gradient_identical_where_affine_is_first").asBoolean()).isTrue();
        // ... slower (or diverging) once a second affine layer passes it back, on the antisymmetric task most
        JsonNode rotate = find(fin.get("seed_vs_chain_rule"), "affine-affine", "rotate");
        int chain = rotate.get("chain_rule_facts_to_r_squared_0.9").asInt();
        assertThat(chain).isPositive();
        JsonNode seed = rotate.get("seed_facts_to_r_squared_0.9");
        assertThat(seed.isNull() || seed.asInt() > 2 * chain).as("seed's gradient reaches R^2 0.9 after " + seed + " facts, chain rule "
                + chain).isTrue();
        assertThat(fin.get("cells")).hasSize(3 * 2 * 2 * 3);
        for (String f : List.of("curves.png", "loss-over-alpha-and-n.png", "seed-gradient-vs-chain-rule.png", "r-squared.png")) {
            assertThat(Files.size(rec.figuresDir().resolve(f))).as(f).isGreaterThan(1000);
        }
        assertThat(Files.readAllLines(rec.file("cells.csv"))).hasSize(1 + 3 * 2 * 2 * 3);
        assertThat(o.summary()).contains("identical to the chain rule, bit for bit");
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> run("alphas=0.1,0")).hasMessageContaining("alphas");
        assertThatThrownBy(() -> run("tasks=identity,parity")).hasMessageContaining("tasks");
        assertThatThrownBy(() -> run("gradients=seed-untransposed")).hasMessageContaining("gradients")
                .hasMessageContaining("must include transposed");
        assertThatThrownBy(() -> run("facts=0")).hasMessageContaining("facts");
        assertThatThrownBy(() -> run("seed=-1")).hasMessageContaining("seed");
    }
}
