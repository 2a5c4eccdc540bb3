package io.github.mlplatform.datasets.stream;

/**
 * A {@link Tapestry} and the random walk of its window. Defaults are the seed's (Variable Xi
 * Invariance: {@code t_sl = 30}, {@code x_i = 3000}, {@code sl = 20}, {@code v_max = 3}, new
 * acceleration every 20 frames drawn from U(−1, 1), start {@code x_o = y_o = 420}, {@code del_t = 1},
 * {@code img_count = 100_000}).
 *
 * @param side         T: the tapestry is a T×T grid of digits
 * @param startIndex   index of the first digit in the training set (T² digits are used)
 * @param window       s: the frames are s×s
 * @param vMax         speed limit per axis (pixels per frame)
 * @param accelEvery   a new acceleration is drawn every this many frames
 * @param maxAccel     accelerations are drawn from U(−maxAccel, maxAccel)
 * @param startX       initial x (column) of the window's top-left corner
 * @param startY       initial y (row) of the window's top-left corner
 * @param frames       number of frames in the stream
 */
public record TapestryConfig(int side, int startIndex, int window, double vMax, int accelEvery, double maxAccel,
                             double startX, double startY, long frames) {

    /** The seed's values. */
    public static final TapestryConfig DEFAULT = new TapestryConfig(30, 3000, 20, 3.0, 20, 1.0, 420, 420, 100_000);

    public TapestryConfig {
        if (side < 2) {
            throw new IllegalArgumentException("side must be >= 2 (the last row/column repeat the first), got " + side);
        }
        if (startIndex < 0) {
            throw new IllegalArgumentException("startIndex must be >= 0, got " + startIndex);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (!(vMax >= 0) || !Double.isFinite(vMax)) {
            throw new IllegalArgumentException("vMax must be a finite number >= 0, got " + vMax);
        }
        if (accelEvery < 1) {
            throw new IllegalArgumentException("accelEvery must be >= 1, got " + accelEvery);
        }
        if (!(maxAccel >= 0) || !Double.isFinite(maxAccel)) {
            throw new IllegalArgumentException("maxAccel must be a finite number >= 0, got " + maxAccel);
        }
        if (!Double.isFinite(startX) || !Double.isFinite(startY)) {
            throw new IllegalArgumentException("startX/startY must be finite, got " + startX + "/" + startY);
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frames must be >= 0, got " + frames);
        }
    }

    /** The defaults. */
    public static TapestryConfig defaults() {
        return DEFAULT;
    }

    public TapestryConfig withSide(int t) {
        return new TapestryConfig(t, startIndex, window, vMax, accelEvery, maxAccel, startX, startY, frames);
    }

    public TapestryConfig withStartIndex(int i) {
        return new TapestryConfig(side, i, window, vMax, accelEvery, maxAccel, startX, startY, frames);
    }

    public TapestryConfig withWindow(int s) {
        return new TapestryConfig(side, startIndex, s, vMax, accelEvery, maxAccel, startX, startY, frames);
    }

    public TapestryConfig withVMax(double v) {
        return new TapestryConfig(side, startIndex, window, v, accelEvery, maxAccel, startX, startY, frames);
    }

    public TapestryConfig withAccelEvery(int n) {
        return new TapestryConfig(side, startIndex, window, vMax, n, maxAccel, startX, startY, frames);
    }

    public TapestryConfig withMaxAccel(double a) {
        return new TapestryConfig(side, startIndex, window, vMax, accelEvery, a, startX, startY, frames);
    }

    public TapestryConfig withStart(double x, double y) {
        return new TapestryConfig(side, startIndex, window, vMax, accelEvery, maxAccel, x, y, frames);
    }

    public TapestryConfig withFrames(long n) {
        return new TapestryConfig(side, startIndex, window, vMax, accelEvery, maxAccel, startX, startY, n);
    }
}
