package io.github.mlplatform.viz.image;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The seed's {@code draw_weights(w, Kx, Ky, s_len)}: the rows of a weight matrix
 * ({@code rows x s*s}, one receptive field per row) drawn as a grid of {@code Kx x Ky} tiles of
 * {@code s x s} pixels. Row {@code i} goes to tile column {@code i % Kx}, tile row {@code i / Kx}
 * (left to right, then the next row of tiles, as the seed's {@code w_i} loop), and is reshaped
 * row-major: pixel (r, c) of the tile is {@code w[i][r*s + c]}.
 *
 * <p>Colours: with {@link GridStyle#weights()} (the seed) value v is drawn with matplotlib's
 * "Greys" at {@code t = (v - min) / (max - min)}, min and max over the whole grid (imshow's
 * default vmin, the seed's explicit vmax), so the minimum is white and the maximum black, and a
 * colour bar with ticks at 0 and max sits on the right. {@link Scaling#PER_TILE} stretches each
 * tile to its own range instead. Without a colour bar the grid starts at pixel (0, 0) and tile
 * (tc, tr)'s pixel (r, c) covers {@code x = tc*(s*scale+sep) + c*scale .. +scale-1},
 * {@code y = tr*(s*scale+sep) + r*scale .. +scale-1}; the separator lines (if any) lie between
 * tiles only.
 *
 * <p>The seed drew the sparse layer's weights ({@code sw}, 900 x 400: 30 x 30 tiles of 20 x 20),
 * the invariant layer's ({@code iw}), and products such as {@code iw @ sw} this way.
 */
public final class WeightGrid {

    private WeightGrid() {
    }

    /** Draws {@code w} (rows of length side*side) as {@code kx} tiles across and {@code ky} down. */
    public static BufferedImage draw(double[][] w, int kx, int ky, int side, GridStyle style) {
        if (side <= 0) {
            throw new IllegalArgumentException("side: expected a positive tile side length, got " + side);
        }
        return TileGrid.render(w, side, side, kx, ky, false, style, "weights");
    }

    /** {@link #draw(double[][], int, int, int, GridStyle)} with the seed's style. */
    public static BufferedImage draw(double[][] w, int kx, int ky, int side) {
        return draw(w, kx, ky, side, GridStyle.weights());
    }

    /** A rank-2 INDArray {@code rows x side*side}. */
    public static BufferedImage draw(INDArray w, int kx, int ky, int side, GridStyle style) {
        return draw(Arrays2D.of(w, "weights"), kx, ky, side, style);
    }

    /** A flat row-major {@code float[rows * side * side]}. */
    public static BufferedImage draw(float[] w, int rows, int kx, int ky, int side, GridStyle style) {
        return draw(Arrays2D.of(w, rows, side * side, "weights"), kx, ky, side, style);
    }

    /** Draws and writes the picture (format from the extension); returns {@code file}. */
    public static Path write(Path file, double[][] w, int kx, int ky, int side, GridStyle style) throws IOException {
        return ImageFiles.write(draw(w, kx, ky, side, style), file);
    }

    /** Draws and writes an INDArray's rows; returns {@code file}. */
    public static Path write(Path file, INDArray w, int kx, int ky, int side, GridStyle style) throws IOException {
        return ImageFiles.write(draw(w, kx, ky, side, style), file);
    }

    /**
     * A near-square grid for {@code n} tiles: {@code kx = ceil(sqrt(n))}, {@code ky = ceil(n / kx)}.
     *
     * @return {kx, ky}
     */
    public static int[] gridFor(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive number of tiles, got " + n);
        }
        int kx = (int) Math.ceil(Math.sqrt(n));
        int ky = (n + kx - 1) / kx;
        return new int[] {kx, ky};
    }
}
