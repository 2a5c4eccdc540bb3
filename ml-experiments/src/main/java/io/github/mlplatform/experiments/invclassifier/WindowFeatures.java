package io.github.mlplatform.experiments.invclassifier;

import java.util.Arrays;

/**
 * Features of a whole image from codes of windows over it: a square window of side {@code window}
 * is placed at every offset of a grid ({@link Grid}), each window's pixels go through an encoder
 * (a layer stack) that writes one code vector, and the codes of all positions are pooled element by
 * element ({@link Pooling}) into one vector per image of the code's length.
 *
 * <p>Shapes: an image is {@code float[side·side]}, row-major; a window {@code float[window·window]},
 * row-major, pixels outside the image are 0 (zero padding); a code and the pooled feature vector are
 * {@code float[codeSize]}. With the defaults of {@code ml run invariance-classifier} (28×28 digit,
 * 20×20 window, stride 4, padding 4) the grid has 5×5 = 25 positions, offsets −4, 0, 4, 8, 12 on each axis.
 */
public final class WindowFeatures {

    private WindowFeatures() {
    }

    /** How the codes of the window positions become one vector (element by element). */
    public enum Pooling {
        /** the sum over positions: how strongly and how often each feature occurs in the digit */
        SUM,
        /** the maximum over positions: whether a feature occurs anywhere, whatever the count */
        MAX
    }

    /** Writes a window's code (length {@code code.length}) for the window's pixels; must not keep either array. */
    @FunctionalInterface
    public interface WindowEncoder {
        void encode(float[] window, float[] code);
    }

    /**
     * Window offsets over a square image: on each axis {@code -pad, -pad + stride, ...} while the
     * window still ends inside the padded image ({@code offset + window <= side + pad}); the grid is
     * every pair (x offset, y offset), y-major.
     *
     * @param side   image side in pixels, {@code >= 1}
     * @param window window side in pixels, {@code 1 <= window <= side + 2·pad}
     * @param stride distance between neighbouring offsets in pixels, {@code >= 1}
     * @param pad    zero padding on every edge in pixels, {@code >= 0}
     */
    public record Grid(int side, int window, int stride, int pad) {

        /**
         * @throws IllegalArgumentException naming the field when a value is out of range
         */
        public Grid {
            if (side < 1) {
                throw new IllegalArgumentException("side: expected >= 1, got " + side);
            }
            if (pad < 0) {
                throw new IllegalArgumentException("pad: expected >= 0, got " + pad);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride: expected >= 1, got " + stride);
            }
            if (window < 1 || window > side + 2 * pad) {
                throw new IllegalArgumentException("window: expected 1.." + (side + 2 * pad) + " (side + 2 pad), got " + window);
            }
        }

        /** The offsets on one axis, ascending (the first is {@code -pad}). */
        public int[] offsets() {
            int n = (side + 2 * pad - window) / stride + 1;
            int[] o = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = -pad + i * stride;
            }
            return o;
        }

        /** Number of window positions: {@code offsets().length²}. */
        public int positions() {
            int n = offsets().length;
            return n * n;
        }
    }

    /**
     * Copies the window at ({@code x}, {@code y}) (column and row of its top-left pixel, may be
     * negative with padding) of a square image into {@code dst}, 0 outside the image.
     *
     * @param image {@code float[side·side]}
     * @param dst   {@code float[window·window]}
     */
    public static float[] window(float[] image, int side, int x, int y, int window, float[] dst) {
        if (image.length != side * side) {
            throw new IllegalArgumentException("image: length " + image.length + ", expected " + side + "x" + side);
        }
        if (dst.length != window * window) {
            throw new IllegalArgumentException("window buffer: length " + dst.length + ", expected " + window + "x" + window);
        }
        for (int r = 0; r < window; r++) {
            int iy = y + r;
            int base = r * window;
            if (iy < 0 || iy >= side) {
                Arrays.fill(dst, base, base + window, 0f);
                continue;
            }
            for (int c = 0; c < window; c++) {
                int ix = x + c;
                dst[base + c] = ix >= 0 && ix < side ? image[iy * side + ix] : 0f;
            }
        }
        return dst;
    }

    /**
     * The pooled code of one image: every window of {@code grid} encoded by {@code encoder}, pooled
     * into {@code out[outOffset .. outOffset + codeSize)}.
     *
     * @param image   {@code float[side·side]} with {@code side = grid.side()}
     * @param out     receives the pooled vector of length {@code codeSize}
     * @param scratch reusable buffers from {@link #scratch(Grid, int)} (one set per thread)
     */
    public static void pool(float[] image, Grid grid, WindowEncoder encoder, Pooling pooling, float[] out, int outOffset,
                            Scratch scratch) {
        int codeSize = scratch.code().length;
        if (outOffset < 0 || outOffset + codeSize > out.length) {
            throw new IllegalArgumentException("out: " + codeSize + " values from " + outOffset + " do not fit in " + out.length);
        }
        int[] offsets = grid.offsets();
        boolean first = true;
        for (int y : offsets) {
            for (int x : offsets) {
                window(image, grid.side(), x, y, grid.window(), scratch.window());
                encoder.encode(scratch.window(), scratch.code());
                accumulate(scratch.code(), out, outOffset, pooling, first);
                first = false;
            }
        }
    }

    /** {@code acc[off + i] = code[i]} when {@code first}, else {@code += code[i]} (sum) or {@code max(acc, code)} (max). */
    static void accumulate(float[] code, float[] acc, int off, Pooling pooling, boolean first) {
        for (int i = 0; i < code.length; i++) {
            float v = code[i];
            if (first) {
                acc[off + i] = v;
            } else if (pooling == Pooling.SUM) {
                acc[off + i] += v;
            } else if (v > acc[off + i]) {
                acc[off + i] = v;
            }
        }
    }

    /** Buffers of {@link #pool}: one window and one code. */
    public record Scratch(float[] window, float[] code) {
    }

    /** Buffers for {@link #pool} with windows of {@code grid} and codes of length {@code codeSize}. */
    public static Scratch scratch(Grid grid, int codeSize) {
        if (codeSize < 1) {
            throw new IllegalArgumentException("code size: expected >= 1, got " + codeSize);
        }
        return new Scratch(new float[grid.window() * grid.window()], new float[codeSize]);
    }
}
