package io.github.mlplatform.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep on {@code local[2]} of {@code linear-regression} on 3 points: degree 1 fits, degree 5 (6
 * parameters) fails at run time in the least-squares solver. The failures are recorded with their
 * error and the good configurations finish; run again, the sweep reuses the finished ones and
 * tries only the failed ones.
 */
class SweepLocalTest {

    @TempDir
    Path tmp;

    private static final String[] GRID = {"linear-regression", "--grid", "degree=1,5", "--seeds", "2", "-P", "points=3", "-P", "outliers=0",
            "-P", "epochs=2", "--master", "local[2]", "--metric", "least_squares_mse"};

    private String[] args(Path out) {
        List<String> a = new ArrayList<>(List.of("sweep"));
        a.addAll(List.of(GRID));
        a.addAll(List.of("--out", out.toString()));
        return a.toArray(new String[0]);
    }

    @Test
    void failuresAreRecordedTheOthersFinishAndARerunResumes() throws Exception {
        Path out = tmp.resolve("sweep");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = SweepMain.execute(args(out), new PrintWriter(so, true), new PrintWriter(se, true));
        assertThat(code).as(so + "\n" + se).isEqualTo(SweepMain.FAILED);
        assertThat(so.toString()).contains("4 configurations, 0 finished earlier, 4 to run on local[2]")
                .contains("[4/4]").contains("2 of 4 configurations finished, 2 failed");

        JsonNode sweep = Json.read(out.resolve(SweepReport.JSON));
        assertThat(sweep.path("metric").asText()).isEqualTo("least_squares_mse");
        assertThat(sweep.path("goal").asText()).isEqualTo("min");
        JsonNode configs = sweep.path("configurations");
        assertThat(configs).hasSize(4);
        // ranked: the two finished degree-1 fits first, smaller MSE first, then the failures with their error
        assertThat(configs.get(0).path("status").asText()).isEqualTo("finished");
        assertThat(configs.get(1).path("status").asText()).isEqualTo("finished");
        double first = configs.get(0).path("final").path("least_squares_mse").asDouble();
        double second = configs.get(1).path("final").path("least_squares_mse").asDouble();
        assertThat(first).isPositive().isLessThan(second);
        for (int i = 2; i < 4; i++) {
            JsonNode c = configs.get(i);
            assertThat(c.path("status").asText()).isEqualTo("failed");
            assertThat(c.path("params").path("degree").asText()).isEqualTo("5");
            assertThat(c.path("error").asText()).contains("expected at least 6 observations for 6 parameters, got 3");
            // the run directory records the failure as ml run does
            JsonNode m = Json.read(out.resolve(c.path("run_dir").asText()).resolve(RunRecord.METRICS));
            assertThat(m.path("status").asText()).isEqualTo("failed");
        }

        // each finished run is what 'ml run' makes of the same settings: same config.json, a report
        JsonNode best = configs.get(0);
        Path run = out.resolve(best.path("run_dir").asText());
        assertThat(run.startsWith(out.resolve("runs").resolve(best.path("id").asText()))).isTrue();
        Experiment<?> e = Experiments.byName("linear-regression");
        List<Setting> settings = List.of(Setting.param("points", "3"), Setting.param("outliers", "0"), Setting.param("epochs", "2"),
                Setting.param("degree", "1"), Setting.param("seed", best.path("params").path("seed").asText()));
        assertThat(Json.read(run.resolve(RunRecord.CONFIG)))
                .isEqualTo(Json.mapper().readTree(Json.mapper().writeValueAsString(configMap(e, settings))));
        assertThat(run.resolve("report.html")).isRegularFile();

        List<String> csv = Files.readAllLines(out.resolve(SweepReport.CSV));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("rank,id,status,degree,seed,").contains("least_squares_mse");
        assertThat(csv.get(1)).startsWith("1,\"degree=1,seed=");
        assertThat(csv.get(4)).contains(",failed,5,").contains("expected at least 6 observations");
        String html = Files.readString(out.resolve(SweepReport.HTML));
        assertThat(html).contains("Ranked by <b>least_squares_mse</b>, smallest first")
                .contains("figures/metric-vs-degree.png").contains("figures/metric-vs-seed.png")
                .contains("runs/degree%3D1%2Cseed%3D42/linear-regression/");
        assertThat(out.resolve("figures/metric-vs-degree.png")).isRegularFile();

        // run again: the finished configurations are reused (not run), the failed ones are tried again
        StringWriter so2 = new StringWriter();
        int again = SweepMain.execute(args(out), new PrintWriter(so2, true), new PrintWriter(new StringWriter(), true));
        assertThat(again).isEqualTo(SweepMain.FAILED);
        assertThat(so2.toString()).contains("4 configurations, 2 finished earlier, 2 to run");
        JsonNode configs2 = Json.read(out.resolve(SweepReport.JSON)).path("configurations");
        assertThat(configs2.get(0).path("reused").asBoolean()).isTrue();
        assertThat(configs2.get(0).path("run_dir").asText()).isEqualTo(best.path("run_dir").asText());
        assertThat(configs2.get(0).path("final").path("least_squares_mse").asDouble()).isEqualTo(first);
        assertThat(configs2.get(3).path("reused").asBoolean()).isFalse();
        try (Stream<Path> runs = Files.list(out.resolve("runs/degree=1,seed=42/linear-regression"))) {
            assertThat(runs.count()).as("a finished configuration is not run again").isEqualTo(1);
        }
        try (Stream<Path> runs = Files.list(out.resolve("runs/degree=5,seed=42/linear-regression"))) {
            assertThat(runs.count()).as("a failed configuration is tried again").isEqualTo(2);
        }
    }

    private static <C extends Record> Object configMap(Experiment<C> e, List<Setting> settings) throws Exception {
        return ExperimentRunner.plan(e, settings, new RunOptions(null, Path.of("unused")), false).configMap();
    }
}
