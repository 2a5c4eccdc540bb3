package io.github.mlplatform.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.cli.MlCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome ml(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void listsExperiments() {
        Outcome o = ml("list");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("lenet").contains("[bench]");
    }

    @Test
    void badInputGivesOneLineAndNonZeroExit(@TempDir Path dir) {
        Outcome unknown = ml("run", "nosuch", "--out", dir.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("ml: error: unknown experiment 'nosuch'; known: " + String.join(", ", Experiments.all().keySet()));

        Outcome badNumber = ml("run", "lenet", "--epochs", "zero");
        assertThat(badNumber.code()).isEqualTo(2);
        assertThat(badNumber.err()).contains("--epochs").doesNotContain("Exception").doesNotContain("\tat ");

        Outcome negative = ml("run", "lenet", "--epochs", "-1", "--out", dir.toString());
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--epochs must be a positive whole number, got -1");

        Outcome noRun = ml("run", "lenet", "--resume", "--out", dir.resolve("empty").toString());
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err()).contains("--resume: no earlier run of 'lenet'");

        Outcome badDir = ml("run", "lenet", "--data-dir", dir.resolve("missing").toString(), "--out", dir.toString());
        assertThat(badDir.code()).isEqualTo(2);
        assertThat(badDir.err()).contains("--data-dir").contains("not a directory");

        Outcome report = ml("report", dir.toString());
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.err()).contains("is not a run directory");
    }

    @Test
    void lenetRunWritesACompleteRunRecord(@TempDir Path dir) throws Exception {
        Outcome o = ml("run", "lenet", "--epochs", "2", "--limit", "512", "--batch-size", "64", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        Path runDir;
        try (Stream<Path> s = Files.list(dir.resolve("lenet"))) {
            List<Path> runs = s.toList();
            assertThat(runs).hasSize(1);
            runDir = runs.get(0);
        }
        assertThat(o.out()).contains("test accuracy").contains(runDir.toString());
        JsonNode config = Json.read(runDir.resolve("config.json"));
        assertThat(config.get("epochs").asInt()).isEqualTo(2);
        assertThat(config.get("limit").asInt()).isEqualTo(512);
        JsonNode metrics = Json.read(runDir.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.get("epochs")).hasSize(2);
        double acc = metrics.get("final").get("test_accuracy").asDouble();
        // 512 images, 2 epochs: far from converged but far above chance (10%)
        assertThat(acc).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        assertThat(metrics.get("final").get("confusion_matrix")).hasSize(10);
        assertThat(metrics.get("notes").get("train_data").asText()).contains("512 images");
        assertThat(Json.read(runDir.resolve("environment.json")).get("backend").asText()).isEqualTo("CPU");
        assertThat(runDir.resolve("lenet.model")).isRegularFile();
        assertThat(runDir.resolve("summary.txt")).isRegularFile();
        assertThat(Files.readString(runDir.resolve("report.html"))).contains("test accuracy").doesNotContain("no summary.txt");
        assertThat(runDir.resolve("checkpoints/checkpoint.json")).isRegularFile();

        // resuming a finished run trains nothing more and reports the same accuracy
        Outcome again = ml("run", "lenet", "--epochs", "2", "--limit", "512", "--out", dir.toString(), "--resume");
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode after = Json.read(runDir.resolve("metrics.json"));
        assertThat(after.get("epochs")).hasSize(2);
        assertThat(after.get("final").get("test_accuracy").asDouble()).isEqualTo(acc);
    }
}
