package io.github.mlplatform.viz.image;

import java.util.Locale;

/**
 * A colormap: a function from a normalised value {@code t} in [0, 1] to an opaque RGB colour,
 * piecewise linear between evenly spaced control colours (like matplotlib's
 * {@code LinearSegmentedColormap.from_list}). Each channel is {@code round(255 * c(t))} where
 * {@code c} interpolates the control colours linearly; {@code t} outside [0, 1] is clamped and
 * NaN maps to {@link #BAD_RGB} (magenta), so a broken weight stands out.
 *
 * <p>The seeds draw weights with matplotlib's {@code "Greys"} (0 -> white, 1 -> black, the
 * nine ColorBrewer greys), raw images and animation frames with {@code "gray_r"} (a straight ramp
 * from white to black) and summary maps with {@code "gray"} (black to white). The topology
 * experiment's correlation matrix uses a diverging map; {@link #BWR} is matplotlib's
 * {@code "bwr"} (blue, white, red). Use {@link #reversed()} for the opposite direction (the
 * seed's own picture had positive correlations in blue).
 */
public final class Colormap {

    /** Colour used for NaN values. */
    public static final int BAD_RGB = 0xFF00FF;

    /** matplotlib "gray": 0 -> black, 1 -> white, linear. */
    public static final Colormap GRAY = new Colormap("gray", new int[] {0x000000, 0xFFFFFF});
    /** matplotlib "gray_r": 0 -> white, 1 -> black, linear (the seed's animation frames). */
    public static final Colormap GRAY_R = new Colormap("gray_r", new int[] {0xFFFFFF, 0x000000});
    /**
     * matplotlib "Greys" (ColorBrewer, 9 classes): 0 -> white, 1 -> black, through
     * #f0f0f0 #d9d9d9 #bdbdbd #969696 #737373 #525252 #252525 (the seed's {@code draw_weights}).
     */
    public static final Colormap GREYS = new Colormap("Greys", new int[] {
            0xFFFFFF, 0xF0F0F0, 0xD9D9D9, 0xBDBDBD, 0x969696, 0x737373, 0x525252, 0x252525, 0x000000});
    /** matplotlib "bwr": 0 -> blue (0,0,255), 0.5 -> white, 1 -> red (255,0,0). */
    public static final Colormap BWR = new Colormap("bwr", new int[] {0x0000FF, 0xFFFFFF, 0xFF0000});

    private final String name;
    private final int[] controls;

    /**
     * A colormap through the given RGB control colours ({@code 0xRRGGBB}), evenly spaced over
     * [0, 1]; at least two are required.
     */
    public Colormap(String name, int[] controlRgb) {
        if (controlRgb == null || controlRgb.length < 2) {
            throw new IllegalArgumentException("colormap '" + name + "': expected at least 2 control colours");
        }
        this.name = name;
        this.controls = controlRgb.clone();
    }

    /** One of the named maps: gray, gray_r, Greys, Greys_r, bwr, bwr_r (case-insensitive). */
    public static Colormap named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "gray", "grey" -> GRAY;
            case "gray_r", "grey_r" -> GRAY_R;
            case "greys" -> GREYS;
            case "greys_r" -> GREYS.reversed();
            case "bwr" -> BWR;
            case "bwr_r" -> BWR.reversed();
            default -> throw new IllegalArgumentException(
                    "colormap '" + name + "': expected one of gray, gray_r, Greys, Greys_r, bwr, bwr_r");
        };
    }

    public String name() {
        return name;
    }

    /** The same colours in the opposite order (name + "_r"). */
    public Colormap reversed() {
        int[] r = new int[controls.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = controls[controls.length - 1 - i];
        }
        String n = name.endsWith("_r") ? name.substring(0, name.length() - 2) : name + "_r";
        return new Colormap(n, r);
    }

    /** The colour of normalised value {@code t} as {@code 0xRRGGBB}. */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return BAD_RGB;
        }
        if (t <= 0) {
            return controls[0];
        }
        if (t >= 1) {
            return controls[controls.length - 1];
        }
        double pos = t * (controls.length - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        int a = controls[i];
        int b = controls[i + 1];
        return (channel(a >> 16, b >> 16, f) << 16) | (channel(a >> 8, b >> 8, f) << 8) | channel(a, b, f);
    }

    /** The colour of {@code v} normalised linearly to [vmin, vmax]; vmin == vmax maps to 0. */
    public int rgb(double v, double vmin, double vmax) {
        return rgb(normalise(v, vmin, vmax));
    }

    /**
     * (v - vmin) / (vmax - vmin), and 0 when the range is empty (matplotlib's Normalize). Ranges
     * wider than the double range (e.g. [-1e308, 1e308], whose width overflows) are computed on
     * halved values instead of giving 0 or NaN.
     */
    public static double normalise(double v, double vmin, double vmax) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        double span = vmax - vmin;
        if (!(span > 0)) {
            return 0.0;
        }
        double t = (v - vmin) / span;
        if (Double.isFinite(span) && Double.isFinite(v - vmin)) {
            return t;
        }
        return (0.5 * v - 0.5 * vmin) / (0.5 * vmax - 0.5 * vmin);
    }

    /** A 256-entry table of this map, for fast lookups: entry i is rgb(i / 255). */
    public int[] table() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            t[i] = rgb(i / 255.0);
        }
        return t;
    }

    private static int channel(int a, int b, double f) {
        double ca = (a & 0xFF);
        double cb = (b & 0xFF);
        return (int) Math.round(ca + (cb - ca) * f);
    }

    @Override
    public String toString() {
        return "Colormap[" + name + "]";
    }
}
