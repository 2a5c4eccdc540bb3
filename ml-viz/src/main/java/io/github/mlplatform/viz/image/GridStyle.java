package io.github.mlplatform.viz.image;

/**
 * How a grid of tiles ({@link WeightGrid}, {@link Mosaic}) is drawn.
 *
 * @param colormap     value -> colour
 * @param scaling      one range for all tiles or one per tile
 * @param vmin         fixed lower end of the range for {@link Scaling#GLOBAL}; NaN = min of the data
 * @param vmax         fixed upper end of the range for {@link Scaling#GLOBAL}; NaN = max of the data
 * @param colorbar     draw a colour bar right of the grid (ticks at 0 and max, like the seed)
 * @param scale        each data pixel becomes a {@code scale x scale} block (>= 1)
 * @param separator    width in pixels of the lines between tiles (0 = none; no border around the grid)
 * @param separatorRgb colour of those lines ({@code 0xRRGGBB})
 * @param backgroundRgb colour of empty grid cells and of the colour-bar margin
 */
public record GridStyle(Colormap colormap, Scaling scaling, double vmin, double vmax, boolean colorbar,
                        int scale, int separator, int separatorRgb, int backgroundRgb) {

    public GridStyle {
        if (colormap == null) {
            throw new IllegalArgumentException("GridStyle.colormap: expected a colormap, got null");
        }
        if (scaling == null) {
            throw new IllegalArgumentException("GridStyle.scaling: expected GLOBAL or PER_TILE, got null");
        }
        if (scale < 1 || scale > 256) {
            throw new IllegalArgumentException("GridStyle.scale: expected 1..256, got " + scale);
        }
        if (separator < 0 || separator > 64) {
            throw new IllegalArgumentException("GridStyle.separator: expected 0..64 pixels, got " + separator);
        }
        if (!Double.isNaN(vmin) && !Double.isNaN(vmax) && vmin > vmax) {
            throw new IllegalArgumentException("GridStyle: expected vmin <= vmax, got " + vmin + " > " + vmax);
        }
    }

    /**
     * The seed's {@code draw_weights}: Greys (0 -> white, max -> black), one range [min, max]
     * over the whole grid, colour bar with ticks 0 and max, no scaling, no separators.
     */
    public static GridStyle weights() {
        return new GridStyle(Colormap.GREYS, Scaling.GLOBAL, Double.NaN, Double.NaN, true, 1, 0, 0x808080, 0xFFFFFF);
    }

    /** Raw images as the seed shows them ({@code imshow(cmap="gray_r")}): no colour bar, no separators. */
    public static GridStyle images() {
        return new GridStyle(Colormap.GRAY_R, Scaling.GLOBAL, Double.NaN, Double.NaN, false, 1, 0, 0x808080, 0xFFFFFF);
    }

    public GridStyle withColormap(Colormap c) {
        return new GridStyle(c, scaling, vmin, vmax, colorbar, scale, separator, separatorRgb, backgroundRgb);
    }

    public GridStyle withScaling(Scaling s) {
        return new GridStyle(colormap, s, vmin, vmax, colorbar, scale, separator, separatorRgb, backgroundRgb);
    }

    /** Fixes the range (GLOBAL scaling); NaN keeps that end automatic. */
    public GridStyle withRange(double lo, double hi) {
        return new GridStyle(colormap, scaling, lo, hi, colorbar, scale, separator, separatorRgb, backgroundRgb);
    }

    public GridStyle withColorbar(boolean on) {
        return new GridStyle(colormap, scaling, vmin, vmax, on, scale, separator, separatorRgb, backgroundRgb);
    }

    public GridStyle withScale(int s) {
        return new GridStyle(colormap, scaling, vmin, vmax, colorbar, s, separator, separatorRgb, backgroundRgb);
    }

    public GridStyle withSeparator(int width, int rgb) {
        return new GridStyle(colormap, scaling, vmin, vmax, colorbar, scale, width, rgb, backgroundRgb);
    }

    public GridStyle withBackground(int rgb) {
        return new GridStyle(colormap, scaling, vmin, vmax, colorbar, scale, separator, separatorRgb, rgb);
    }
}
