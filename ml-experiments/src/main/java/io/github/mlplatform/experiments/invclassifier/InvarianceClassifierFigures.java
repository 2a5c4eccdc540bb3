package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.InvarianceAnalysis;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.WeightGrid;
import org.knowm.xchart.CategoryChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pictures of an invariance-classifier run beyond the first two layers' (which
 * {@code InvarianceExperiment.writeFigures} draws: sparse_weights.png, invariant_weights.png, prototypes, ...).
 */
final class InvarianceClassifierFigures {

    private InvarianceClassifierFigures() {
    }

    /**
     * {@code top_sparse_weights.png}: each top sparse neuron's weights on the 100 invariant outputs,
     * drawn as 10×10 tiles (the layout of invariant_weights.png's grid); {@code top_prototypes.png}:
     * the same neurons in pixel space, {@code W3 · (U W)} (N3 × 400, as 20×20 tiles), like the
     * invariance experiment's prototypes U W one layer up.
     *
     * @param w3          the top layer's weights (N3 × K)
     * @param invariantUw the invariant layer's prototypes U W (K × M)
     */
    static void topLayer(Path figures, DenseMatrix w3, DenseMatrix invariantUw, int side) throws IOException {
        int[] grid = WeightGrid.gridFor(w3.rows());
        int kSide = (int) Math.round(Math.sqrt(w3.cols()));
        if (kSide * kSide == w3.cols()) {
            WeightGrid.write(figures.resolve("top_sparse_weights.png"), rows(w3), grid[0], grid[1], kSide, GridStyle.weights().withScale(2));
        }
        WeightGrid.write(figures.resolve("top_prototypes.png"), rows(InvarianceAnalysis.prototypes(w3, invariantUw)), grid[0], grid[1], side,
                GridStyle.weights().withScale(2));
    }

    private static double[][] rows(DenseMatrix m) {
        double[][] r = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            r[i] = m.row(i);
        }
        return r;
    }

    /**
     * {@code accuracy.png}: test and training accuracy (%) of the read-out per feature set, with the
     * anchor (Krotov and Hopfield 2019) in the title.
     */
    static void accuracies(Path figures, List<Readout.Result> done, double anchor) throws IOException {
        List<String> names = new ArrayList<>();
        for (Readout.Result r : done) {
            names.add(r.features() + " (" + r.dim() + ")");
        }
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("test accuracy", done.stream().mapToDouble(r -> 100 * r.testAccuracy()).toArray());
        acc.put("train accuracy", done.stream().mapToDouble(r -> 100 * r.trainAccuracy()).toArray());
        CategoryChart c = Charts.bar(String.format(java.util.Locale.ROOT,
                        "linear read-out per feature set (anchor: Krotov & Hopfield 2019, %.1f%%)", 100 * anchor),
                "features (dimension)", "accuracy (%)", names, acc, ChartStyle.defaults().withSize(900, 500));
        double lo = done.stream().mapToDouble(r -> 100 * Math.min(r.testAccuracy(), r.trainAccuracy())).min().orElse(0);
        c.getStyler().setYAxisMin(Math.max(0, Math.floor(lo / 5) * 5 - 5));
        c.getStyler().setYAxisMax(100.0);
        Charts.write(c, figures.resolve("accuracy.png"));
    }

    /** {@code readout_curves.png}: test accuracy (%) after each read-out epoch, one line per feature set. */
    static void readoutCurves(Path figures, List<Readout.Result> done) throws IOException {
        List<Series> s = new ArrayList<>();
        for (Readout.Result r : done) {
            double[] x = r.epochs().stream().mapToDouble(e -> ((Number) e.get("epoch")).doubleValue()).toArray();
            double[] y = r.epochs().stream().mapToDouble(e -> 100 * ((Number) e.get("test_accuracy")).doubleValue()).toArray();
            s.add(new Series(r.features(), x, y));
        }
        Charts.write(Charts.line("read-out test accuracy per epoch", "epoch", "test accuracy (%)", s, ChartStyle.defaults()),
                figures.resolve("readout_curves.png"));
    }
}
