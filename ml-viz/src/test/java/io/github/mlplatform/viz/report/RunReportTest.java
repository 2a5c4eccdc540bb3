package io.github.mlplatform.viz.report;

import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.viz.anim.Animation;
import io.github.mlplatform.viz.anim.AnimationConfig;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.WeightGrid;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunReportTest {

    static Path fakeRun(Path root) throws IOException {
        Path run = root.resolve("lenet").resolve("20240101-120000");
        Files.createDirectories(run.resolve("figures"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("epochs", 3);
        config.put("learningRate", 0.01);
        config.put("optimizer", Map.of("name", "adam", "beta1", 0.9));
        config.put("layers", List.of(6, 16, 120));
        Json.write(run.resolve("config.json"), config);
        Json.write(run.resolve("environment.json"), Map.of("backend", "nd4j-native", "threads", 2, "java", "17"));
        List<Map<String, Object>> epochs = new ArrayList<>();
        double[][] values = {{2.1, 2.0, 0.45, 0.47}, {0.9, 1.0, 0.80, 0.79}, {0.5, 0.7, 0.90, 0.86}};
        for (int e = 0; e < 3; e++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e + 1);
            m.put("train_loss", values[e][0]);
            m.put("test_loss", values[e][1]);
            m.put("train_accuracy", values[e][2]);
            m.put("test_accuracy", values[e][3]);
            m.put("seconds", 12.5 + e);
            epochs.add(m);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experiment", "lenet <&> \"quoted\"");
        metrics.put("status", "finished");
        metrics.put("started", "2024-01-01T12:00:00Z");
        metrics.put("finished", "2024-01-01T12:01:00Z");
        metrics.put("epochs", epochs);
        metrics.put("final", Map.of("test_accuracy", 0.86));
        metrics.put("notes", Map.of("data", "MNIST <b>not bold</b>"));
        Json.write(run.resolve("metrics.json"), metrics);
        Files.writeString(run.resolve("summary.txt"), "test accuracy 0.86\n<script>alert(1)</script>\n");
        WeightGrid.write(run.resolve("figures/weights.png"), new double[][] {{0, 1, 1, 0}, {1, 0, 0, 1}}, 2, 1, 2,
                GridStyle.weights().withScale(8));
        BufferedImage f = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Animation.write(run.resolve("figures/sub dir/anim #1.gif"), List.of(f, f), AnimationConfig.ofDelay(100));
        Files.writeString(run.resolve("figures/notes.txt"), "not a picture");
        return run;
    }

    @Test
    void reportIsWellFormedAndEveryReferenceResolves(@TempDir Path root) throws Exception {
        Path run = fakeRun(root);
        Path report = RunReport.write(run);
        assertThat(report).isEqualTo(run.resolve("report.html")).exists();
        Document doc = Jsoup.parse(report.toFile(), "UTF-8");

        assertThat(doc.title()).contains("lenet <&> \"quoted\"").contains("20240101-120000").contains("finished");
        assertThat(doc.selectFirst("h1").text()).contains("lenet <&> \"quoted\"").contains("finished");
        for (String id : List.of("summary", "final", "curves", "epochs", "config", "environment", "notes", "figures")) {
            assertThat(doc.getElementById(id)).as("section " + id).isNotNull();
        }
        assertThat(doc.select("#config table td").eachText()).contains("optimizer.name", "adam", "layers", "[6, 16, 120]");
        assertThat(doc.select("#environment table td").eachText()).contains("backend", "nd4j-native");
        assertThat(doc.select("#final table td").eachText()).contains("test_accuracy", "0.86");
        assertThat(doc.select("#epochs table thead th").eachText())
                .containsExactly("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "seconds");
        assertThat(doc.select("#epochs table tbody tr")).hasSize(3);
        assertThat(doc.select("#epochs table tbody tr").get(1).select("td").eachText()).startsWith("2", "0.9", "1");

        // escaping: text from the run never becomes markup
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("#notes b")).isEmpty();
        assertThat(doc.selectFirst("#summary pre").text()).contains("<script>alert(1)</script>");
        assertThat(doc.select("#notes td").eachText()).contains("MNIST <b>not bold</b>");

        // curves: one chart per family
        assertThat(run.resolve("figures/curves-loss.png")).exists();
        assertThat(run.resolve("figures/curves-accuracy.png")).exists();
        assertThat(run.resolve("figures/curves-seconds.png")).exists();
        BufferedImage curve = ImageIO.read(run.resolve("figures/curves-loss.png").toFile());
        assertThat(curve.getWidth()).isEqualTo(RunReport.CURVE_WIDTH);
        assertThat(curve.getHeight()).isEqualTo(RunReport.CURVE_HEIGHT);
        assertThat(doc.select("#curves img")).hasSize(3);

        // figures: every picture, captioned with its name; not the .txt
        assertThat(doc.select("#figures figcaption").eachText())
                .containsExactly("figures/sub dir/anim #1.gif", "figures/weights.png");

        // every src and href resolves to an existing file inside the run directory; nothing external
        List<String> refs = new ArrayList<>();
        for (Element e : doc.select("[src]")) {
            refs.add(e.attr("src"));
        }
        for (Element e : doc.select("a[href]")) {
            if (!e.attr("href").startsWith("#")) {
                refs.add(e.attr("href"));
            }
        }
        assertThat(refs).hasSizeGreaterThanOrEqualTo(2 * 5 + 4);
        Path base = run.toRealPath();
        for (String ref : refs) {
            assertThat(ref).doesNotContain("://").doesNotStartWith("/").doesNotStartWith("data:");
            Path target = base.resolve(URLDecoder.decode(ref, StandardCharsets.UTF_8)).normalize();
            assertThat(target.startsWith(base)).as(ref + " stays inside the run directory").isTrue();
            assertThat(Files.isRegularFile(target)).as(ref + " exists").isTrue();
        }
        assertThat(doc.select("link, script, iframe, object")).isEmpty();

        try (var s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
        // writing again replaces the report (and curves) in place
        assertThat(RunReport.write(run)).exists();
    }

    @Test
    void aRunWithoutEpochsOrOptionalFilesStillGetsAReport(@TempDir Path root) throws Exception {
        Path run = root.resolve("x");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.json"), "{\"experiment\":\"x\",\"status\":\"running\",\"epochs\":[],\"final\":{},\"notes\":{}}");
        Document doc = Jsoup.parse(RunReport.write(run).toFile(), "UTF-8");
        assertThat(doc.title()).contains("running");
        assertThat(doc.select("#curves .none").text()).contains("no per-epoch metrics");
        assertThat(doc.select("img")).isEmpty();
    }

    @Test
    void notARunDirectoryIsNamed(@TempDir Path root) {
        assertThatThrownBy(() -> RunReport.write(root)).isInstanceOf(IOException.class)
                .hasMessageContaining("metrics.json").hasMessageContaining(root.toString());
        assertThatThrownBy(() -> RunReport.write(root.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void curveTitlesReadAsTheMetric(@TempDir Path root) throws Exception {
        // the keys the experiments write: core.train.EpochMetrics.toMap, InvarianceExperiment.epochMap
        Path run = root.resolve("r");
        Files.createDirectories(run);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e);
            m.put("train_loss", 1.0 / e);
            m.put("lr", 0.01);
            m.put("seconds", 10.0 + e);
            m.put("samples_per_s", 5000.0 + e);
            m.put("steps_per_second", 900.0 + e);
            m.put("train_recon_relative", 0.5 / e);
            m.put("test_recon_relative", 0.6 / e);
            m.put("test_accuracy", 0.9);
            m.put("accumulated_steps", 100.0 * e);
            epochs.add(m);
        }
        Json.write(run.resolve("metrics.json"), Map.of("experiment", "x", "status", "finished", "epochs", epochs));
        Document doc = Jsoup.parse(RunReport.write(run).toFile(), "UTF-8");
        assertThat(doc.select("#curves img").eachAttr("alt")).containsExactlyInAnyOrder(
                "loss per epoch", "learning rate per epoch", "seconds per epoch", "samples/s per epoch",
                "steps/s per epoch", "recon relative per epoch", "accuracy per epoch", "accumulated steps per epoch");
        for (String f : List.of("loss", "lr", "seconds", "samples-per-s", "steps-per-second", "recon-relative",
                "accuracy", "accumulated-steps")) {
            assertThat(run.resolve("figures/curves-" + f + ".png")).exists();
        }
    }

    @Test
    void metricTitles() {
        assertThat(RunReport.title("samples_per_s")).isEqualTo("samples/s per epoch");
        assertThat(RunReport.title("steps_per_second")).isEqualTo("steps/s per epoch");
        assertThat(RunReport.title("seconds_per_epoch")).isEqualTo("seconds per epoch");
        assertThat(RunReport.title("train_seconds_per_epoch")).isEqualTo("seconds per epoch");
        assertThat(RunReport.title("relative_speed")).isEqualTo("relative speed per epoch");
        assertThat(RunReport.title("test_recon_relative")).isEqualTo("recon relative per epoch");
        assertThat(RunReport.title("images_per_sec")).isEqualTo("images/s per epoch");
        assertThat(RunReport.title("tokens_per_minute")).isEqualTo("tokens/min per epoch");
        assertThat(RunReport.title("lr")).isEqualTo("learning rate per epoch");
        assertThat(RunReport.title("val_loss")).isEqualTo("loss per epoch");
    }

    @Test
    void metricFamilies() {
        assertThat(RunReport.family("samples_per_s")).isEqualTo("samples_per_s");
        assertThat(RunReport.family("train_samples_per_s")).isEqualTo("samples_per_s");
        assertThat(RunReport.family("steps_per_second")).isEqualTo("steps_per_second");
        assertThat(RunReport.family("train_recon_relative")).isEqualTo("recon_relative");
        assertThat(RunReport.family("test_recon_relative")).isEqualTo("recon_relative");
        assertThat(RunReport.family("relative_speed")).isEqualTo("relative_speed");
        assertThat(RunReport.family("seconds_per_epoch")).isEqualTo("seconds");
        assertThat(RunReport.family("accumulated_steps")).as("'acc' only as a word").isEqualTo("accumulated_steps");
        assertThat(RunReport.family("top1_acc")).isEqualTo("accuracy");
        assertThat(RunReport.family("val_top5acc")).isEqualTo("accuracy");
        assertThat(RunReport.family("train_loss")).isEqualTo("loss");
        assertThat(RunReport.family("val_acc")).isEqualTo("accuracy");
        assertThat(RunReport.family("test_time")).isEqualTo("time");
        assertThat(RunReport.family("lr")).isEqualTo("lr");
    }
}
