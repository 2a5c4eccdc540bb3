package io.github.mlplatform.experiments.softfloor;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code ml run softfloor} end to end, and its numbers against the seed's formula and the closed forms. */
class SoftfloorExperimentTest {

    @TempDir
    Path out;

    ExperimentRunner.Outcome run(List<Setting> given) throws Exception {
        var plan = ExperimentRunner.plan((SoftfloorExperiment) Experiments.byName("softfloor"), given, new RunOptions(null, out), false);
        return ExperimentRunner.execute(plan, Map.of());
    }

    /** The seed's function written out independently: sympy's root replaced by its closed form. */
    static double seed(double eps, double x) {
        double f = 1 + eps;
        double a = Math.log((f + 1) / (f - 1));
        double floor = Math.floor(x + 0.5);
        double t = x - floor;
        return floor + f * (1 / (1 + Math.exp(-(2 * t) * a)) - 1) + 0.5 * f - 0.5;
    }

    @Test
    void defaultRunWritesTheSeedFigureTheTableAndTheReport() throws Exception {
        ExperimentRunner.Outcome o = run(List.of());
        RunRecord rec = o.record();
        JsonNode fin = Json.read(rec.file(RunRecord.METRICS)).get("final");
        JsonNode table = fin.get("table");
        // 4 factors x the 9 integers and half-integers of [-2, 2]
        assertThat(table).hasSize(36);
        for (JsonNode row : table) {
            double eps = row.get("factor").asDouble();
            double x = row.get("x").asDouble();
            double f = 1 + eps;
            double a = Math.log((f + 1) / (f - 1));
            boolean integer = x == Math.rint(x);
            assertThat(row.get("value").asDouble()).as("value at %s, factor %s", x, eps)
                    .isCloseTo(seed(eps, x), within(1e-12))
                    .isCloseTo(integer ? x - 0.5 : Math.floor(x), within(1e-12));
            assertThat(row.get("derivative").asDouble()).as("derivative at %s, factor %s", x, eps)
                    .isCloseTo(integer ? a * f / 2 : a * (f * f - 1) / (2 * f), within(1e-9 * a * f));
            // and against a central difference of the seed's formula (smooth at the half-integers too, where round() jumps)
            double h = 1e-6;
            double numeric = (seed(eps, x + h) - seed(eps, x - h)) / (2 * h);
            assertThat(row.get("derivative").asDouble()).isCloseTo(numeric, within(1e-5 * Math.max(1, numeric)));
            assertThat(row.get("distance_to_floor").asDouble()).isCloseTo(integer ? -0.5 : 0, within(1e-12));
        }
        assertThat(fin.get("factor_1e-4").get("slope_at_integers").asDouble()).isCloseTo(4.95, within(0.01));
        // transition width 2t: y(n + t) = n - 0.01 solved in closed form, sigma(2ta) = 1/2 + 0.49/f
        for (double eps : new double[]{0.5, 0.1, 0.01, 1e-4}) {
            double f = 1 + eps;
            double a = Math.log((f + 1) / (f - 1));
            double s = 0.5 + 0.49 / f;
            double width = 2 * Math.log(s / (1 - s)) / (2 * a);
            assertThat(fin.get("factor_" + (eps == 1e-4 ? "1e-4" : Double.toString(eps))).get("transition_width").asDouble())
                    .as("transition width, factor %s", eps).isCloseTo(width, within(1e-9));
        }
        // even the seed's sharpest factor is within 0.01 of the floor on only about half of each unit interval
        assertThat(fin.get("factor_1e-4").get("transition_width").asDouble()).isBetween(0.45, 0.48);
        assertThat(fin.get("max_value_error_vs_closed_form").asDouble()).isLessThan(1e-12);

        for (String f : new String[]{"figures/softfloor.png", "figures/softfloor-derivative.png", "svg/softfloor.svg", "svg/softfloor-derivative.svg"}) {
            assertThat(rec.file(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readString(rec.file("svg/softfloor.svg"), StandardCharsets.UTF_8)).contains("<svg").contains("<path");
        assertThat(Files.readAllLines(rec.file("table.csv"))).hasSize(37).first().isEqualTo("factor,x,value,derivative,distance_to_floor");
        assertThat(rec.dir().resolve("report.html")).content().contains("softfloor.png").contains("slope at n").contains("y(n+½)");
        assertThat(o.summary()).contains("factor").contains("1e-4");
    }

    @Test
    void settingsAreCheckedBeforeAnythingIsWritten() throws Exception {
        assertThatThrownBy(() -> run(List.of(Setting.param("factors", "0.1,-1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors");
        assertThatThrownBy(() -> run(List.of(Setting.param("x-min", "3")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-min");
        assertThatThrownBy(() -> run(List.of(Setting.param("facotrs", "0.1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors");
        assertThat(out).isEmptyDirectory();

        ExperimentRunner.Outcome o = run(List.of(Setting.param("factors", "0.3"), Setting.param("x-min", "-1"), Setting.param("x-max", "1")));
        assertThat(Json.read(o.record().file(RunRecord.METRICS)).get("final").get("table")).hasSize(5);
    }
}
