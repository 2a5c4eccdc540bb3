package io.github.mlplatform.invariance.bench;

import java.util.SplittableRandom;

/**
 * A stand-in for the seed's MNIST tapestry when no data set is at hand (benchmarks, tests): a
 * 30 x 30 grid of 28 x 28 tiles, each holding 2-4 random soft pen strokes (quadratic curves) in its
 * central 20 x 20 area, so that about a fifth of the pixels are non-zero, as in MNIST. The last
 * tile row and column repeat the first, as in the seed, and frames are 20 x 20 windows moved by the
 * seed's random walk: acceleration drawn from U(-1, 1) every 20 steps, velocity clipped to
 * [-3, 3], start at (420, 420), position wrapped modulo 29 * 28.
 */
public final class SyntheticTapestry {

    /** Tiles per side, tile side and frame side of the seed. */
    public static final int TILES = 30;
    public static final int TILE = 28;
    public static final int FRAME = 20;

    private final int side;
    private final float[] canvas;

    private SyntheticTapestry(int side, float[] canvas) {
        this.side = side;
        this.canvas = canvas;
    }

    /** Draws a tapestry from {@code seed}. */
    public static SyntheticTapestry generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int side = TILES * TILE;
        float[] c = new float[side * side];
        for (int ty = 0; ty < TILES - 1; ty++) {
            for (int tx = 0; tx < TILES - 1; tx++) {
                int strokes = 2 + rng.nextInt(3);
                for (int s = 0; s < strokes; s++) {
                    drawStroke(c, side, tx * TILE, ty * TILE, rng);
                }
            }
        }
        // as the seed: the last tile row and column repeat the first, so windows wrap seamlessly
        int last = (TILES - 1) * TILE;
        for (int y = last; y < side; y++) {
            System.arraycopy(c, (y - last) * side, c, y * side, side);
        }
        for (int y = 0; y < side; y++) {
            System.arraycopy(c, y * side, c, y * side + last, TILE);
        }
        return new SyntheticTapestry(side, c);
    }

    private static void drawStroke(float[] c, int side, int ox, int oy, SplittableRandom rng) {
        double x0 = 4 + rng.nextDouble() * 20;
        double y0 = 4 + rng.nextDouble() * 20;
        double x1 = 4 + rng.nextDouble() * 20;
        double y1 = 4 + rng.nextDouble() * 20;
        double x2 = 4 + rng.nextDouble() * 20;
        double y2 = 4 + rng.nextDouble() * 20;
        double width = 0.9 + rng.nextDouble() * 0.7;
        for (int k = 0; k <= 60; k++) {
            double t = k / 60.0;
            double a = (1 - t) * (1 - t);
            double b = 2 * (1 - t) * t;
            double d = t * t;
            double px = a * x0 + b * x1 + d * x2;
            double py = a * y0 + b * y1 + d * y2;
            for (int dy = -3; dy <= 3; dy++) {
                for (int dx = -3; dx <= 3; dx++) {
                    int ix = (int) Math.floor(px) + dx;
                    int iy = (int) Math.floor(py) + dy;
                    if (ix < 0 || iy < 0 || ix >= TILE || iy >= TILE) {
                        continue;
                    }
                    double dist = Math.hypot(ix + 0.5 - px, iy + 0.5 - py);
                    double val = Math.min(1.0, Math.max(0.0, (width + 0.5 - dist) / 0.9));
                    int idx = (oy + iy) * side + ox + ix;
                    if (val > c[idx]) {
                        c[idx] = (float) val;
                    }
                }
            }
        }
    }

    /** The canvas side in pixels (840). */
    public int side() {
        return side;
    }

    /** The canvas, row-major. */
    public float[] canvas() {
        return canvas.clone();
    }

    /** {@code count} frames (each 400 pixels, row-major) of the seed's random walk, from {@code seed}. */
    public float[][] frames(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double x = 420;
        double y = 420;
        double vx = 0;
        double vy = 0;
        double ax = 0;
        double ay = 0;
        int period = (TILES - 1) * TILE;
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            if (i % 20 == 0) {
                ax = rng.nextDouble() * 2 - 1;
                ay = rng.nextDouble() * 2 - 1;
            }
            x += vx;
            y += vy;
            vx = Math.max(-3, Math.min(3, vx + ax));
            vy = Math.max(-3, Math.min(3, vy + ay));
            int xf = Math.floorMod((int) x, period);
            int yf = Math.floorMod((int) y, period);
            float[] f = new float[FRAME * FRAME];
            for (int r = 0; r < FRAME; r++) {
                System.arraycopy(canvas, (yf + r) * side + xf, f, r * FRAME, FRAME);
            }
            out[i] = f;
        }
        return out;
    }

    /** Share of non-zero values over all frames. */
    public static double density(float[][] frames) {
        long nz = 0;
        long all = 0;
        for (float[] f : frames) {
            for (float v : f) {
                if (v != 0f) {
                    nz++;
                }
            }
            all += f.length;
        }
        return all == 0 ? 0 : (double) nz / all;
    }
}
