package io.github.mlplatform.viz.image;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Raw images (rows of {@code h*w} pixels) side by side: a strip (the seed's "ribbon": 1000 MNIST
 * digits of 28 x 28 laid left to right, {@code ribbon[:, 28x:28(x+1)] = x_tr[x]}) or a grid (the
 * seed's "tapestry": 30 x 30 digits, filled column by column, {@code tapestry[28y:, 28x:] =
 * x_tr[i]} with y the inner loop). Drawn with {@link GridStyle#images()} by default (gray_r,
 * one range over all images), optionally with separators and a scale factor.
 */
public final class Mosaic {

    private Mosaic() {
    }

    /** All images in one row, image i at columns {@code i*w .. (i+1)*w-1} (plus separators). */
    public static BufferedImage strip(double[][] images, int h, int w, GridStyle style) {
        return TileGrid.render(images, h, w, images == null ? 1 : Math.max(1, images.length), 1, false, style, "images");
    }

    /**
     * The images on a grid of {@code cols} columns and {@code ceil(n / cols)} rows; row-major
     * (left to right first) or column-major (top to bottom first, as the seed's tapestry).
     */
    public static BufferedImage grid(double[][] images, int h, int w, int cols, boolean columnMajor, GridStyle style) {
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException("images: expected at least one image");
        }
        if (cols <= 0) {
            throw new IllegalArgumentException("cols: expected a positive number of columns, got " + cols);
        }
        int rows = (images.length + cols - 1) / cols;
        return TileGrid.render(images, h, w, cols, rows, columnMajor, style, "images");
    }

    /** {@link #grid} from an INDArray of shape {@code [n, h*w]} or {@code [n, h, w]} / {@code [n, 1, h, w]}. */
    public static BufferedImage grid(INDArray images, int h, int w, int cols, boolean columnMajor, GridStyle style) {
        if (images == null) {
            throw new IllegalArgumentException("images: expected an array, got null");
        }
        long n = images.size(0);
        if (images.length() != n * h * w) {
            throw new IllegalArgumentException("images: expected " + n + " images of " + h + " x " + w
                    + " pixels, got shape " + java.util.Arrays.toString(images.shape()));
        }
        return grid(images.reshape('c', n, (long) h * w).toDoubleMatrix(), h, w, cols, columnMajor, style);
    }

    /**
     * Finished pictures (charts, heat maps) on a grid of {@code cols} columns, row by row, on white:
     * every cell is as wide as the widest picture and as high as the highest, each picture at its
     * cell's top left corner. For a figure made of many small charts (a "small multiples" grid).
     *
     * @throws IllegalArgumentException if there is no picture, a picture is null or {@code cols} is not positive
     */
    public static BufferedImage tile(List<BufferedImage> pictures, int cols) {
        if (pictures == null || pictures.isEmpty()) {
            throw new IllegalArgumentException("pictures: expected at least one picture");
        }
        if (cols <= 0) {
            throw new IllegalArgumentException("cols: expected a positive number of columns, got " + cols);
        }
        int w = 0;
        int h = 0;
        for (int i = 0; i < pictures.size(); i++) {
            BufferedImage p = pictures.get(i);
            if (p == null) {
                throw new IllegalArgumentException("pictures: picture " + i + " is null");
            }
            w = Math.max(w, p.getWidth());
            h = Math.max(h, p.getHeight());
        }
        int c = Math.min(cols, pictures.size());
        int rows = (pictures.size() + c - 1) / c;
        BufferedImage out = new BufferedImage(c * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < pictures.size(); i++) {
                g.drawImage(pictures.get(i), (i % c) * w, (i / c) * h, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
