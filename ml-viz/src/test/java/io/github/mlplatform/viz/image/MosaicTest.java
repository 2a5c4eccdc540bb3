package io.github.mlplatform.viz.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class MosaicTest {

    /** Image i (2 x 3 pixels) is constant i, so its position shows in the picture. */
    private static double[][] constantImages(int n) {
        double[][] im = new double[n][6];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(im[i], i);
        }
        return im;
    }

    private static GridStyle gray(int n) {
        return GridStyle.images().withColormap(Colormap.GRAY).withRange(0, n - 1);
    }

    private static int level(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFF;
    }

    @Test
    void stripPutsImagesLeftToRightLikeTheSeedsRibbon() {
        BufferedImage img = Mosaic.strip(constantImages(3), 2, 3, gray(3));
        assertThat(img.getWidth()).isEqualTo(9);
        assertThat(img.getHeight()).isEqualTo(2);
        for (int x = 0; x < 9; x++) {
            assertThat(level(img, x, 1)).isEqualTo((int) Math.round(255.0 * (x / 3) / 2));
        }
    }

    @Test
    void gridFillsColumnByColumnLikeTheSeedsTapestry() {
        BufferedImage img = Mosaic.grid(constantImages(4), 2, 3, 2, true, gray(4));
        // column-major on 2 x 2: image 0 (0,0), 1 (row 1, col 0), 2 (row 0, col 1), 3 (row 1, col 1)
        assertThat(level(img, 0, 0)).isEqualTo(0);
        assertThat(level(img, 0, 2)).isEqualTo(85);
        assertThat(level(img, 3, 0)).isEqualTo(170);
        assertThat(level(img, 3, 2)).isEqualTo(255);
        BufferedImage rowMajor = Mosaic.grid(constantImages(4), 2, 3, 2, false, gray(4));
        assertThat(level(rowMajor, 3, 0)).isEqualTo(85);
        assertThat(level(rowMajor, 0, 2)).isEqualTo(170);
    }

    @Test
    void nonSquareImagesKeepTheirOrientation() {
        double[][] one = {{0, 0, 1, 0, 0, 0}}; // 2 rows x 3 cols: pixel (row 0, col 2) set
        BufferedImage img = Mosaic.strip(one, 2, 3, GridStyle.images().withColormap(Colormap.GRAY));
        assertThat(level(img, 2, 0)).isEqualTo(255);
        assertThat(level(img, 0, 1)).isEqualTo(0);
    }

    @Test
    void hstackPlacesPicturesWithGaps() {
        BufferedImage a = Images.fromMatrix(new double[][] {{1}}, Colormap.GRAY, 0, 1, 2);
        BufferedImage b = Images.fromMatrix(new double[][] {{0}, {0}}, Colormap.GRAY, 0, 1, 2);
        BufferedImage s = Images.hstack(1, 0x00FF00, a, b);
        assertThat(s.getWidth()).isEqualTo(5);
        assertThat(s.getHeight()).isEqualTo(4);
        assertThat(s.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(s.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(s.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(s.getRGB(0, 3) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, rgb);
            }
        }
        return b;
    }

    @Test
    void tilePutsPicturesOfAnySizeRowByRowInCellsOfTheLargest() {
        BufferedImage t = Mosaic.tile(java.util.List.of(solid(4, 2, 0xFF0000), solid(2, 3, 0x00FF00), solid(1, 1, 0x0000FF)), 2);
        assertThat(t.getWidth()).isEqualTo(8);
        assertThat(t.getHeight()).isEqualTo(6);
        assertThat(t.getRGB(3, 1) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(t.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);   // below the short first picture: background
        assertThat(t.getRGB(5, 2) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(t.getRGB(6, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);   // right of the narrow second picture
        assertThat(t.getRGB(0, 3) & 0xFFFFFF).isEqualTo(0x0000FF);   // third picture starts the second row
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mosaic.tile(java.util.List.of(), 2))
                .hasMessageContaining("at least one picture");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mosaic.tile(java.util.List.of(solid(1, 1, 0)), 0))
                .hasMessageContaining("cols: expected a positive number");
    }
}
