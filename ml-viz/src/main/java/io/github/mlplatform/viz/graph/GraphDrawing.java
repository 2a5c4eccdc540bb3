package io.github.mlplatform.viz.graph;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.viz.image.ImageFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Draws a {@link WeightedGraph} at given 2-D positions (e.g. from {@link ForceLayout}) as PNG or
 * SVG. Positions are scaled uniformly (aspect kept) into the picture minus its margin, y pointing
 * down. Edge e is drawn with the positive or negative colour by the sign of its weight, opacity
 * {@code 0.15 + 0.85 m} and width {@code 0.5 + (maxEdgeWidth - 0.5) m}, {@code m = |w_e| / max|w|},
 * weakest first so strong edges lie on top; nodes are filled circles, optionally one colour each.
 *
 * <p>For the seed's topology experiment (nodes = the 784 pixels), {@link #gridPositions} gives the
 * pixels' own grid coordinates (to start the layout there) and {@link #gridColours} colours each
 * pixel by its row and column, so one sees whether the layout recovers the 28 x 28 grid.
 */
public final class GraphDrawing {

    private GraphDrawing() {
    }

    /** Renders to an image; {@code nodeRgb} may be null (then every node has the style's colour). */
    public static BufferedImage render(WeightedGraph g, double[][] positions, int[] nodeRgb, GraphStyle style) {
        double[][] px = toPixels(g, positions, nodeRgb, style);
        BufferedImage img = new BufferedImage(style.width(), style.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gr.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            gr.setColor(Color.WHITE);
            gr.fillRect(0, 0, style.width(), style.height());
            double max = g.maxAbsWeight();
            for (int e : edgeOrder(g)) {
                double m = max > 0 ? Math.abs(g.weight()[e]) / max : 1;
                int rgb = g.weight()[e] >= 0 ? style.positiveRgb() : style.negativeRgb();
                gr.setColor(new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, (int) Math.round(255 * (0.15 + 0.85 * m))));
                gr.setStroke(new BasicStroke((float) (0.5 + (style.maxEdgeWidth() - 0.5) * m), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                double[] a = px[g.from()[e]];
                double[] b = px[g.to()[e]];
                gr.draw(new Line2D.Double(a[0], a[1], b[0], b[1]));
            }
            double r = style.nodeRadius();
            if (r > 0) {
                for (int i = 0; i < g.nodes(); i++) {
                    gr.setColor(new Color(nodeRgb == null ? style.nodeRgb() : nodeRgb[i]));
                    gr.fill(new Ellipse2D.Double(px[i][0] - r, px[i][1] - r, 2 * r, 2 * r));
                }
            }
        } finally {
            gr.dispose();
        }
        return img;
    }

    /** The same drawing as an SVG document. */
    public static String svg(WeightedGraph g, double[][] positions, int[] nodeRgb, GraphStyle style) {
        double[][] px = toPixels(g, positions, nodeRgb, style);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                style.width(), style.height(), style.width(), style.height()));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<g stroke-linecap=\"round\">\n");
        double max = g.maxAbsWeight();
        for (int e : edgeOrder(g)) {
            double m = max > 0 ? Math.abs(g.weight()[e]) / max : 1;
            int rgb = g.weight()[e] >= 0 ? style.positiveRgb() : style.negativeRgb();
            double[] a = px[g.from()[e]];
            double[] b = px[g.to()[e]];
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#%06x\" stroke-opacity=\"%.3f\" stroke-width=\"%.2f\"/>%n",
                    a[0], a[1], b[0], b[1], rgb, 0.15 + 0.85 * m, 0.5 + (style.maxEdgeWidth() - 0.5) * m));
        }
        sb.append("</g>\n<g>\n");
        if (style.nodeRadius() > 0) {
            for (int i = 0; i < g.nodes(); i++) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"#%06x\"/>%n",
                        px[i][0], px[i][1], style.nodeRadius(), (nodeRgb == null ? style.nodeRgb() : nodeRgb[i]) & 0xFFFFFF));
            }
        }
        sb.append("</g>\n</svg>\n");
        return sb.toString();
    }

    /** Writes PNG (or GIF/BMP) or SVG by the extension of {@code file}; returns {@code file}. */
    public static Path write(Path file, WeightedGraph g, double[][] positions, int[] nodeRgb, GraphStyle style)
            throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            AtomicFiles.writeString(file, svg(g, positions, nodeRgb, style));
            return file;
        }
        return ImageFiles.write(render(g, positions, nodeRgb, style), file);
    }

    /**
     * The pixel coordinates where each node is drawn: positions scaled uniformly into the picture
     * minus the margin, centred, y down (the first coordinate is x, the second y).
     */
    public static double[][] toPixels(WeightedGraph g, double[][] positions, int[] nodeRgb, GraphStyle style) {
        if (positions == null || positions.length != g.nodes()) {
            throw new IllegalArgumentException("positions: expected " + g.nodes() + " positions, got "
                    + (positions == null ? "null" : positions.length));
        }
        if (nodeRgb != null && nodeRgb.length != g.nodes()) {
            throw new IllegalArgumentException("nodeRgb: expected " + g.nodes() + " colours, got " + nodeRgb.length);
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < positions.length; i++) {
            double[] p = positions[i];
            if (p == null || p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                throw new IllegalArgumentException("positions: expected 2 finite coordinates for node " + i);
            }
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double r = style.nodeRadius();
        double availW = style.width() - 2.0 * style.margin() - 2 * r;
        double availH = style.height() - 2.0 * style.margin() - 2 * r;
        double spanX = maxX - minX;
        double spanY = maxY - minY;
        double scale = Math.min(spanX > 0 ? availW / spanX : Double.POSITIVE_INFINITY,
                spanY > 0 ? availH / spanY : Double.POSITIVE_INFINITY);
        if (Double.isInfinite(scale)) {
            scale = 1;
        }
        double offX = (style.width() - spanX * scale) / 2;
        double offY = (style.height() - spanY * scale) / 2;
        double[][] out = new double[positions.length][2];
        for (int i = 0; i < positions.length; i++) {
            out[i][0] = offX + (positions[i][0] - minX) * scale;
            out[i][1] = offY + (positions[i][1] - minY) * scale;
        }
        return out;
    }

    /** Grid coordinates of the pixels of a {@code rows x cols} image: node r*cols + c at (c, r). */
    public static double[][] gridPositions(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("grid: expected positive rows and cols, got " + rows + " x " + cols);
        }
        double[][] p = new double[rows * cols][2];
        for (int i = 0; i < p.length; i++) {
            p[i][0] = i % cols;
            p[i][1] = i / cols;
        }
        return p;
    }

    /**
     * A colour per pixel of a {@code rows x cols} image that encodes its place: red grows with the
     * column, blue with the row, green fixed at 0x40.
     */
    public static int[] gridColours(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("grid: expected positive rows and cols, got " + rows + " x " + cols);
        }
        int[] rgb = new int[rows * cols];
        for (int i = 0; i < rgb.length; i++) {
            int r = cols > 1 ? (int) Math.round(255.0 * (i % cols) / (cols - 1)) : 128;
            int b = rows > 1 ? (int) Math.round(255.0 * (i / cols) / (rows - 1)) : 128;
            rgb[i] = (r << 16) | (0x40 << 8) | b;
        }
        return rgb;
    }

    private static int[] edgeOrder(WeightedGraph g) {
        return IntStream.range(0, g.edges()).boxed()
                .sorted(Comparator.comparingDouble((Integer e) -> Math.abs(g.weight()[e])).thenComparingInt(e -> e))
                .mapToInt(Integer::intValue).toArray();
    }
}
