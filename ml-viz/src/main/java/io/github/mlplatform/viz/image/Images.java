package io.github.mlplatform.viz.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Single images from matrices, and side-by-side composition of pictures. */
public final class Images {

    private Images() {
    }

    /**
     * A {@code rows x cols} matrix as an image: pixel (r, c) is {@code colormap.rgb((m[r][c] -
     * vmin) / (vmax - vmin))}, repeated as a {@code scale x scale} block. NaN vmin / vmax take the
     * data's min / max (matplotlib's imshow default).
     */
    public static BufferedImage fromMatrix(double[][] m, Colormap colormap, double vmin, double vmax, int scale) {
        Arrays2D.requireRectangular(m, "matrix");
        GridStyle style = GridStyle.images().withColormap(colormap).withRange(vmin, vmax).withScale(scale);
        int rows = m.length;
        int cols = m[0].length;
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m[r], 0, flat, r * cols, cols);
        }
        return TileGrid.render(new double[][] {flat}, rows, cols, 1, 1, false, style, "matrix");
    }

    /** Pictures left to right, top-aligned, {@code gap} pixels apart, on {@code backgroundRgb}. */
    public static BufferedImage hstack(int gap, int backgroundRgb, BufferedImage... pictures) {
        if (pictures.length == 0) {
            throw new IllegalArgumentException("pictures: expected at least one");
        }
        int w = gap * (pictures.length - 1);
        int h = 0;
        for (BufferedImage p : pictures) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(backgroundRgb));
            g.fillRect(0, 0, w, h);
            int x = 0;
            for (BufferedImage p : pictures) {
                g.drawImage(p, x, 0, null);
                x += p.getWidth() + gap;
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
