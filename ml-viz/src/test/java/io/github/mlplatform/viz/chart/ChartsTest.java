package io.github.mlplatform.viz.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {

    private static final List<Series> CURVES = List.of(
            Series.of("train_loss", new double[] {2.3, 1.1, 0.6, 0.4}),
            Series.of("test_loss", new double[] {2.2, 1.2, 0.8, 0.7}));

    @Test
    void lineChartPngHasTheRequestedSize(@TempDir Path dir) throws Exception {
        XYChart c = Charts.line("loss", "epoch", "loss", CURVES, ChartStyle.defaults().withSize(640, 400).withLogY(true));
        Path png = Charts.write(c, dir.resolve("loss.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(400);
        assertThat(c.getSeriesMap()).containsOnlyKeys("train_loss", "test_loss");
        assertThat(c.getStyler().isYAxisLogarithmic()).isTrue();
        // the first series is drawn in tab10 blue: some pixel must carry it
        assertThat(containsColour(img, Charts.TAB10[0])).isTrue();
        assertThat(containsColour(img, Charts.TAB10[1])).isTrue();
    }

    @Test
    void svgExportWorksWithTheBundledDependenciesAndIsWellFormed(@TempDir Path dir) throws Exception {
        Path svg = Charts.write(Charts.line("loss", "epoch", "loss", CURVES, ChartStyle.defaults()), dir.resolve("loss.svg"));
        assertThat(svg).exists();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline: no DTD fetch
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getLocalName() == null ? doc.getDocumentElement().getNodeName()
                : doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(Files.readString(svg)).contains("800").contains("500");
    }

    @Test
    void scatterHasOneSeriesPerClassWithNames(@TempDir Path dir) throws Exception {
        double[][] xy = {{0, 0}, {1, 1}, {5, 5}, {6, 5}, {-3, 2}};
        int[] labels = {0, 0, 1, 1, 2};
        XYChart c = Charts.scatter("embedding", xy, labels, new String[] {"zero", "one", "two"}, ChartStyle.defaults().withSize(500, 400));
        assertThat(c.getSeriesMap()).containsOnlyKeys("zero", "one", "two");
        assertThat(c.getSeriesMap().get("one").getXData()).containsExactly(5.0, 6.0);
        BufferedImage img = ImageIO.read(Charts.write(c, dir.resolve("s.png")).toFile());
        assertThat(img.getWidth()).isEqualTo(500);
        assertThat(img.getHeight()).isEqualTo(400);
    }

    @Test
    void barChartHasTheRequestedSize(@TempDir Path dir) throws Exception {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("train", new double[] {0.9, 0.95, 0.97});
        s.put("test", new double[] {0.88, 0.93, 0.96});
        var c = Charts.bar("accuracy", "activation", "accuracy", List.of("relu", "gelu", "parallel"), s,
                ChartStyle.defaults().withSize(600, 350));
        BufferedImage img = ImageIO.read(Charts.write(c, dir.resolve("bar.png")).toFile());
        assertThat(img.getWidth()).isEqualTo(600);
        assertThat(img.getHeight()).isEqualTo(350);
    }

    @Test
    void badInputIsNamed() {
        List<Series> withZero = List.of(Series.of("val_loss", new double[] {1, 0}));
        assertThatThrownBy(() -> Charts.line("t", "x", "y", withZero, ChartStyle.defaults().withLogY(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("val_loss").hasMessageContaining("positive");
        assertThatThrownBy(() -> new Series("a", new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> Charts.scatter("t", new double[][] {{1, 2}}, new int[] {0, 1}, null, ChartStyle.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
        assertThatThrownBy(() -> Charts.write(Charts.line("t", "x", "y", CURVES, ChartStyle.defaults()), Path.of("x.pdf")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".png or .svg");
    }

    private static boolean containsColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
