package io.github.mlplatform.experiments.fashionmlp;

import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pictures of a fashion-mlp run (the seed printed losses and tensors; these draw them). */
final class FashionMlpFigures {

    private FashionMlpFigures() {
    }

    /**
     * {@code activations.png}: the seed's cells [104]–[106] drawn: ReLU, sigmoid and tanh (solid) and
     * their derivatives ({@code d/dx}) on [−8, 8), from the platform's modules and automatic differentiation.
     */
    static void activations(Path file, double[] x, Map<String, double[][]> curves) throws IOException {
        List<Series> series = new ArrayList<>();
        curves.forEach((name, yd) -> series.add(new Series(name, x, yd[0])));
        curves.forEach((name, yd) -> series.add(new Series("d/dx " + name, x, yd[1])));
        XYChart c = Charts.line("ReLU, sigmoid and tanh and their derivatives on [-8, 8)", "x", "f(x), f'(x)", series,
                ChartStyle.defaults().withMarkers(false));
        c.getStyler().setYAxisMin(-1.1);
        c.getStyler().setYAxisMax(2.0);
        Charts.write(c, file);
    }

    /**
     * {@code grid.png}: per cell of the grid, training-set accuracy and test accuracy (%) after the
     * last epoch (dropout off for both); their difference is the gap. {@code gap.png}: the gap in points.
     */
    static void grid(Path file, List<FashionMlpExperiment.Cell> cells) throws IOException {
        List<String> names = cells.stream().map(FashionMlpExperiment.Cell::name).toList();
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("train accuracy", cells.stream().mapToDouble(c -> 100 * c.trainAccuracy()).toArray());
        acc.put("test accuracy", cells.stream().mapToDouble(c -> 100 * c.testAccuracy()).toArray());
        CategoryChart c = Charts.bar("train and test accuracy per cell (after the last epoch)", "cell", "accuracy (%)", names, acc,
                ChartStyle.defaults().withSize(900, 500));
        double lo = cells.stream().mapToDouble(x -> 100 * Math.min(x.trainAccuracy(), x.testAccuracy())).min().orElse(0);
        c.getStyler().setYAxisMin(Math.max(0, Math.floor(lo - 2)));
        c.getStyler().setYAxisMax(100.0);
        Charts.write(c, file);
        Map<String, double[]> gap = Map.of("gap", cells.stream().mapToDouble(x -> 100 * x.gap()).toArray());
        Charts.write(Charts.bar("gap = train accuracy - test accuracy (points)", "cell", "gap (points)", names, gap,
                ChartStyle.defaults().withSize(900, 500)), file.resolveSibling("gap.png"));
    }

    /**
     * {@code accuracy-curves.png}: training-set accuracy (eval mode) and test
     * accuracy per epoch of every cell; {@code loss-curves.png}: the mean training loss of each epoch
     * (dropout on, as trained) and the test loss.
     */
    static void curves(Path figures, List<FashionMlpExperiment.Cell> cells) throws IOException {
        List<Series> acc = new ArrayList<>();
        List<Series> loss = new ArrayList<>();
        for (FashionMlpExperiment.Cell c : cells) {
            acc.add(series("train " + c.name(), c.epochs(), "train_accuracy", 100));
            acc.add(series("test " + c.name(), c.epochs(), "test_accuracy", 100));
            loss.add(series("train " + c.name(), c.epochs(), "train_loss", 1));
            loss.add(series("test " + c.name(), c.epochs(), "test_loss", 1));
        }
        ChartStyle style = ChartStyle.defaults().withSize(1000, 600);
        Charts.write(Charts.line("accuracy per epoch: training set (eval mode) and test set", "epoch", "accuracy (%)", acc, style),
                figures.resolve("accuracy-curves.png"));
        Charts.write(Charts.line("loss per epoch: training (mean over the epoch's batches) and test", "epoch", "cross-entropy", loss, style),
                figures.resolve("loss-curves.png"));
    }

    /** {@code loss.png} of the seed-bugs run: mean training loss, last batch's loss (what the seed printed) and test loss per epoch, and ln 10. */
    static void seedBugsLoss(Path file, FashionMlpExperiment.Cell c, double ln10) throws IOException {
        List<Series> s = new ArrayList<>();
        s.add(series("train loss (mean over the epoch)", c.epochs(), "train_loss", 1));
        if (c.epochs().stream().allMatch(e -> e.containsKey("last_batch_loss"))) {
            s.add(series("last batch's loss (the seed's print)", c.epochs(), "last_batch_loss", 1));
        }
        s.add(series("test loss", c.epochs(), "test_loss", 1));
        double[] x = s.get(0).x();
        double[] flat = new double[x.length];
        java.util.Arrays.fill(flat, ln10);
        s.add(new Series("ln 10 (uniform guess)", x, flat));
        XYChart chart = Charts.line("seed 002's cell [175] as written: cross-entropy per epoch", "epoch", "cross-entropy", s, ChartStyle.defaults());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(3.0);
        Charts.write(chart, file);
    }

    /** One value per epoch that has it ({@code scale}·value), against the epoch number. */
    private static Series series(String name, List<Map<String, Object>> epochs, String key, double scale) {
        List<Map<String, Object>> with = epochs.stream().filter(e -> e.get(key) instanceof Number).toList();
        double[] x = with.stream().mapToDouble(e -> FashionMlpSummary.num(e.get("epoch"))).toArray();
        double[] y = with.stream().mapToDouble(e -> scale * FashionMlpSummary.num(e.get(key))).toArray();
        return new Series(name, x, y);
    }
}
