package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Images;
import io.github.mlplatform.viz.image.WeightGrid;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pictures of {@code ml run convolution} (the loss and accuracy curves are drawn by the run
 * report from the per-epoch metrics: {@code curves-loss.png}, {@code curves-accuracy.png}).
 */
final class ConvolutionFigures {

    private ConvolutionFigures() {
    }

    /**
     * The confusion matrix as a table of counts (rows actual class, columns predicted), each cell
     * shaded by log10(1 + count) so the few errors show beside the large diagonal (white 0, black
     * the largest count); the counts are written in the cells.
     */
    static void confusion(Path file, long[][] confusion) throws IOException {
        int n = confusion.length;
        int cell = 44;
        int left = 70;
        int top = 62;
        double max = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                max = Math.max(max, Math.log10(1 + c));
            }
        }
        max = max == 0 ? 1 : max;
        BufferedImage img = new BufferedImage(left + n * cell + 12, top + n * cell + 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString("predicted class", left + (n * cell - fm.stringWidth("predicted class")) / 2, 18);
            g.drawString("actual", 8, top + n * cell / 2);
            for (int i = 0; i < n; i++) {
                String label = Integer.toString(i);
                g.setColor(Color.BLACK);
                g.drawString(label, left + i * cell + (cell - fm.stringWidth(label)) / 2, top - 10);
                g.drawString(label, left - 16, top + i * cell + (cell + fm.getAscent()) / 2 - 2);
                for (int j = 0; j < n; j++) {
                    double t = Math.log10(1 + confusion[i][j]) / max;
                    int grey = (int) Math.round(255 * (1 - t));
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(left + j * cell, top + i * cell, cell, cell);
                    g.setColor(t > 0.55 ? Color.WHITE : Color.BLACK);
                    String count = Long.toString(confusion[i][j]);
                    g.drawString(count, left + j * cell + (cell - fm.stringWidth(count)) / 2, top + i * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, n * cell, n * cell);
        } finally {
            g.dispose();
        }
        ImageFiles.write(img, file);
    }

    /**
     * The first layer's 32 filters (3 × 3 each, one row of {@code filters} per output channel,
     * row-major over kernel row and column) as 8 × 4 tiles, blue negative, white 0, red positive on
     * one range symmetric about 0 over all filters.
     */
    static void filters(Path file, double[][] filters) throws IOException {
        double max = 0;
        for (double[] f : filters) {
            for (double v : f) {
                max = Math.max(max, Math.abs(v));
            }
        }
        max = max == 0 ? 1 : max;
        GridStyle style = GridStyle.weights().withColormap(Colormap.BWR).withRange(-max, max).withScale(16)
                .withSeparator(4, 0xFFFFFF).withColorbar(true);
        WeightGrid.write(file, filters, 8, (filters.length + 7) / 8, 3, style);
    }

    /** One wrongly classified test digit: its pixels in [0, 1] (28 × 28, row-major), true and predicted class. */
    record Mistake(int index, float[] pixels, int actual, int predicted) {
    }

    /**
     * Misclassified test digits, 8 per row, each with "true→predicted" under it (white 0, black 1,
     * as the seed shows digits). An empty list draws a one-line note instead.
     */
    static void misclassified(Path file, List<Mistake> mistakes) throws IOException {
        int scale = 3;
        int cols = 8;
        int side = 28 * scale;
        int label = 18;
        int gap = 6;
        int rows = Math.max(1, (mistakes.size() + cols - 1) / cols);
        int width = cols * (side + gap) + gap;
        int height = rows * (side + label + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            if (mistakes.isEmpty()) {
                g.drawString("no misclassified test digit", gap, gap + fm.getAscent());
            }
            for (int k = 0; k < mistakes.size(); k++) {
                Mistake m = mistakes.get(k);
                double[][] px = new double[28][28];
                for (int i = 0; i < 784; i++) {
                    px[i / 28][i % 28] = m.pixels()[i];
                }
                int x = gap + (k % cols) * (side + gap);
                int y = gap + (k / cols) * (side + label + gap);
                g.drawImage(Images.fromMatrix(px, Colormap.GRAY_R, 0, 1, scale), x, y, null);
                String text = m.actual() + " \u2192 " + m.predicted();
                g.setColor(Color.BLACK);
                g.drawString(text, x + (side - fm.stringWidth(text)) / 2, y + side + fm.getAscent() + 1);
            }
        } finally {
            g.dispose();
        }
        ImageFiles.write(img, file);
    }
}
