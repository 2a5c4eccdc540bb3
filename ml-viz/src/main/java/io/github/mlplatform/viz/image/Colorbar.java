package io.github.mlplatform.viz.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A vertical colour bar appended to the right of a picture: a gradient from vmin (bottom) to
 * vmax (top) with labelled ticks, like matplotlib's {@code fig.colorbar(im, ticks=[...])}.
 */
public final class Colorbar {

    /** Gap between the picture and the bar, in pixels. */
    public static final int GAP = 10;
    /** Width of the bar, in pixels. */
    public static final int BAR_WIDTH = 16;
    private static final int MIN_HEIGHT = 60;
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Colorbar() {
    }

    /** A value -> normalised-position function (linear, or two-slope around 0). */
    @FunctionalInterface
    public interface Norm {
        double apply(double v);
    }

    /**
     * Returns a new image: {@code picture} at (0, 0), then the bar and its tick labels to the
     * right, on {@code backgroundRgb}. The bar's pixel at height fraction f (0 bottom, 1 top)
     * shows {@code colormap.rgb(f)}; a tick at value v sits where {@code norm(v)} is.
     */
    public static BufferedImage append(BufferedImage picture, Colormap colormap, Norm norm, double[] ticks,
                                       String[] labels, int backgroundRgb) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(FONT);
        int labelWidth = 0;
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(l));
        }
        int pad = fm.getHeight() / 2 + 1;
        int barH = Math.max(h, MIN_HEIGHT) - 2 * pad;
        int outW = w + GAP + BAR_WIDTH + 6 + labelWidth + 6;
        int outH = Math.max(h, MIN_HEIGHT);
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(backgroundRgb));
            g.fillRect(0, 0, outW, outH);
            g.drawImage(picture, 0, 0, null);
            int x0 = w + GAP;
            int y0 = pad;
            for (int y = 0; y < barH; y++) {
                double f = 1.0 - (y + 0.5) / barH;
                g.setColor(new Color(colormap.rgb(f)));
                g.drawLine(x0, y0 + y, x0 + BAR_WIDTH - 1, y0 + y);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0, y0, BAR_WIDTH - 1, barH - 1);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            for (int i = 0; i < ticks.length; i++) {
                double f = norm.apply(ticks[i]);
                if (!(f >= -1e-9 && f <= 1 + 1e-9)) {
                    continue;
                }
                int ty = y0 + (int) Math.round((1.0 - f) * (barH - 1));
                g.drawLine(x0 + BAR_WIDTH, ty, x0 + BAR_WIDTH + 3, ty);
                g.drawString(labels[i], x0 + BAR_WIDTH + 6, ty + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A tick label: integers plainly, other numbers with 3 significant digits. */
    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            if (s.contains(".") && !s.contains("e")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
