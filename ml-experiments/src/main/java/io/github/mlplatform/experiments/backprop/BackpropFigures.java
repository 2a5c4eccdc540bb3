package io.github.mlplatform.experiments.backprop;

import io.github.mlplatform.experiments.backprop.BackpropExperiment.Cell;
import io.github.mlplatform.experiments.backprop.BackpropExperiment.Verdict;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.regression.backprop.AffineLayer.InputGradient;
import io.github.mlplatform.regression.backprop.Architecture;
import io.github.mlplatform.regression.backprop.NNBench;
import io.github.mlplatform.regression.backprop.Network;
import io.github.mlplatform.regression.backprop.Task;
import io.github.mlplatform.regression.data.NumpyRandom;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Heatmap;
import io.github.mlplatform.viz.chart.HeatmapStyle;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Mosaic;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The figures of {@code ml run backprop}, one method per file. */
final class BackpropFigures {

    /** Curves above this loss count as diverged and are cut there (the untrained networks start near 10). */
    static final double CUT = 1e4;
    /** Losses below this are double rounding (exact fits reach 0) and are drawn at it. */
    static final double FLOOR = 1e-32;
    /** The heat maps' colour range, log10 of the loss. */
    static final double LOG_MIN = -8;
    static final double LOG_MAX = 4;
    /** matplotlib's viridis at five stops: dark = low loss. */
    static final Colormap VIRIDIS = new Colormap("viridis", new int[]{0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725});

    private BackpropFigures() {
    }

    static void write(Path dir, BackpropConfig cfg, List<Cell> cells, List<Verdict> verdicts) throws IOException {
        curves(dir.resolve("curves.png"), cfg, cells);
        heatmaps(dir.resolve("loss-over-alpha-and-n.png"), cfg);
        if (cfg.gradients().contains(InputGradient.SEED_UNTRANSPOSED) && cfg.gradients().contains(InputGradient.TRANSPOSED)) {
            seedVersusChainRule(dir.resolve("seed-gradient-vs-chain-rule.png"), cfg, cells, verdicts);
        }
        rSquaredMap(dir.resolve("r-squared.png"), cfg, cells);
    }

    /**
     * The seed's {@code knobs_plot_learning}, one chart per architecture (rows) and task (columns):
     * each fact's loss, low-passed with σ = {@code sigma} (SciPy's {@code gaussian_filter}), log10 of the loss,
     * one curve per alpha (chain-rule gradient).
     */
    static void curves(Path file, BackpropConfig cfg, List<Cell> cells) throws IOException {
        List<BufferedImage> charts = new ArrayList<>();
        for (Architecture a : cfg.architectures()) {
            for (Task t : cfg.tasks()) {
                List<Series> series = new ArrayList<>();
                for (Cell c : cells) {
                    if (c.architecture() == a && c.task() == t && c.gradient() == InputGradient.TRANSPOSED) {
                        Series s = series("α=" + ConfigBinder.text(c.alpha()), NNBench.lowPass(c.curve(), cfg.sigma()));
                        if (s != null) {
                            series.add(s);
                        }
                    }
                }
                charts.add(chart(a.key() + " / " + t.key(), series));
            }
        }
        ImageFiles.write(Mosaic.tile(charts, cfg.tasks().size()), file);
    }

    /**
     * The seed's two sliders as a picture: for each architecture and task, log10 of the low-passed
     * loss of fact n (columns, left to right) when learning with alpha (rows, smallest at the top,
     * {@code heatmap-alphas} values log-spaced over the alpha grid), clipped to [−8, 4]; magenta = diverged.
     */
    static void heatmaps(Path file, BackpropConfig cfg) throws IOException {
        double lo = cfg.alphas().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = cfg.alphas().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int rows = cfg.heatmapAlphas();
        int cols = Math.min(cfg.facts(), 160);
        int repeat = Math.max(1, 48 / rows);
        List<BufferedImage> pictures = new ArrayList<>();
        for (Architecture a : cfg.architectures()) {
            for (Task t : cfg.tasks()) {
                double[][] m = new double[rows * repeat][cols];
                for (int r = 0; r < rows; r++) {
                    double alpha = rows == 1 ? lo : lo * Math.pow(hi / lo, r / (double) (rows - 1));
                    Network net = a.build(new NumpyRandom(cfg.initSeed()), InputGradient.TRANSPOSED).setAlpha(alpha);
                    double[] curve = NNBench.lowPass(new NNBench(net, t, cfg.seed()).learn(cfg.facts()), cfg.sigma());
                    double[] row = blockMeanLog10(curve, cols);
                    for (int k = 0; k < repeat; k++) {
                        m[r * repeat + k] = row;
                    }
                }
                HeatmapStyle style = new HeatmapStyle(VIRIDIS, HeatmapStyle.Norm.LINEAR, 2, true,
                        a.key() + " / " + t.key());
                pictures.add(Heatmap.render(m, style, LOG_MIN, LOG_MAX).image());
            }
        }
        ImageFiles.write(Mosaic.tile(pictures, cfg.tasks().size()), file);
    }

    /**
     * For the networks with a hidden layer after an affine layer's input gradient matters: each
     * task's curve with the chain rule's {@code Mᵀ·δ} and with the seed's {@code M·δ}, at the alpha
     * where the chain rule did best.
     */
    static void seedVersusChainRule(Path file, BackpropConfig cfg, List<Cell> cells, List<Verdict> verdicts) throws IOException {
        List<BufferedImage> charts = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (!v.architecture().square() || !v.architecture().usesAffineInputGradient()) {
                continue;
            }
            List<Series> series = new ArrayList<>();
            for (Cell c : cells) {
                if (c.architecture() == v.architecture() && c.task() == v.task() && c.alpha() == v.best().alpha()) {
                    String name = c.gradient() == InputGradient.TRANSPOSED ? "Mᵀ·δ (chain rule)" : "M·δ (seed)";
                    Series s = series(name, NNBench.lowPass(c.curve(), cfg.sigma()));
                    if (s != null) {
                        series.add(s);
                    }
                }
            }
            charts.add(chart(v.architecture().key() + " / " + v.task().key() + ", α=" + ConfigBinder.text(v.best().alpha()), series));
        }
        if (!charts.isEmpty()) {
            ImageFiles.write(Mosaic.tile(charts, Math.min(4, charts.size())), file);
        }
    }

    /**
     * Which tasks each network learns: held-out R² (rows architecture / task, columns alpha, chain
     * rule), clipped to [0, 1]; magenta = diverged.
     */
    static void rSquaredMap(Path file, BackpropConfig cfg, List<Cell> cells) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (Architecture a : cfg.architectures()) {
            for (Task t : cfg.tasks()) {
                double[] row = new double[cfg.alphas().size()];
                for (int j = 0; j < row.length; j++) {
                    double alpha = cfg.alphas().get(j);
                    Cell c = cells.stream().filter(x -> x.architecture() == a && x.task() == t && x.alpha() == alpha
                            && x.gradient() == InputGradient.TRANSPOSED).findFirst().orElseThrow();
                    row[j] = c.diverged() ? Double.NaN : Math.max(0, Math.min(1, c.rSquared()));
                }
                rows.add(row);
            }
        }
        double[][] m = rows.toArray(new double[0][]);
        HeatmapStyle style = new HeatmapStyle(VIRIDIS, HeatmapStyle.Norm.LINEAR, 24, true,
                "held-out R², rows " + String.join(", ", cfg.tasks().stream().map(Task::key).toList()) + " per network; columns α = "
                        + String.join(", ", cfg.alphas().stream().map(ConfigBinder::text).toList()));
        ImageFiles.write(Heatmap.render(m, style, 0, 1).image(), file);
    }

    /**
     * A curve as a chart series of {@code log10} loss (a linear axis of decades: the losses span
     * 1e-32 to 1e12, too many decades for a labelled log axis): cut at the first non-finite or
     * large loss (above {@link #CUT}), losses below {@link #FLOOR} drawn at it.
     */
    static Series series(String name, double[] curve) {
        int n = 0;
        while (n < curve.length && Double.isFinite(curve[n]) && curve[n] < CUT) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = Math.log10(Math.max(curve[i], FLOOR));
        }
        return new Series(n < curve.length ? name + " (diverged at " + (n + 1) + ")" : name, x, y);
    }

    private static BufferedImage chart(String title, List<Series> series) {
        if (series.isEmpty()) {
            series = List.of(new Series("diverged at once", new double[]{1}, new double[]{0}));
        }
        XYChart chart = Charts.line(title, "fact n", "log10 loss", series,
                ChartStyle.defaults().withSize(360, 270).withMarkers(false));
        chart.getStyler().setXAxisDecimalPattern("#").setXAxisLabelRotation(90)
                .setAxisTickLabelsFont(chart.getStyler().getAxisTickLabelsFont().deriveFont(8f));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setLegendFont(
                chart.getStyler().getLegendFont().deriveFont(9f));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Mean of log10 over {@code cols} equal blocks of the curve, clipped to [LOG_MIN, LOG_MAX]; NaN where the block diverged. */
    static double[] blockMeanLog10(double[] curve, int cols) {
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            int from = (int) ((long) j * curve.length / cols);
            int to = Math.max(from + 1, (int) ((long) (j + 1) * curve.length / cols));
            double s = 0;
            boolean bad = false;
            for (int i = from; i < to; i++) {
                if (!Double.isFinite(curve[i]) || curve[i] >= CUT) {
                    bad = true;
                    break;
                }
                s += Math.log10(Math.max(curve[i], 1e-300));
            }
            out[j] = bad ? Double.NaN : Math.max(LOG_MIN, Math.min(LOG_MAX, s / (to - from)));
        }
        return out;
    }
}
