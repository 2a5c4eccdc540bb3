package io.github.mlplatform.experiments.names;

import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.tsne.Pca;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of {@code ml run mlp-names}: the loss over the steps and the character embeddings. */
final class MlpNamesFigures {

    private MlpNamesFigures() {
    }

    /**
     * The mean minibatch loss per {@code curve.every} steps and the dev loss after each epoch, against
     * the step (the lecture plots the minibatch loss of every step).
     */
    static void lossCurve(Path file, MlpNamesExperiment.LossCurve curve, List<EpochMetrics> history, MlpNamesConfig cfg)
            throws IOException {
        List<Series> series = new ArrayList<>();
        if (!curve.points.isEmpty()) {
            double[] x = new double[curve.points.size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = curve.points.get(i)[0];
                y[i] = curve.points.get(i)[1];
            }
            series.add(new Series("minibatch loss, mean of " + curve.every + " steps", x, y));
        }
        List<double[]> dev = new ArrayList<>();
        long step = 0;
        for (EpochMetrics m : history) {
            step += cfg.stepsIn(m.epoch() - 1);
            if (m.test() != null && Double.isFinite(m.test().loss())) {
                dev.add(new double[]{step, m.test().loss()});
            }
        }
        if (!dev.isEmpty()) {
            series.add(new Series("dev loss after each epoch of " + cfg.epochSteps() + " steps",
                    dev.stream().mapToDouble(p -> p[0]).toArray(), dev.stream().mapToDouble(p -> p[1]).toArray()));
        }
        if (series.isEmpty()) {
            return;
        }
        ChartStyle style = ChartStyle.defaults().withSize(900, 500).withMarkers(false);
        boolean decays = cfg.decayStep() > 0 && cfg.decayStep() < cfg.steps();
        String title = decays ? String.format(Locale.ROOT, "cross-entropy loss (lr %s, %s from step %,d)", cfg.lr(), cfg.lrAfter(), cfg.decayStep())
                : String.format(Locale.ROOT, "cross-entropy loss (lr %s)", cfg.lr());
        XYChart chart = Charts.line(title, "step", "loss (nats)", series, style);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        Charts.write(chart, file);
    }

    /**
     * The character embeddings as points labelled with their character: the table itself when it
     * is 2-D ({@code -P embedding=2}, the lecture's picture), its first two principal components
     * when it is wider, value against 0 when it is 1-D.
     */
    static void embedding(Path file, INDArray table, CharVocabulary vocab) throws IOException {
        double[][] w = table.castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = w.length;
        int dim = w[0].length;
        double[][] xy = new double[n][];
        String title;
        if (dim == 2) {
            for (int i = 0; i < n; i++) {
                xy[i] = w[i].clone();
            }
            title = "character embeddings (the 2-D table)";
        } else if (dim == 1) {
            for (int i = 0; i < n; i++) {
                xy[i] = new double[]{w[i][0], 0};
            }
            title = "character embeddings (the 1-D table)";
        } else {
            Pca.Result p = Pca.fit(w, 2, 42);
            xy = p.projected();
            double total = totalVariance(w);
            title = String.format(Locale.ROOT, "character embeddings: 2 principal components of %d (%.0f%% of the variance)",
                    dim, 100 * (p.variances()[0] + p.variances()[1]) / total);
        }
        XYChart chart = Charts.scatter(title, xy, new int[n], new String[]{"character"},
                ChartStyle.defaults().withSize(700, 700).withLegend(false));
        chart.getStyler().setMarkerSize(22);
        chart.getSeriesMap().get("character").setMarkerColor(new Color(0xAEC7E8)); // light, so the letters stay legible
        chart.getStyler().setAnnotationTextFont(new Font(Font.MONOSPACED, Font.BOLD, 15));
        chart.getStyler().setAnnotationTextFontColor(Color.BLACK);
        for (int i = 0; i < n; i++) {
            chart.addAnnotation(new AnnotationText(String.valueOf(vocab.symbol(i)), xy[i][0], xy[i][1], false));
        }
        Charts.write(chart, file);
    }

    private static double totalVariance(double[][] w) {
        int n = w.length;
        double total = 0;
        for (int j = 0; j < w[0].length; j++) {
            double mean = 0;
            for (double[] row : w) {
                mean += row[j] / n;
            }
            for (double[] row : w) {
                total += (row[j] - mean) * (row[j] - mean) / (n - 1);
            }
        }
        return total;
    }
}
