package io.github.mlplatform.viz.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** The renderer behind {@link WeightGrid} and {@link Mosaic}: tiles of h x w values on a grid. */
final class TileGrid {

    private TileGrid() {
    }

    /**
     * Draws {@code tiles} (each h*w values, row-major) on a {@code cols x rows} grid. Tile i goes
     * to column {@code i % cols}, row {@code i / cols} (row-major), or column {@code i / rows},
     * row {@code i % rows} (column-major). Data pixel (r, c) of the tile at grid cell (tc, tr) is
     * the block starting at x = tc*(w*scale+sep) + c*scale, y = tr*(h*scale+sep) + r*scale.
     */
    static BufferedImage render(double[][] tiles, int h, int w, int cols, int rows, boolean columnMajor,
                                GridStyle style, String argName) {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(argName + ": expected positive tile size, got " + h + " x " + w);
        }
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException(argName + ": expected a positive grid size, got " + cols + " x " + rows);
        }
        if (tiles == null || tiles.length == 0) {
            throw new IllegalArgumentException(argName + ": expected at least one tile");
        }
        if (tiles.length > (long) cols * rows) {
            throw new IllegalArgumentException(argName + ": " + tiles.length + " tiles do not fit a grid of "
                    + cols + " x " + rows + " = " + (long) cols * rows + " cells");
        }
        for (int i = 0; i < tiles.length; i++) {
            if (tiles[i] == null || tiles[i].length != h * w) {
                throw new IllegalArgumentException(argName + ": expected row " + i + " to have " + h + " x " + w + " = "
                        + h * w + " values, got " + (tiles[i] == null ? "null" : tiles[i].length));
            }
        }
        int s = style.scale();
        int sep = style.separator();
        long width = (long) cols * w * s + (long) (cols - 1) * sep;
        long height = (long) rows * h * s + (long) (rows - 1) * sep;
        if (width * height > 400_000_000L) {
            throw new IllegalArgumentException(argName + ": picture of " + width + " x " + height
                    + " pixels is too large; lower the scale or the grid size");
        }
        double lo;
        double hi;
        if (style.scaling() == Scaling.GLOBAL) {
            double[] range = Arrays2D.finiteRange(tiles);
            lo = Double.isNaN(style.vmin()) ? range[0] : style.vmin();
            hi = Double.isNaN(style.vmax()) ? range[1] : style.vmax();
        } else {
            lo = 0;
            hi = 1;
        }
        BufferedImage img = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int iw = (int) width;
        java.util.Arrays.fill(px, style.backgroundRgb());
        if (sep > 0) {
            for (int tc = 1; tc < cols; tc++) {
                int x0 = tc * (w * s + sep) - sep;
                for (int y = 0; y < height; y++) {
                    for (int x = x0; x < x0 + sep; x++) {
                        px[y * iw + x] = style.separatorRgb();
                    }
                }
            }
            for (int tr = 1; tr < rows; tr++) {
                int y0 = tr * (h * s + sep) - sep;
                for (int y = y0; y < y0 + sep; y++) {
                    java.util.Arrays.fill(px, y * iw, y * iw + iw, style.separatorRgb());
                }
            }
        }
        Colormap cm = style.colormap();
        for (int i = 0; i < tiles.length; i++) {
            int tc = columnMajor ? i / rows : i % cols;
            int tr = columnMajor ? i % rows : i / cols;
            double tlo = lo;
            double thi = hi;
            if (style.scaling() == Scaling.PER_TILE) {
                double[] r = Arrays2D.finiteRange(tiles[i]);
                tlo = r[0];
                thi = r[1];
            }
            int ox = tc * (w * s + sep);
            int oy = tr * (h * s + sep);
            double[] t = tiles[i];
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    int rgb = cm.rgb(t[r * w + c], tlo, thi);
                    int bx = ox + c * s;
                    int by = oy + r * s;
                    for (int dy = 0; dy < s; dy++) {
                        int base = (by + dy) * iw + bx;
                        for (int dx = 0; dx < s; dx++) {
                            px[base + dx] = rgb;
                        }
                    }
                }
            }
        }
        if (!style.colorbar()) {
            return img;
        }
        if (style.scaling() == Scaling.PER_TILE) {
            return Colorbar.append(img, cm, v -> v, new double[] {0, 1}, new String[] {"tile min", "tile max"},
                    style.backgroundRgb());
        }
        double flo = lo;
        double fhi = hi;
        double first = (0 >= lo && 0 <= hi) ? 0 : lo;
        double[] ticks = first == hi ? new double[] {hi} : new double[] {first, hi};
        String[] labels = new String[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            labels[i] = Colorbar.format(ticks[i]);
        }
        return Colorbar.append(img, cm, v -> fhi > flo ? (v - flo) / (fhi - flo) : 0, ticks, labels, style.backgroundRgb());
    }
}
