package io.github.mlplatform.experiments.attention;

import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.ImageFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Pictures of the self-attention run (the seed drew none; these show where the attention looks, and the claim). */
final class AttentionFigures {

    /** Width and height of one drawn image, in screen pixels (8 per token at side 14, 4 at side 28). */
    static final int CELL = 112;
    private static final int GAP = 6;
    private static final int HEADER = 22;
    private static final int LEFT = 64;

    private AttentionFigures() {
    }

    /**
     * {@code attention-maps.png}: one row per test digit. Column 1 the digit as the tokens see it
     * (side × side, pooled as the network pools; 0 white to 1 black) with the query pixel framed in
     * blue; then one column per layer and head: the digit in light grey with, in red over it, the
     * weights the query pixel gives every pixel in that head, scaled so that the largest weight of
     * the map is full red (the map's maximum is printed under it, as a share of the query's total of 1).
     *
     * @param digits  {@code [n][side·side]} pixel values in [0, 1]
     * @param weights {@code [n][L·h][side·side]} the query pixel's attention weights, channel {@code l·h + k}
     * @param labels  the digits' classes
     * @param query   {row, column} of the query pixel
     */
    static void maps(Path file, double[][] digits, double[][][] weights, int[] labels, int side, int[] query, int heads) throws IOException {
        int n = digits.length;
        int ch = weights.length == 0 ? 0 : weights[0].length;
        int width = LEFT + (ch + 1) * (CELL + GAP);
        int height = HEADER + n * (CELL + GAP + 14);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        g.drawString("digit", LEFT, 14);
        for (int c = 0; c < ch; c++) {
            g.drawString("layer " + (c / heads + 1) + ", head " + (c % heads + 1), LEFT + (c + 1) * (CELL + GAP), 14);
        }
        int px = CELL / side;
        for (int i = 0; i < n; i++) {
            int y0 = HEADER + i * (CELL + GAP + 14);
            g.setColor(Color.BLACK);
            g.drawString("label " + labels[i], 4, y0 + CELL / 2);
            for (int c = -1; c < ch; c++) {
                int x0 = LEFT + (c + 1) * (CELL + GAP);
                double max = 0;
                if (c >= 0) {
                    for (double v : weights[i][c]) {
                        max = Math.max(max, v);
                    }
                }
                for (int p = 0; p < side * side; p++) {
                    double ink = Math.max(0, Math.min(1, digits[i][p]));
                    int rgb;
                    if (c < 0) {
                        int gray = (int) Math.round(255 * (1 - ink));
                        rgb = gray << 16 | gray << 8 | gray;
                    } else {
                        double a = max > 0 ? weights[i][c][p] / max : 0;
                        double base = 1 - 0.35 * ink;                           // the digit in light grey
                        int r = (int) Math.round(255 * (base * (1 - a) + a));
                        int gb = (int) Math.round(255 * base * (1 - a));
                        rgb = r << 16 | gb << 8 | gb;
                    }
                    g.setColor(new Color(rgb));
                    g.fillRect(x0 + (p % side) * px, y0 + (p / side) * px, px, px);
                }
                g.setColor(new Color(0x1F77B4));
                g.setStroke(new BasicStroke(2));
                g.drawRect(x0 + query[1] * px - 1, y0 + query[0] * px - 1, px + 1, px + 1);
                if (c >= 0) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(java.util.Locale.ROOT, "max %.3f", max), x0, y0 + CELL + 12);
                }
            }
        }
        g.dispose();
        ImageFiles.write(img, file);
    }

    /** {@code accuracy.png}: test accuracy (%) after every epoch, the attention network and the baseline without attention. */
    static void accuracy(Path file, List<EpochMetrics> attention, List<EpochMetrics> baseline) throws IOException {
        List<Series> s = new ArrayList<>();
        s.add(series("self-attention", attention));
        if (!baseline.isEmpty()) {
            s.add(series("baseline: same tokens and head, no attention", baseline));
        }
        Charts.write(Charts.line("test accuracy per epoch", "epoch", "test accuracy (%)", s,
                ChartStyle.defaults().withSize(720, 420).withMarkers(true)), file);
    }

    private static Series series(String name, List<EpochMetrics> history) {
        List<EpochMetrics> tested = history.stream().filter(m -> m.test() != null).toList();   // restored epochs may lack one
        double[] x = tested.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] y = tested.stream().mapToDouble(m -> 100 * m.test().accuracy()).toArray();
        return new Series(name, x, y);
    }
}
