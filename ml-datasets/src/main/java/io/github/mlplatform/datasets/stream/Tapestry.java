package io.github.mlplatform.datasets.stream;

import io.github.mlplatform.datasets.ByteImages;

import java.util.NoSuchElementException;

/**
 * The seed's "tapestry" (Variable Xi Invariance notebook): T×T digits from {@code startIndex} laid
 * out <em>column-major</em> in one image of {@code (T·rows) × (T·cols)}
 * ({@code for x in range(T): for y in range(T): tapestry[y·rows:(y+1)·rows, x·cols:(x+1)·cols] = digit[i]; i += 1}),
 * pixels {@code p / 255}; then the last row band is overwritten by the first
 * ({@code tapestry[(T−1)·rows:, :] = tapestry[:rows, :]}) and after that the last column band by
 * the first ({@code tapestry[:, (T−1)·cols:] = tapestry[:, :cols]}), so the picture wraps around
 * seamlessly with period {@code (T−1)·cols} × {@code (T−1)·rows}. The frames are s×s windows at the
 * positions of a {@link RandomWalk}: frame = {@code tapestry[y_f : y_f + s, x_f : x_f + s]}, flattened
 * row-major. The seed trains MWTA + invariant layers on the first 10,000 of 100,000 such frames.
 */
public final class Tapestry {

    private final TapestryConfig config;
    private final int rows;
    private final int cols;
    private final int height;
    private final int width;
    private final float[] image;

    private Tapestry(TapestryConfig config, int rows, int cols, float[] image) {
        this.config = config;
        this.rows = rows;
        this.cols = cols;
        this.height = config.side() * rows;
        this.width = config.side() * cols;
        this.image = image;
    }

    /**
     * Builds the tapestry from {@code digits} (e.g. MNIST training images; the embedded sample holds
     * indices 0-3999, enough for the default 3000..3899).
     *
     * @throws IllegalArgumentException when there are too few digits, or the window does not fit: frames
     *                                  start at x_f ≤ (T−1)·cols − 1, so s must be ≤ cols + 1 (and ≤ rows + 1)
     */
    public static Tapestry of(ByteImages digits, TapestryConfig config) {
        int t = config.side();
        long needed = (long) t * t;
        if (config.startIndex() + needed > digits.count()) {
            throw new IllegalArgumentException("tapestry of side " + t + " needs digits " + config.startIndex() + ".."
                    + (config.startIndex() + needed - 1) + " (startIndex + side²), but only " + digits.count()
                    + " digits are given");
        }
        int rows = digits.rows();
        int cols = digits.cols();
        int s = config.window();
        if (s > cols + 1 || s > rows + 1) {
            throw new IllegalArgumentException("window " + s + " does not fit: frames start at x up to (side-1)*"
                    + cols + "-1 = " + ((t - 1) * cols - 1) + " and must end within the width " + (t * cols)
                    + ", so window must be <= " + (Math.min(rows, cols) + 1));
        }
        long size = (long) t * rows * t * cols;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("side: a tapestry of " + t + "x" + t + " digits is too large");
        }
        int height = t * rows;
        int width = t * cols;
        float[] img = new float[(int) size];
        float[] lut = ByteImages.unitLookup();
        byte[] px = digits.rawPixels();
        int per = rows * cols;
        int i = config.startIndex();
        for (int gx = 0; gx < t; gx++) {
            for (int gy = 0; gy < t; gy++) {
                int src = i * per;
                for (int r = 0; r < rows; r++) {
                    int dst = (gy * rows + r) * width + gx * cols;
                    for (int c = 0; c < cols; c++) {
                        img[dst + c] = lut[px[src + r * cols + c] & 0xFF];
                    }
                }
                i++;
            }
        }
        // tapestry[(T-1)*rows:, :] = tapestry[:rows, :]
        for (int r = 0; r < rows; r++) {
            System.arraycopy(img, r * width, img, ((t - 1) * rows + r) * width, width);
        }
        // then tapestry[:, (T-1)*cols:] = tapestry[:, :cols]
        for (int r = 0; r < height; r++) {
            System.arraycopy(img, r * width, img, r * width + (t - 1) * cols, cols);
        }
        return new Tapestry(config, rows, cols, img);
    }

    /** The configuration. */
    public TapestryConfig config() {
        return config;
    }

    /** Image height, {@code T · rows}. */
    public int height() {
        return height;
    }

    /** Image width, {@code T · cols}. */
    public int width() {
        return width;
    }

    /** Pixel (row, col) in [0,1]. */
    public float pixel(int row, int col) {
        if (row < 0 || row >= height || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") outside " + height + "x" + width);
        }
        return image[row * width + col];
    }

    /** A copy of the whole tapestry, row-major {@code [height][width]}. */
    public float[] image() {
        return image.clone();
    }

    /** The walk's x period, {@code (T − 1) · cols}. */
    public int periodX() {
        return (config.side() - 1) * cols;
    }

    /** The walk's y period, {@code (T − 1) · rows}. */
    public int periodY() {
        return (config.side() - 1) * rows;
    }

    /** A new random walk over this tapestry, seeded with {@code seed}. */
    public RandomWalk walk(long seed) {
        return new RandomWalk(config, seed, periodX(), periodY());
    }

    /** Writes the s×s window with top-left corner ({@code x}, {@code y}) into {@code dst} at {@code offset}. */
    public void window(int x, int y, float[] dst, int offset) {
        int s = config.window();
        if (x < 0 || y < 0 || x + s > width || y + s > height) {
            throw new IndexOutOfBoundsException("window " + s + "x" + s + " at (" + x + ", " + y + ") outside "
                    + height + "x" + width);
        }
        for (int r = 0; r < s; r++) {
            System.arraycopy(image, (y + r) * width + x, dst, offset + r * s, s);
        }
    }

    /** The {@code config.frames()} frames of the walk seeded with {@code seed}, produced lazily. */
    public FrameStream frames(long seed) {
        RandomWalk walk = walk(seed);
        int s = config.window();
        long total = config.frames();
        return new FrameStream() {
            @Override
            public int frameHeight() {
                return s;
            }

            @Override
            public int frameWidth() {
                return s;
            }

            @Override
            public long size() {
                return total;
            }

            @Override
            public long position() {
                return walk.steps();
            }

            @Override
            public void next(float[] dst, int offset) {
                if (walk.steps() >= total) {
                    throw new NoSuchElementException("all " + total + " tapestry frames were produced");
                }
                walk.advance();
                window(walk.frameX(), walk.frameY(), dst, offset);
            }
        };
    }

    /** The first {@code k} frames of the walk seeded with {@code seed}, in one array {@code float[k·s·s]}. */
    public float[] materialize(long seed, int k) {
        return frames(seed).take(k);
    }
}
