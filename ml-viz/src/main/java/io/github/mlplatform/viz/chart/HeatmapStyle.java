package io.github.mlplatform.viz.chart;

import io.github.mlplatform.viz.image.Colormap;

/**
 * How {@link Heatmap} maps values to colours.
 *
 * @param colormap colours (default matplotlib "bwr": blue, white, red)
 * @param norm     value -> [0, 1]
 * @param cellSize pixels per matrix cell (square)
 * @param colorbar draw a colour bar with ticks at min, 0 and max
 * @param title    text above the picture; empty = none
 */
public record HeatmapStyle(Colormap colormap, Norm norm, int cellSize, boolean colorbar, String title) {

    /** Value normalisations. */
    public enum Norm {
        /**
         * Symmetric around 0: {@code t = (v + L) / (2L)}, {@code L = max(|min|, |max|)}. 0 is white,
         * the larger extreme is fully saturated, the colour of the other shows its true size.
         */
        SYMMETRIC,
        /**
         * Two slopes (matplotlib's TwoSlopeNorm at 0): {@code t = 0.5 - 0.5 v / min} below 0,
         * {@code 0.5 + 0.5 v / max} above: min -> blue, 0 -> white, max -> red always.
         */
        TWO_SLOPE,
        /** {@code t = (v - min) / (max - min)}. */
        LINEAR
    }

    public HeatmapStyle {
        if (colormap == null || norm == null) {
            throw new IllegalArgumentException("HeatmapStyle: colormap and norm must not be null");
        }
        if (cellSize < 1 || cellSize > 256) {
            throw new IllegalArgumentException("HeatmapStyle.cellSize: expected 1..256, got " + cellSize);
        }
        title = title == null ? "" : title;
    }

    /** bwr, symmetric around 0, 1 pixel per cell, colour bar, no title. */
    public static HeatmapStyle diverging() {
        return new HeatmapStyle(Colormap.BWR, Norm.SYMMETRIC, 1, true, "");
    }

    public HeatmapStyle withColormap(Colormap c) {
        return new HeatmapStyle(c, norm, cellSize, colorbar, title);
    }

    public HeatmapStyle withNorm(Norm n) {
        return new HeatmapStyle(colormap, n, cellSize, colorbar, title);
    }

    public HeatmapStyle withCellSize(int s) {
        return new HeatmapStyle(colormap, norm, s, colorbar, title);
    }

    public HeatmapStyle withColorbar(boolean on) {
        return new HeatmapStyle(colormap, norm, cellSize, on, title);
    }

    public HeatmapStyle withTitle(String t) {
        return new HeatmapStyle(colormap, norm, cellSize, colorbar, t);
    }
}
