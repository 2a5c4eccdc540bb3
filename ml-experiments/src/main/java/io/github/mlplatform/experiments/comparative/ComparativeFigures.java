package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.datasets.pairs.ImagePairs;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Images;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures of {@code ml run comparative} (the loss and pair-accuracy curves are drawn by the run
 * report from the per-epoch metrics: {@code curves-loss.png}, {@code curves-accuracy.png}).
 */
final class ComparativeFigures {

    private ComparativeFigures() {
    }

    /** How a method of the classifier table reads in the figure and the summary. */
    static String label(String method) {
        if (method.equals(ComparativeExperiment.NETWORK)) {
            return "network (mean p(same) per class)";
        }
        if (method.equals(ComparativeExperiment.CODES_1NN)) {
            return "1-NN on the network's codes";
        }
        return method.replaceFirst("pixels_(\\d+)nn", "$1-NN on raw pixels");
    }

    /**
     * Test-digit classification accuracy against the number K of references per class: one group of
     * bars per K, one bar per method (the mean over the reference draws; the lowest and highest draw
     * are in the run record and the summary).
     *
     * @param mean method → accuracy in [0, 1] per K of {@code ks}
     */
    static void classifier(Path file, int[] ks, Map<String, double[]> mean, int digits, int draws) throws IOException {
        List<String> categories = new ArrayList<>();
        for (int k : ks) {
            categories.add("K = " + k);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : mean.entrySet()) {
            double[] pct = e.getValue().clone();
            for (int q = 0; q < pct.length; q++) {
                pct[q] *= 100;
            }
            series.put(label(e.getKey()), pct);
        }
        String title = String.format(Locale.ROOT, "%,d test digits labelled from K training references per class (mean of %d draws)",
                digits, draws);
        Charts.write(Charts.bar(title, "references per class", "accuracy (%)", categories, series,
                ChartStyle.defaults().withSize(900, 480)), file);
    }

    /**
     * Example test pairs, one column each: the first image above the second (white 0 to black 1, the
     * seed's {@code gray_r}), under them the network's probability of "same", and the truth
     * ("same"/"diff"); a wrong answer (p on the wrong side of 0.5) is written in red.
     *
     * @param shown         indices of the pairs to draw
     * @param probabilities the probability of "same" of every pair of {@code pairs}
     */
    static void pairs(Path file, ImagePairs pairs, int[] shown, double[] probabilities) throws IOException {
        int scale = 3;
        int side = pairs.data().images().rows() * scale;
        int gap = 8;
        int text = 34;
        int cols = shown.length;
        BufferedImage img = new BufferedImage(gap + cols * (side + gap), gap + 2 * side + 2 + text, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < cols; c++) {
                int p = shown[c];
                int x = gap + c * (side + gap);
                g.drawImage(image(pairs, pairs.first(p), scale), x, gap, null);
                g.drawImage(image(pairs, pairs.second(p), scale), x, gap + side + 2, null);
                boolean right = (probabilities[p] > 0.5) == pairs.same(p);
                String prob = String.format(Locale.ROOT, "p=%.2f", probabilities[p]);
                String truth = pairs.same(p) ? "same" : "diff";
                g.setColor(right ? Color.BLACK : Color.RED);
                g.drawString(prob, x + (side - fm.stringWidth(prob)) / 2, gap + 2 * side + 2 + fm.getAscent() + 2);
                g.setColor(Color.DARK_GRAY);
                g.drawString(truth, x + (side - fm.stringWidth(truth)) / 2, gap + 2 * side + 2 + 2 * fm.getAscent() + 4);
            }
        } finally {
            g.dispose();
        }
        ImageFiles.write(img, file);
    }

    private static BufferedImage image(ImagePairs pairs, int index, int scale) {
        var images = pairs.data().images();
        double[][] m = new double[images.rows()][images.cols()];
        for (int r = 0; r < images.rows(); r++) {
            for (int c = 0; c < images.cols(); c++) {
                m[r][c] = images.pixel(index, r, c) / 255.0;
            }
        }
        return Images.fromMatrix(m, Colormap.GRAY_R, 0, 1, scale);
    }
}
