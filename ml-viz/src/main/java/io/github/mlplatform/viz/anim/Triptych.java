package io.github.mlplatform.viz.anim;

import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.Images;

import java.awt.image.BufferedImage;

/**
 * The seed's animation frame "input | invariant activity | reconstruction": a canvas of
 * {@code s x 3s} zeros with the input window ({@code s x s}) in columns {@code [0, s)}, the
 * invariant layer's activity ({@code k x k}, k &lt;= s) in the top-right corner of the middle
 * panel (rows {@code [0, k)}, columns {@code [2s - k, 2s)}) and the reconstruction in columns
 * {@code [2s, 3s)}. For s = 20, k = 10 this is the seed's {@code mini_tap[:, :20] = v},
 * {@code mini_tap[:10, 30:40] = io}, {@code mini_tap[:, -20:] = r}. Drawn like the seed's
 * {@code imshow(mini_tap, cmap="gray_r")}: one range [min, max] over the canvas of each frame.
 */
public final class Triptych {

    private Triptych() {
    }

    /**
     * The {@code s x 3s} canvas. {@code input} and {@code reconstruction} have s*s values and
     * {@code activity} k*k values, all row-major.
     */
    public static double[][] canvas(double[] input, double[] activity, double[] reconstruction, int side, int activitySide) {
        if (side <= 0) {
            throw new IllegalArgumentException("side: expected a positive window side, got " + side);
        }
        if (activitySide <= 0 || activitySide > side) {
            throw new IllegalArgumentException("activitySide: expected 1.." + side + ", got " + activitySide);
        }
        check(input, side * side, "input");
        check(reconstruction, side * side, "reconstruction");
        check(activity, activitySide * activitySide, "activity");
        double[][] c = new double[side][3 * side];
        int k = activitySide;
        for (int r = 0; r < side; r++) {
            for (int col = 0; col < side; col++) {
                c[r][col] = input[r * side + col];
                c[r][2 * side + col] = reconstruction[r * side + col];
            }
        }
        for (int r = 0; r < k; r++) {
            for (int col = 0; col < k; col++) {
                c[r][2 * side - k + col] = activity[r * k + col];
            }
        }
        return c;
    }

    /** The canvas drawn with gray_r, its own [min, max], each value a {@code scale x scale} block. */
    public static BufferedImage frame(double[] input, double[] activity, double[] reconstruction, int side,
                                      int activitySide, int scale) {
        return frame(input, activity, reconstruction, side, activitySide, Colormap.GRAY_R, Double.NaN, Double.NaN, scale);
    }

    /** The canvas drawn with any colormap and range (NaN = the canvas's own min / max). */
    public static BufferedImage frame(double[] input, double[] activity, double[] reconstruction, int side,
                                      int activitySide, Colormap colormap, double vmin, double vmax, int scale) {
        return Images.fromMatrix(canvas(input, activity, reconstruction, side, activitySide), colormap, vmin, vmax, scale);
    }

    private static void check(double[] a, int n, String name) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " values, got " + (a == null ? "null" : a.length));
        }
    }
}
