package io.github.mlplatform.experiments.activations;

import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.ChartStyle;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pictures of the all-activations run (the seed only printed accuracies; these draw its comparison). */
final class AllActivationsFigures {

    private AllActivationsFigures() {
    }

    /**
     * {@code accuracy-<dataset>.png}: one bar per block, the mean test accuracy (%) over the seeds,
     * with an error bar of ± one sample standard deviation; the y axis starts near the lowest bar so
     * differences of tenths of a point stay visible.
     */
    static void accuracy(Path figures, Map<String, List<AllActivationsExperiment.Row>> tables, int seeds) throws IOException {
        for (Map.Entry<String, List<AllActivationsExperiment.Row>> e : tables.entrySet()) {
            List<AllActivationsExperiment.Row> rows = e.getValue();
            List<String> labels = rows.stream().map(AllActivationsExperiment.Row::label).toList();
            List<Double> mean = rows.stream().map(r -> 100 * r.accuracy().mean()).toList();
            List<Double> sd = rows.stream().map(r -> 100 * r.accuracy().sd()).toList();
            double lo = rows.stream().mapToDouble(r -> 100 * (r.accuracy().mean() - r.accuracy().sd())).min().orElse(0);
            CategoryChart c = chart(e.getKey() + ": test accuracy, mean ± sd over " + seeds + " seed(s)", "test accuracy (%)");
            c.getStyler().setYAxisMin(Math.max(0, Math.floor(lo - 1)));
            c.getStyler().setYAxisMax(100.0);
            c.addSeries("test accuracy", labels, mean, sd).setFillColor(new Color(Charts.TAB10[0]));
            Charts.write(c, figures.resolve("accuracy-" + slug(e.getKey()) + ".png"));
        }
    }

    /** {@code seconds-per-epoch.png}: training seconds per epoch of each block (mean over seeds), one series per data set. */
    static void secondsPerEpoch(Path file, Map<String, List<AllActivationsExperiment.Row>> tables) throws IOException {
        CategoryChart c = chart("training seconds per epoch (median over seeds)", "s per epoch");
        int i = 0;
        for (Map.Entry<String, List<AllActivationsExperiment.Row>> e : tables.entrySet()) {
            c.addSeries(e.getKey(), e.getValue().stream().map(AllActivationsExperiment.Row::label).toList(),
                    e.getValue().stream().map(AllActivationsExperiment.Row::secondsPerEpoch).toList()).setFillColor(new Color(Charts.TAB10[i++ % 10]));
        }
        c.getStyler().setLegendVisible(tables.size() > 1);
        Charts.write(c, file);
    }

    /**
     * {@code branch-weight-share.png}: for the "all" block, the share (%) of the classifier's weight
     * mass {@code Σ|W|} on the rows fed by each branch, mean over seeds with ± sd; 10% is an equal
     * share. {@code branch-signal-share.png}: the same for {@code Σ|W|·mean|h|}, each row weighted by
     * the mean |output| of its feature on the test images.
     */
    static void branchShares(Path file, Map<String, double[][]> sets, String title, String yLabel) throws IOException {
        CategoryChart c = chart(title, yLabel);
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < AllActivationsVariant.BRANCHES; b++) {
            labels.add(AllActivationsVariant.ofBranch(b).label());
        }
        int i = 0;
        for (Map.Entry<String, double[][]> e : sets.entrySet()) {
            double[][] s = e.getValue();
            List<Double> mean = new ArrayList<>();
            List<Double> sd = new ArrayList<>();
            for (int b = 0; b < labels.size(); b++) {
                double[] v = new double[s.length];
                for (int k = 0; k < s.length; k++) {
                    v[k] = 100 * s[k][b];
                }
                AllActivationsExperiment.Spread sp = AllActivationsExperiment.Spread.of(v);
                mean.add(sp.mean());
                sd.add(sp.sd());
            }
            c.addSeries(e.getKey(), labels, mean, sd).setFillColor(new Color(Charts.TAB10[i++ % 10]));
        }
        c.getStyler().setLegendVisible(sets.size() > 1);
        Charts.write(c, file);
    }

    private static CategoryChart chart(String title, String yLabel) {
        ChartStyle style = ChartStyle.defaults().withSize(1000, 520);
        CategoryChart c = new CategoryChartBuilder().width(style.width()).height(style.height()).title(title).xAxisTitle("block")
                .yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setErrorBarsColor(Color.BLACK);
        return c;
    }

    private static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

}
