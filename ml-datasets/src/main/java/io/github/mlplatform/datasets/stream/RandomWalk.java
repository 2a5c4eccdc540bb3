package io.github.mlplatform.datasets.stream;

import java.util.SplittableRandom;

/**
 * The seed's random walk of the tapestry window, step for step. State: position (x, y), velocity
 * (v_x, v_y) = 0, acceleration (a_x, a_y). With U = {@code −maxAccel + 2·maxAccel·rng.nextDouble()}
 * from {@code new SplittableRandom(seed)}:
 * <pre>
 * a_x = U; a_y = U                       # drawn once before the loop (and overwritten at i = 0, as in the seed)
 * for each frame i:
 *     if i % accelEvery == 0: a_x = U; a_y = U
 *     x += v_x; y += v_y
 *     v_x = clip(v_x + a_x, −vMax, vMax); v_y = clip(v_y + a_y, −vMax, vMax)
 *     x_f = floorMod(trunc(x), periodX); y_f = floorMod(trunc(y), periodY)
 * </pre>
 * {@code trunc} rounds toward zero like Python's {@code int()}, and {@code floorMod} is
 * non-negative like Python's {@code %}, so the frame origins are those of the seed for the same
 * accelerations. The RNG differs from NumPy's, so the exact sequence of a seed run is not
 * reproduced, its law is.
 */
public final class RandomWalk {

    private final TapestryConfig config;
    private final int periodX;
    private final int periodY;
    private final SplittableRandom rng;
    private double x;
    private double y;
    private double vx;
    private double vy;
    private double ax;
    private double ay;
    private long step;
    private int frameX;
    private int frameY;

    /**
     * @param periodX the x period, {@code (T − 1) · cols} for a tapestry
     * @param periodY the y period, {@code (T − 1) · rows}
     */
    public RandomWalk(TapestryConfig config, long seed, int periodX, int periodY) {
        if (periodX < 1 || periodY < 1) {
            throw new IllegalArgumentException("periods must be >= 1, got " + periodX + "/" + periodY);
        }
        this.config = config;
        this.periodX = periodX;
        this.periodY = periodY;
        this.rng = new SplittableRandom(seed);
        this.x = config.startX();
        this.y = config.startY();
        this.ax = draw();
        this.ay = draw();
    }

    private double draw() {
        double a = config.maxAccel();
        return -a + 2 * a * rng.nextDouble();
    }

    /** Advances by one frame; afterwards {@link #frameX()}/{@link #frameY()} are that frame's origin. */
    public void advance() {
        if (step % config.accelEvery() == 0) {
            ax = draw();
            ay = draw();
        }
        x += vx;
        y += vy;
        double vMax = config.vMax();
        vx = Math.max(-vMax, Math.min(vMax, vx + ax));
        vy = Math.max(-vMax, Math.min(vMax, vy + ay));
        frameX = (int) Math.floorMod((long) x, (long) periodX);
        frameY = (int) Math.floorMod((long) y, (long) periodY);
        step++;
    }

    /** Column of the current frame's top-left corner, in [0, periodX). */
    public int frameX() {
        return frameX;
    }

    /** Row of the current frame's top-left corner, in [0, periodY). */
    public int frameY() {
        return frameY;
    }

    /** Unwrapped position x. */
    public double x() {
        return x;
    }

    /** Unwrapped position y. */
    public double y() {
        return y;
    }

    /** Velocity along x (after the current step's update). */
    public double vx() {
        return vx;
    }

    /** Velocity along y. */
    public double vy() {
        return vy;
    }

    /** Frames produced so far. */
    public long steps() {
        return step;
    }
}
