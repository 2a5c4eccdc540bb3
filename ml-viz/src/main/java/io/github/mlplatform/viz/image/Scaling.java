package io.github.mlplatform.viz.image;

/** How the values of a tile grid are mapped to [0, 1] before the colormap. */
public enum Scaling {
    /**
     * One range for the whole picture: [min, max] over all tiles (matplotlib's imshow default,
     * used by the seed's {@code draw_weights} with {@code vmax = max}), unless the style fixes
     * vmin / vmax.
     */
    GLOBAL,
    /** Each tile is stretched to its own [min, max] (shows the shape of weak filters). */
    PER_TILE
}
