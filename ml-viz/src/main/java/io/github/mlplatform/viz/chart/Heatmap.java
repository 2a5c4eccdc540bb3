package io.github.mlplatform.viz.chart;

import io.github.mlplatform.viz.image.Arrays2D;
import io.github.mlplatform.viz.image.Colorbar;
import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.ImageFiles;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A matrix as a heat map, drawn pixel by pixel into a {@link BufferedImage} (fast for the
 * topology experiment's 784 x 784 correlation matrix, where XChart's HeatMapChart is slow), with
 * a colour bar. Cell (i, j) (row i from the top, column j from the left) is the
 * {@code cellSize x cellSize} block at {@link Picture#x0()} + j*cellSize,
 * {@link Picture#y0()} + i*cellSize, coloured {@code colormap.rgb(norm(m[i][j]))} (see
 * {@link HeatmapStyle.Norm}); NaN cells are magenta.
 *
 * <p>The seed drew the weights of a 784 -> 784 linear layer trained to reproduce its input
 * (pixel correlations): a bright diagonal (each pixel with itself) and side diagonals
 * (neighbouring pixels) show the 28 x 28 grid.
 */
public final class Heatmap {

    static final int MARGIN = 10;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Heatmap() {
    }

    /** The rendered picture and where the matrix lies in it. */
    public record Picture(BufferedImage image, int x0, int y0, int cellSize) {
        /** The RGB ({@code 0xRRGGBB}) of the centre of cell (row, col). */
        public int rgbAt(int row, int col) {
            return image.getRGB(x0 + col * cellSize + cellSize / 2, y0 + row * cellSize + cellSize / 2) & 0xFFFFFF;
        }
    }

    /** Renders {@code m} (rows x cols, any real values). */
    public static Picture render(double[][] m, HeatmapStyle style) {
        Arrays2D.requireRectangular(m, "matrix");
        double[] range = Arrays2D.finiteRange(m);
        return render(m, style, range[0], range[1]);
    }

    /**
     * Renders {@code m} on a fixed colour range {@code [lo, hi]} instead of its own, so that several
     * pictures share one scale (values outside are drawn in the end colours).
     *
     * @throws IllegalArgumentException if the range is not finite or {@code lo > hi}
     */
    public static Picture render(double[][] m, HeatmapStyle style, double lo, double hi) {
        Arrays2D.requireRectangular(m, "matrix");
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException("colour range: expected finite lo <= hi, got [" + lo + ", " + hi + "]");
        }
        int rows = m.length;
        int cols = m[0].length;
        int cs = style.cellSize();
        if ((long) rows * cs * cols * cs > 200_000_000L) {
            throw new IllegalArgumentException("matrix: " + rows + " x " + cols + " at " + cs
                    + " px per cell is too large a picture; lower cellSize");
        }
        Colorbar.Norm norm = norm(style.norm(), lo, hi);

        int titleH = 0;
        FontMetrics tfm = null;
        if (!style.title().isEmpty()) {
            tfm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(TITLE_FONT);
            titleH = tfm.getHeight() + 6;
        }
        int x0 = MARGIN;
        int y0 = MARGIN + titleH;
        int w = cols * cs + 2 * MARGIN;
        int h = rows * cs + 2 * MARGIN + titleH;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(px, 0xFFFFFF);
        Colormap cm = style.colormap();
        for (int i = 0; i < rows; i++) {
            double[] row = m[i];
            for (int j = 0; j < cols; j++) {
                int rgb = cm.rgb(norm.apply(row[j]));
                int bx = x0 + j * cs;
                int by = y0 + i * cs;
                for (int dy = 0; dy < cs; dy++) {
                    int base = (by + dy) * w + bx;
                    for (int dx = 0; dx < cs; dx++) {
                        px[base + dx] = rgb;
                    }
                }
            }
        }
        if (tfm != null) {
            Graphics2D g = img.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(TITLE_FONT);
                g.setColor(Color.BLACK);
                g.drawString(style.title(), x0, MARGIN + tfm.getAscent());
            } finally {
                g.dispose();
            }
        }
        if (style.colorbar()) {
            double[] ticks;
            if (style.norm() == HeatmapStyle.Norm.SYMMETRIC) {
                double l = Math.max(Math.abs(lo), Math.abs(hi));
                ticks = new double[] {-l, 0, l};
            } else if (lo < 0 && hi > 0) {
                ticks = new double[] {lo, 0, hi};
            } else {
                ticks = new double[] {lo, hi};
            }
            String[] labels = new String[ticks.length];
            for (int i = 0; i < ticks.length; i++) {
                labels[i] = Colorbar.format(ticks[i]);
            }
            img = Colorbar.append(img, cm, norm, ticks, labels, 0xFFFFFF);
        }
        return new Picture(img, x0, y0, cs);
    }

    /** Renders a rank-2 INDArray. */
    public static Picture render(INDArray m, HeatmapStyle style) {
        return render(Arrays2D.of(m, "matrix"), style);
    }

    /** Renders and writes (PNG / GIF / BMP by extension); returns {@code file}. */
    public static Path write(Path file, double[][] m, HeatmapStyle style) throws IOException {
        return ImageFiles.write(render(m, style).image(), file);
    }

    /** The normalisation function of {@code norm} for data in [lo, hi]. */
    public static Colorbar.Norm norm(HeatmapStyle.Norm norm, double lo, double hi) {
        return switch (norm) {
            case SYMMETRIC -> {
                double l = Math.max(Math.abs(lo), Math.abs(hi));
                // (v + l) / (2 l) overflows for l near the double limit; 0.5 + 0.5 v / l does not
                yield v -> {
                    if (!(l > 0)) {
                        return 0.5;
                    }
                    double t = (v + l) / (2 * l);
                    return Double.isFinite(2 * l) && Double.isFinite(v + l) ? t : 0.5 + 0.5 * (v / l);
                };
            }
            case TWO_SLOPE -> v -> {
                if (v < 0) {
                    return lo < 0 ? 0.5 - 0.5 * v / lo : 0.5;
                }
                return hi > 0 ? 0.5 + 0.5 * v / hi : 0.5;
            };
            case LINEAR -> v -> Colormap.normalise(v, lo, hi);
        };
    }
}
