package io.github.mlplatform.datasets.stream;

import io.github.mlplatform.datasets.ByteImages;

import java.util.NoSuchElementException;

/**
 * The seed's "ribbon" (Variable Xi Invariance notebook): N consecutive digits placed side by side
 * in one image of {@code rows × (N·cols)} (28 × 28N for MNIST),
 * {@code ribbon[r][k·cols + c] = digit[startIndex + k][r][c] / 255},
 * and the frames of a window as wide as one digit sliding one pixel at a time:
 * {@code (N − 1)·cols} frames, frame i = {@code ribbon[:, i : i + cols]} flattened row-major.
 * The seed trains the MWTA/invariant layers on these frames to see translation invariance.
 */
public final class Ribbon {

    private final RibbonConfig config;
    private final int rows;
    private final int cols;
    private final int width;
    private final float[] image;

    private Ribbon(RibbonConfig config, int rows, int cols, float[] image) {
        this.config = config;
        this.rows = rows;
        this.cols = cols;
        this.width = config.length() * cols;
        this.image = image;
    }

    /**
     * Builds the ribbon from {@code digits} (e.g. {@code Mnist...load().images()}, the embedded
     * sample works too).
     *
     * @throws IllegalArgumentException when {@code digits} has fewer than {@code startIndex + length} images
     */
    public static Ribbon of(ByteImages digits, RibbonConfig config) {
        if ((long) config.startIndex() + config.length() > digits.count()) {
            throw new IllegalArgumentException("ribbon needs digits " + config.startIndex() + ".."
                    + (config.startIndex() + config.length() - 1) + " (startIndex + length), but only "
                    + digits.count() + " digits are given");
        }
        int rows = digits.rows();
        int cols = digits.cols();
        long size = (long) rows * config.length() * cols;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("length: a ribbon of " + config.length() + " digits is too large");
        }
        int width = config.length() * cols;
        float[] img = new float[(int) size];
        float[] lut = ByteImages.unitLookup();
        byte[] px = digits.rawPixels();
        int per = rows * cols;
        for (int k = 0; k < config.length(); k++) {
            int src = (config.startIndex() + k) * per;
            for (int r = 0; r < rows; r++) {
                int dst = r * width + k * cols;
                for (int c = 0; c < cols; c++) {
                    img[dst + c] = lut[px[src + r * cols + c] & 0xFF];
                }
            }
        }
        return new Ribbon(config, rows, cols, img);
    }

    /** The configuration. */
    public RibbonConfig config() {
        return config;
    }

    /** Image height (digit rows). */
    public int height() {
        return rows;
    }

    /** Image width, {@code N · cols}. */
    public int width() {
        return width;
    }

    /** Pixel (row, col) of the ribbon, in [0,1]. */
    public float pixel(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") outside " + rows + "x" + width);
        }
        return image[row * width + col];
    }

    /** A copy of the whole ribbon, row-major {@code [height][width]}. */
    public float[] image() {
        return image.clone();
    }

    /** Number of frames, {@code (N − 1) · cols}. */
    public int frameCount() {
        return (config.length() - 1) * cols;
    }

    /** Writes frame {@code i} ({@code ribbon[:, i : i + cols]}, row-major) into {@code dst} at {@code offset}. */
    public void frame(int i, float[] dst, int offset) {
        if (i < 0 || i >= frameCount()) {
            throw new IndexOutOfBoundsException("frame " + i + " outside [0, " + frameCount() + ")");
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(image, r * width + i, dst, offset + r * cols, cols);
        }
    }

    /** Frame {@code i} as a new array. */
    public float[] frame(int i) {
        float[] f = new float[rows * cols];
        frame(i, f, 0);
        return f;
    }

    /** All frames in order, produced lazily. */
    public FrameStream frames() {
        return new FrameStream() {
            private int next;

            @Override
            public int frameHeight() {
                return rows;
            }

            @Override
            public int frameWidth() {
                return cols;
            }

            @Override
            public long size() {
                return frameCount();
            }

            @Override
            public long position() {
                return next;
            }

            @Override
            public void next(float[] dst, int offset) {
                if (next >= frameCount()) {
                    throw new NoSuchElementException("all " + frameCount() + " ribbon frames were produced");
                }
                frame(next++, dst, offset);
            }
        };
    }

    /** The first {@code k} frames in one array {@code float[k · rows · cols]}. */
    public float[] materialize(int k) {
        return frames().take(k);
    }
}
