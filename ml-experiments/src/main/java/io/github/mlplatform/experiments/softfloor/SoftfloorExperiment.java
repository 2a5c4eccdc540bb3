package io.github.mlplatform.experiments.softfloor;

import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.layers.Softfloor;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml run softfloor}: the seed's sigmoid-based soft floor (experiment 09, ml-layers'
 * {@link Softfloor}) for several factors, drawn as the seed's figure ({@code svg/softfloor.svg} as the
 * seed's, and {@code figures/softfloor.png} for the report)
 * with its derivative, and a table of its properties at the integers and half-integers of the range.
 *
 * <p>Values and derivatives come from the layer's SameDiff graph (forward pass and automatic
 * differentiation, double precision), not from a re-implementation; the run records how far they
 * are from the closed forms: {@code y(n + ½) = n}, {@code y(n) = n − ½},
 * {@code y'(n) = a·f/2}, {@code y'(n + ½) = a·(f² − 1)/(2f)} with {@code a = ln((f + 1)/(f − 1))}.
 * Nothing is trained, so there are no epochs and nothing to resume.
 */
public final class SoftfloorExperiment implements Experiment<SoftfloorConfig> {

    /** Directory of the run that holds the figures as SVG. */
    static final String SVG_DIR = "svg";

    /** Largest distance between the graph's numbers and the closed forms that counts as agreement. */
    static final double TOLERANCE = 1e-9;

    @Override
    public String name() {
        return "softfloor";
    }

    @Override
    public String description() {
        return "the seed's sigmoid soft floor for several factors: figure, derivative, table at integers and half-integers";
    }

    @Override
    public Class<SoftfloorConfig> configType() {
        return SoftfloorConfig.class;
    }

    @Override
    public SoftfloorConfig defaults() {
        return SoftfloorConfig.defaults();
    }

    /** One row of the table: the function of one factor at one point. */
    record Row(double factor, double x, double value, double derivative, double distanceToFloor,
               double closedFormValue, double closedFormDerivative) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("factor", factor);
            m.put("x", x);
            m.put("value", value);
            m.put("derivative", derivative);
            m.put("distance_to_floor", distanceToFloor);
            return m;
        }
    }

    /** What one factor gives: the curve, its derivative, the table rows and the summary numbers. */
    record Curve(double factor, Softfloor layer, double[] x, double[] y, double[] dy, List<Row> rows,
                 double transitionWidth) {
    }

    @Override
    public String run(SoftfloorConfig cfg, RunContext ctx) throws IOException {
        RunRecord rec = ctx.record();
        double[] xs = grid(cfg.xMin(), cfg.xMax(), cfg.step());
        double[] points = integersAndHalves(cfg.xMin(), cfg.xMax());
        List<Curve> curves = new ArrayList<>();
        double maxValueError = 0;
        double maxDerivativeError = 0;
        for (double eps : cfg.factors()) {
            Curve c = curve(eps, xs, points);
            curves.add(c);
            for (Row r : c.rows()) {
                maxValueError = Math.max(maxValueError, Math.abs(r.value() - r.closedFormValue()));
                maxDerivativeError = Math.max(maxDerivativeError, Math.abs(r.derivative() - r.closedFormDerivative())
                        / Math.max(1, Math.abs(r.closedFormDerivative())));
            }
        }
        rec.note("layer", "ml-layers Softfloor (SameDiff graph, double precision); derivative by SameDiff's automatic differentiation");
        rec.note("closed_forms", "y(n+1/2) = n, y(n) = n - 1/2, y'(n) = a*f/2, y'(n+1/2) = a*(f^2-1)/(2f), a = ln((f+1)/(f-1)), f = 1 + factor");

        List<Map<String, Object>> table = new ArrayList<>();
        for (Curve c : curves) {
            double f = c.layer().factor();
            String key = "factor_" + ConfigBinder.text(c.factor());
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("f", f);
            props.put("adjustment", c.layer().adjustment());
            props.put("slope_at_integers", f * c.layer().adjustment() / 2);
            props.put("slope_at_half_integers", c.layer().adjustment() * (f * f - 1) / (2 * f));
            props.put("transition_width", c.transitionWidth());
            rec.putFinal(key, props);
            c.rows().forEach(r -> table.add(r.toMap()));
        }
        rec.putFinal("table", table);
        rec.putFinal("max_value_error_vs_closed_form", maxValueError);
        rec.putFinal("max_relative_derivative_error_vs_closed_form", maxDerivativeError);
        if (maxValueError > TOLERANCE || maxDerivativeError > TOLERANCE) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "Softfloor's graph disagrees with the closed forms: value error %.3g, derivative error %.3g (tolerance %.0e)",
                    maxValueError, maxDerivativeError, TOLERANCE));
        }
        writeCsv(rec.file("table.csv"), curves);

        // PNG in figures/ for the report; the SVG (the seed's format) beside them in svg/, so the report shows each once
        Path figures = rec.figuresDir();
        Path svg = java.nio.file.Files.createDirectories(rec.file(SVG_DIR));
        XYChart fig = seedFigure(curves, cfg);
        Charts.write(fig, svg.resolve("softfloor.svg"));
        Charts.write(fig, figures.resolve("softfloor.png"));
        XYChart d = derivativeFigure(curves, cfg);
        Charts.write(d, svg.resolve("softfloor-derivative.svg"));
        Charts.write(d, figures.resolve("softfloor-derivative.png"));
        return summary(curves, maxValueError, maxDerivativeError, rec.dir());
    }

    /** The layer's values and derivatives at {@code xs} and at the table's points. */
    static Curve curve(double eps, double[] xs, double[] points) {
        Softfloor layer = Softfloor.ofEpsilon(eps);
        double[][] grid = evaluate(layer, xs);
        double[][] at = evaluate(layer, points);
        double f = layer.factor();
        double a = Softfloor.closedFormAdjustment(f);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            double x = points[i];
            boolean integer = x == Math.rint(x);
            double closedValue = integer ? x - 0.5 : Math.floor(x);
            double closedSlope = integer ? a * f / 2 : a * (f * f - 1) / (2 * f);
            rows.add(new Row(eps, x, at[0][i], at[1][i], at[0][i] - Math.floor(x), closedValue, closedSlope));
        }
        return new Curve(eps, layer, xs, grid[0], grid[1], rows, transitionWidth(layer));
    }

    /**
     * {@code {y, dy/dx}} of an element-wise layer at {@code xs}: the Module's forward pass in a
     * double-precision SameDiff graph whose input is a {@code [1, n]} variable, and the gradient of
     * {@code Σ y} with respect to it (each y depends only on its own x, so that gradient is the
     * derivative). Also draws fashion-mlp's ReLU, sigmoid and tanh.
     */
    public static double[][] evaluate(Module layer, double[] xs) {
        SameDiffWorkarounds.apply();
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE);
        SDVariable x = sd.var("x", Nd4j.createFromArray(new double[][]{xs}));
        SDVariable y = layer.forward(g, x);
        SDVariable total = y.sum("total");
        sd.setLossVariables(total);
        INDArray values = y.eval();
        SameDiffWorkarounds.createGradFunctionQuietly(sd);
        INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
        return new double[][]{values.reshape(xs.length).toDoubleVector(), grad.reshape(xs.length).toDoubleVector()};
    }

    /**
     * The width of x around an integer n over which the function is more than 0.01 away from both
     * floor values n − 1 and n (the function is symmetric about (n, n − ½)): 2t where
     * y(n + t) = n − 0.01, by bisection on the plain-Java formula.
     */
    static double transitionWidth(Softfloor layer) {
        double lo = 0;
        double hi = 0.5;
        if (layer.value(hi) - 0 < -0.01) {
            return 1;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (layer.value(mid) < -0.01) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 2 * (lo + hi) / 2;
    }

    static double[] grid(double from, double to, double step) {
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = from + i * step;
        }
        return xs;
    }

    /** The integers and half-integers in [from, to], ascending. */
    static double[] integersAndHalves(double from, double to) {
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(from * 2) / 2; v <= to; v += 0.5) {
            out.add(v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The seed's figure: ⌊x⌋ for reference, then one curve per factor, equal axes over the range. */
    private static XYChart seedFigure(List<Curve> curves, SoftfloorConfig cfg) {
        List<Series> series = new ArrayList<>();
        double[] xs = curves.get(0).x();
        // ⌊x⌋ up to just before x-max when x-max is an integer (no jump drawn at the edge; the seed clipped it too)
        int n = xs.length;
        while (n > 1 && Math.floor(xs[n - 1]) != Math.floor(xs[n - 2]) && xs[n - 1] >= cfg.xMax() - 1e-9) {
            n--;
        }
        double[] fx = java.util.Arrays.copyOf(xs, n);
        double[] floor = new double[n];
        for (int i = 0; i < n; i++) {
            floor[i] = Math.floor(fx[i]);
        }
        series.add(new Series("floor(x)", fx, floor));
        for (Curve c : curves) {
            series.add(new Series("factor=" + ConfigBinder.text(c.factor()), c.x(), c.y()));
        }
        XYChart chart = Charts.line("softfloor_make(factor), f = 1 + factor", "x", "y",
                series, ChartStyle.defaults().withSize(560, 560).withMarkers(false));
        double lo = Math.min(cfg.xMin(), floor[0]);
        double hi = cfg.xMax();
        chart.getStyler().setXAxisMin(cfg.xMin()).setXAxisMax(cfg.xMax()).setYAxisMin(lo).setYAxisMax(hi)
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    /** dy/dx of each factor on a log axis (from about 1e-3 on the flats to 5 at the steps for 1e-4). */
    private static XYChart derivativeFigure(List<Curve> curves, SoftfloorConfig cfg) {
        List<Series> series = new ArrayList<>();
        for (Curve c : curves) {
            series.add(new Series("factor=" + ConfigBinder.text(c.factor()), c.x(), c.dy()));
        }
        XYChart chart = Charts.line("derivative d softfloor / dx (SameDiff autodiff)", "x", "dy/dx (log scale)", series,
                ChartStyle.defaults().withSize(560, 400).withMarkers(false).withLogY(true));
        chart.getStyler().setXAxisMin(cfg.xMin()).setXAxisMax(cfg.xMax()).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    private static void writeCsv(Path file, List<Curve> curves) throws IOException {
        StringBuilder sb = new StringBuilder("factor,x,value,derivative,distance_to_floor\n");
        for (Curve c : curves) {
            for (Row r : c.rows()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%.17g,%.17g,%.17g%n", ConfigBinder.text(r.factor()), ConfigBinder.text(r.x()),
                        r.value(), r.derivative(), r.distanceToFloor()));
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static String summary(List<Curve> curves, double valueError, double derivativeError, Path dir) {
        StringBuilder sb = new StringBuilder("Softfloor (seed 09): y = r + f(σ(2(x−r)a) − 1) + (f−1)/2, r = round(x), f = 1 + factor, "
                + "a = ln((f+1)/(f−1))\n");
        sb.append(String.format(Locale.ROOT, "  %-8s %10s %12s %14s %14s %12s%n", "factor", "a", "slope at n", "slope at n+1/2",
                "transition", "flat share"));
        for (Curve c : curves) {
            double f = c.layer().factor();
            double a = c.layer().adjustment();
            sb.append(String.format(Locale.ROOT, "  %-8s %10.5f %12.5f %14.3e %14.4f %11.1f%%%n", ConfigBinder.text(c.factor()), a,
                    a * f / 2, a * (f * f - 1) / (2 * f), c.transitionWidth(), 100 * (1 - Math.min(1, c.transitionWidth()))));
        }
        sb.append("  (transition: width of x around each integer where y is more than 0.01 from both floor values;\n"
                + "   flat share: the rest of each unit interval)\n\n");
        sb.append("\n  at every integer n and half-integer n + ½ of [x-min, x-max] (each point in table.csv and metrics.json):\n");
        sb.append(String.format(Locale.ROOT, "  %-8s %14s %12s %16s %12s%n", "factor", "y(n) − ⌊n⌋", "y'(n)", "y(n+½) − ⌊n+½⌋", "y'(n+½)"));
        for (Curve c : curves) {
            Row n = c.rows().stream().filter(r -> r.x() == Math.rint(r.x())).findFirst().orElse(null);
            Row h = c.rows().stream().filter(r -> r.x() != Math.rint(r.x())).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "  %-8s %14s %12s %16s %12s%n", ConfigBinder.text(c.factor()),
                    n == null ? "-" : String.format(Locale.ROOT, "%.6f", n.distanceToFloor()),
                    n == null ? "-" : String.format(Locale.ROOT, "%.5f", n.derivative()),
                    h == null ? "-" : String.format(Locale.ROOT, "%.1e", h.distanceToFloor()),
                    h == null ? "-" : String.format(Locale.ROOT, "%.4e", h.derivative())));
        }
        sb.append(String.format(Locale.ROOT, "  largest difference from the closed forms over all points: value %.1e, derivative %.1e (relative)%n",
                valueError, derivativeError));
        sb.append("  run directory ").append(dir).append('\n');
        return sb.toString();
    }
}
