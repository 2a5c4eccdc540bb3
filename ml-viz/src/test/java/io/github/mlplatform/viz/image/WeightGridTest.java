package io.github.mlplatform.viz.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightGridTest {

    private static final int W = 0xFFFFFF; // Greys(0)
    private static final int M = 0x969696; // Greys(0.5)
    private static final int B = 0x000000; // Greys(1)

    /** Four 2x2 tiles (rows of 4 values, row-major), values 0, 0.5 and 1 so min = 0 and max = 1. */
    private static final double[][] TILES = {
        {1, 0, 0, 0},     // tile 0: top-left pixel black
        {0, 1, 0, 0},     // tile 1: top-right pixel black
        {0, 0, 0.5, 0},   // tile 2: bottom-left pixel mid grey
        {0, 0, 0, 1},     // tile 3: bottom-right pixel black
    };

    /** The picture drawn by hand: tile i at column i % 2, row i / 2 (the seed's w_i loop). */
    private static final int[][] EXPECTED = {
        {B, W, W, B},
        {W, W, W, W},
        {W, W, W, W},
        {M, W, W, B},
    };

    private static GridStyle plain() {
        return GridStyle.weights().withColorbar(false);
    }

    private static int[][] pixels(BufferedImage img) {
        int[][] p = new int[img.getHeight()][img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                p[y][x] = img.getRGB(x, y) & 0xFFFFFF;
            }
        }
        return p;
    }

    @Test
    void twoByTwoGridOfKnownTilesGivesKnownPixels() {
        BufferedImage img = WeightGrid.draw(TILES, 2, 2, 2, plain());
        assertThat(img.getWidth()).isEqualTo(4);
        assertThat(img.getHeight()).isEqualTo(4);
        assertThat(pixels(img)).isDeepEqualTo(EXPECTED);
    }

    @Test
    void scaleTurnsEachPixelIntoABlock() {
        BufferedImage img = WeightGrid.draw(TILES, 2, 2, 2, plain().withScale(3));
        assertThat(img.getWidth()).isEqualTo(12);
        assertThat(img.getHeight()).isEqualTo(12);
        int[][] p = pixels(img);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                assertThat(p[y][x]).as("pixel %d,%d", x, y).isEqualTo(EXPECTED[y / 3][x / 3]);
            }
        }
    }

    @Test
    void separatorsLieBetweenTilesOnly() {
        int sep = 0x123456;
        BufferedImage img = WeightGrid.draw(TILES, 2, 2, 2, plain().withSeparator(1, sep));
        assertThat(img.getWidth()).isEqualTo(5);
        assertThat(img.getHeight()).isEqualTo(5);
        int[][] p = pixels(img);
        for (int i = 0; i < 5; i++) {
            assertThat(p[2][i]).isEqualTo(sep);
            assertThat(p[i][2]).isEqualTo(sep);
        }
        // data pixel (r, c) of tile (tc, tr) is at x = tc * 3 + c, y = tr * 3 + r
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(p[(y / 2) * 3 + y % 2][(x / 2) * 3 + x % 2]).isEqualTo(EXPECTED[y][x]);
            }
        }
    }

    @Test
    void globalScalingUsesTheDataMinimumNotZero() {
        // values in [2, 4]: imshow's default vmin is the minimum, so 2 is white and 4 black
        double[][] w = {{2, 3, 4, 4}};
        int[][] p = pixels(WeightGrid.draw(w, 1, 1, 2, plain()));
        assertThat(p[0][0]).isEqualTo(W);
        assertThat(p[0][1]).isEqualTo(M);
        assertThat(p[1][0]).isEqualTo(B);
    }

    @Test
    void perTileScalingStretchesEveryTile() {
        double[][] w = {{10, 20, 30, 40}, {0, 1, 2, 3}};
        int[][] p = pixels(WeightGrid.draw(w, 2, 1, 2, plain().withScaling(Scaling.PER_TILE).withColormap(Colormap.GRAY)));
        // each tile: min -> black, max -> white, 1/3 -> round(85)
        assertThat(new int[] {p[0][0], p[0][1], p[1][1]}).containsExactly(0x000000, 0x555555, 0xFFFFFF);
        assertThat(new int[] {p[0][2], p[0][3], p[1][3]}).containsExactly(0x000000, 0x555555, 0xFFFFFF);
    }

    @Test
    void fixedRangeAndEmptyCells() {
        double[][] w = {{0, 0, 0, 0}, {2, 2, 2, 2}, {4, 4, 4, 4}};
        int[][] p = pixels(WeightGrid.draw(w, 2, 2, 2, plain().withRange(0, 8).withColormap(Colormap.GRAY).withBackground(0xABCDEF)));
        assertThat(p[0][0]).isEqualTo(0x000000);
        assertThat(p[0][2]).isEqualTo(0x404040); // 2/8*255 = 63.75 -> 64
        assertThat(p[2][0]).isEqualTo(0x808080); // 4/8*255 = 127.5 -> 128
        assertThat(p[3][3]).isEqualTo(0xABCDEF); // the fourth cell has no tile
    }

    @Test
    void colorbarIsAppendedRightOfTheUntouchedGrid() {
        // 4 x 4 data pixels at scale 20: an 80 x 80 grid, then the bar
        BufferedImage img = WeightGrid.draw(TILES, 2, 2, 2, GridStyle.weights().withScale(20));
        assertThat(img.getWidth()).isGreaterThan(80 + Colorbar.GAP + Colorbar.BAR_WIDTH);
        assertThat(img.getHeight()).isEqualTo(80);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 80; x++) {
                assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(EXPECTED[y / 20][x / 20]);
            }
        }
        // inside the bar: darker towards the top (vmax = black), white at the bottom (vmin)
        int barX = 80 + Colorbar.GAP + Colorbar.BAR_WIDTH / 2;
        int[] levels = new int[80];
        for (int y = 0; y < 80; y++) {
            levels[y] = img.getRGB(barX, y) & 0xFF;
        }
        int darkest = 0;
        int lightestBelow = 0;
        for (int y = 0; y < 80; y++) {
            if (levels[y] < levels[darkest]) {
                darkest = y;
            }
        }
        for (int y = darkest; y < 80; y++) {
            if (levels[y] >= levels[lightestBelow]) {
                lightestBelow = y;
            }
        }
        assertThat(levels[darkest]).isLessThan(20);
        assertThat(darkest).isLessThan(20);
        assertThat(lightestBelow).isGreaterThan(60);
        assertThat(levels[40]).as("middle of the bar is mid grey").isBetween(100, 200);
    }

    @Test
    void indArrayAndFloatInputsDrawTheSamePicture() {
        float[] flat = new float[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                flat[i * 4 + j] = (float) TILES[i][j];
            }
        }
        int[][] fromFloat = pixels(WeightGrid.draw(flat, 4, 2, 2, 2, plain()));
        int[][] fromNd = pixels(WeightGrid.draw(Nd4j.create(TILES), 2, 2, 2, plain()));
        assertThat(fromFloat).isDeepEqualTo(EXPECTED);
        assertThat(fromNd).isDeepEqualTo(EXPECTED);
    }

    @Test
    void pngRoundTripKeepsEveryPixel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.png");
        WeightGrid.write(file, TILES, 2, 2, 2, plain().withScale(2));
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(pixels(back)).isDeepEqualTo(pixels(WeightGrid.draw(TILES, 2, 2, 2, plain().withScale(2))));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("weights.png");
        }
    }

    @Test
    void badShapesAreNamed() {
        assertThatThrownBy(() -> WeightGrid.draw(TILES, 1, 2, 2, plain()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 tiles do not fit a grid of 1 x 2");
        double[][] ragged = {{1, 2, 3, 4}, {1, 2, 3}};
        assertThatThrownBy(() -> WeightGrid.draw(ragged, 2, 1, 2, plain()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1").hasMessageContaining("4 values");
        assertThatThrownBy(() -> GridStyle.weights().withScale(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
    }

    @Test
    void gridForIsNearSquare() {
        assertThat(WeightGrid.gridFor(900)).containsExactly(30, 30);
        assertThat(WeightGrid.gridFor(10)).containsExactly(4, 3);
        assertThat(WeightGrid.gridFor(1)).containsExactly(1, 1);
    }
}
