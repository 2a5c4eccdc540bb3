package io.github.mlplatform.viz.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HeatmapTest {

    @Test
    void normsDoNotOverflowNearTheDoubleLimit() {
        assertThat(Heatmap.norm(HeatmapStyle.Norm.LINEAR, -1e308, 1e308).apply(0)).isEqualTo(0.5);
        assertThat(Heatmap.norm(HeatmapStyle.Norm.LINEAR, -1e308, 1e308).apply(1e308)).isEqualTo(1.0);
        assertThat(Heatmap.norm(HeatmapStyle.Norm.SYMMETRIC, -1e308, 1.5e308).apply(1.5e308)).isEqualTo(1.0);
        assertThat(Heatmap.norm(HeatmapStyle.Norm.SYMMETRIC, -1e308, 1.5e308).apply(0)).isEqualTo(0.5);
        assertThat(Heatmap.norm(HeatmapStyle.Norm.TWO_SLOPE, -1e308, 1.5e308).apply(-1e308)).isEqualTo(0.0);
    }

    @Test
    void symmetricNormMakesMinBlueZeroWhiteMaxRed() {
        double[][] m = {{-2, 0}, {1, 2}};
        Heatmap.Picture p = Heatmap.render(m, HeatmapStyle.diverging().withColorbar(false).withCellSize(4));
        assertThat(p.rgbAt(0, 0)).isEqualTo(0x0000FF);
        assertThat(p.rgbAt(0, 1)).isEqualTo(0xFFFFFF);
        assertThat(p.rgbAt(1, 1)).isEqualTo(0xFF0000);
        // 1 of a symmetric range [-2, 2] is t = 0.75: halfway from white to red = (255, 127.5, 127.5) -> ff8080
        assertThat(p.rgbAt(1, 0)).isEqualTo(0xFF8080);
        assertThat(p.image().getWidth()).isEqualTo(2 * 4 + 2 * Heatmap.MARGIN);
    }

    @Test
    void twoSlopeNormSaturatesBothEndsOfAnAsymmetricRange() {
        double[][] m = {{-1, 0}, {0.5, 4}};
        Heatmap.Picture p = Heatmap.render(m, HeatmapStyle.diverging().withNorm(HeatmapStyle.Norm.TWO_SLOPE).withColorbar(false));
        assertThat(p.rgbAt(0, 0)).isEqualTo(0x0000FF);
        assertThat(p.rgbAt(0, 1)).isEqualTo(0xFFFFFF);
        assertThat(p.rgbAt(1, 1)).isEqualTo(0xFF0000);
        // 0.5 -> t = 0.5 + 0.5 * 0.5 / 4 = 0.5625: 1/8 of the way to red = 255 - 31.875 = 223.125 -> 223 = df
        assertThat(p.rgbAt(1, 0)).isEqualTo(0xFFDFDF);
        // and symmetric: -1 of [-4, 4] is t = 0.375, a light blue (191, 191, 255) rather than pure blue
        Heatmap.Picture s = Heatmap.render(m, HeatmapStyle.diverging().withColorbar(false));
        assertThat(s.rgbAt(0, 0)).isEqualTo(0xBFBFFF); // t = 0.375 -> 3/4 of the way blue->white: 191.25 -> 191
    }

    @Test
    void a784x784CorrelationMatrixRendersWithColourbarAndTitle(@TempDir Path dir) throws Exception {
        int n = 784;
        double[][] m = new double[n][n];
        Random rnd = new Random(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = i == j ? 1.0 : (Math.abs(i - j) == 56 ? -0.5 : rnd.nextGaussian() * 0.01);
            }
        }
        Heatmap.Picture p = Heatmap.render(m, HeatmapStyle.diverging().withTitle("pixel correlations"));
        assertThat(p.rgbAt(5, 5)).isEqualTo(0xFF0000);
        assertThat(p.rgbAt(100, 156)).isEqualTo(0x8080FF); // -0.5 of [-1, 1]: t = 0.25 -> (127.5, 127.5, 255) -> 8080ff
        assertThat(p.y0()).isGreaterThan(Heatmap.MARGIN); // the title sits above the matrix
        Path file = Heatmap.write(dir.resolve("corr.png"), m, HeatmapStyle.diverging().withTitle("pixel correlations"));
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(p.image().getWidth()).isGreaterThan(n + 2 * Heatmap.MARGIN);
        assertThat(back.getHeight()).isEqualTo(p.image().getHeight());
        assertThat(back.getRGB(p.x0() + 5, p.y0() + 5) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void aFixedRangeGivesSeveralPicturesOneScale() {
        HeatmapStyle style = HeatmapStyle.diverging().withNorm(HeatmapStyle.Norm.LINEAR).withColorbar(false).withCellSize(2);
        Heatmap.Picture own = Heatmap.render(new double[][]{{0, 1}}, style);
        Heatmap.Picture fixed = Heatmap.render(new double[][]{{0, 1}}, style, -1, 1);
        assertThat(own.rgbAt(0, 0)).isEqualTo(0x0000FF);          // its own minimum: blue
        assertThat(fixed.rgbAt(0, 0)).isEqualTo(0xFFFFFF);        // the middle of [-1, 1]: white
        assertThat(fixed.rgbAt(0, 1)).isEqualTo(0xFF0000);
        assertThat(Heatmap.render(new double[][]{{5}}, style, -1, 1).rgbAt(0, 0)).isEqualTo(0xFF0000); // clipped
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Heatmap.render(new double[][]{{0}}, style, 1, -1))
                .hasMessageContaining("expected finite lo <= hi");
    }
}
