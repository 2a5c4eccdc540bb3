package io.github.mlplatform.experiments.regression;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingDivergedException;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.regression.closedform.LeastPowers;
import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.closedform.PowerFit;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import io.github.mlplatform.regression.gradient.Batches;
import io.github.mlplatform.regression.gradient.GradientConfig;
import io.github.mlplatform.regression.gradient.LinearRegression;
import io.github.mlplatform.regression.gradient.ParameterSnapshot;
import io.github.mlplatform.regression.gradient.PowerLoss;
import io.github.mlplatform.regression.gradient.TrainedRegression;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ml run linear-regression}: the seed's noisy line (004, "Linear Regression") fitted four
 * ways — least squares by QR (the exact optimum, with standard errors and R²), full-batch gradient
 * descent and mini-batch SGD with the update written by hand, and a Module trained by ml-core's
 * Trainer with SGD — with the seed's figures (the line of each epoch over the data, epoch 0 = the
 * initial values; the loss per epoch) and the number behind its remark "with a single learning
 * rate, the slope learned much faster than the bias".
 *
 * <p>Options: polynomial features ({@code -P degree=3}, with {@code -P scale-features=true} for the
 * gradient fits), and the seed's loss(m) = mean |y − ŷ|^m on the data with injected outliers
 * ({@code -P m-loss=true}): exact minimisers for each m beside Module + Adam fits on {@link PowerLoss}.
 */
public final class LinearRegressionExperiment implements Experiment<LinearRegressionConfig> {

    /** The gradient fits, in the seed's order. */
    enum Method {
        FULL_BATCH_GD("full-batch-gd", "full-batch GD", LinearRegression.Mode.FULL_BATCH_GD),
        MINI_BATCH_SGD("mini-batch-sgd", "mini-batch SGD", LinearRegression.Mode.MINI_BATCH_GD),
        MODULE_SGD("module-sgd", "Module + SGD", LinearRegression.Mode.MODULE_SGD);

        final String id;
        final String label;
        final LinearRegression.Mode mode;

        Method(String id, String label, LinearRegression.Mode mode) {
            this.id = id;
            this.label = label;
            this.mode = mode;
        }

        String key() {
            return id.replace('-', '_');
        }
    }

    /** One gradient fit in the original units of the features: parameters per epoch, or where it diverged. */
    record Fit(Method method, double[] epochs, double[] bias, double[][] weights, double[] mse, int steps, double seconds,
               double secondsPerEpoch, String executionPath, String diverged) {
        double[] slope() {
            double[] s = new double[weights.length];
            for (int e = 0; e < s.length; e++) {
                s[e] = weights[e][0];
            }
            return s;
        }

        int last() {
            return epochs.length - 1;
        }
    }

    @Override
    public String name() {
        return "linear-regression";
    }

    @Override
    public String description() {
        return "the seed's noisy line fitted four ways: least squares (QR), full-batch GD, mini-batch SGD, Module + SGD (seed 004)";
    }

    @Override
    public Class<LinearRegressionConfig> configType() {
        return LinearRegressionConfig.class;
    }

    @Override
    public LinearRegressionConfig defaults() {
        return LinearRegressionConfig.defaults();
    }

    @Override
    public String run(LinearRegressionConfig c, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        Path fig = rec.figuresDir();
        RegressionData data = SyntheticData.noisyLine(c.data());
        double[] x = data.column(0);
        double[] y = data.y();
        Plots.csv(rec.file("data.csv"), new String[] {"x", "y"}, x, y);
        rec.note("data", String.format(Locale.ROOT, "y = %s x + %s + N(0, %s^2) at linspace(-100, 100, %d), np.random.seed(%d); "
                        + "data.csv holds the points", ConfigBinder.text(c.slope()), ConfigBinder.text(c.intercept()),
                ConfigBinder.text(c.noise()), c.points(), c.seed()));

        FeatureMap features = FeatureMap.polynomial(c.degree());
        double[][] design = features.design(x);
        double[] scale = new double[c.degree()];
        for (int d = 0; d < scale.length; d++) {
            scale[d] = c.scaleFeatures() ? Math.pow(100, d + 1) : 1;
        }
        double[][] scaled = new double[design.length][];
        for (int i = 0; i < design.length; i++) {
            scaled[i] = new double[scale.length];
            for (int d = 0; d < scale.length; d++) {
                scaled[i][d] = design[i][d] / scale[d];
            }
        }
        if (c.scaleFeatures()) {
            rec.note("scaled_features", "the gradient fits train on x^d / 100^d; their weights are reported in the units of x^d");
        }

        // 1. the exact optimum
        LinearFit exact = OrdinaryLeastSquares.fit(design, y, true, features.names());
        exact.save(rec.file("least_squares.json"));
        rec.putFinal("least_squares_intercept", exact.intercept());
        rec.putFinal("least_squares_intercept_se", exact.interceptStandardError());
        putWeights(rec, "least_squares", exact.weights(), c.degree());
        if (c.degree() == 1) {
            rec.putFinal("least_squares_slope_se", exact.standardErrors()[0]);
        }
        rec.putFinal("least_squares_mse", exact.mse());
        rec.putFinal("least_squares_r_squared", exact.rSquared());
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "Linear regression of the seed's noisy line (seed 004, "
                + "np.random.seed(%d), %d points, degree %d)%n", c.seed(), c.points(), c.degree()));
        summary.append(String.format(Locale.ROOT, "  %-22s %s  MSE %10.6g  R² %.4f%n", "least squares (QR)",
                params(exact.intercept(), exact.weights(), exact.interceptStandardError(), exact.standardErrors()), exact.mse(),
                exact.rSquared()));

        // 2. the three gradient fits
        Map<Method, Fit> fits = new LinkedHashMap<>();
        for (Method m : Method.values()) {
            GradientConfig g = m == Method.MODULE_SGD ? c.module() : c.gradient();
            fits.put(m, train(m, scaled, y, g, scale, rec));
        }
        for (Fit f : fits.values()) {
            String k = f.method().key();
            if (f.diverged() != null) {
                rec.putFinal(k + "_diverged", f.diverged());
                summary.append(String.format(Locale.ROOT, "  %-22s diverged: %s%n", f.method().label, f.diverged()));
                continue;
            }
            int e = f.last();
            rec.putFinal(k + "_intercept", f.bias()[e]);
            putWeights(rec, k, f.weights()[e], c.degree());
            rec.putFinal(k + "_mse", f.mse()[e]);
            rec.putFinal(k + "_mse_over_least_squares", f.mse()[e] / exact.mse());
            rec.putFinal(k + "_steps", f.steps());
            rec.putFinal(k + "_train_seconds", f.seconds());
            rec.putFinal(k + "_seconds_per_epoch", f.secondsPerEpoch());
            rec.putFinal(k + "_execution", f.executionPath());
            rec.putFinal(k + "_trajectory", trajectory(f));
            boolean growing = f.mse()[e] > 1e3 * f.mse()[0];
            if (growing) {
                rec.putFinal(k + "_diverging", true);
            }
            summary.append(String.format(Locale.ROOT, "  %-22s %s  MSE %10.6g  (%d epochs, %d steps, %.3f s, then %.2g s per epoch; %s)%s%n",
                    f.method().label, params(f.bias()[e], f.weights()[e], Double.NaN, null), f.mse()[e], e, f.steps(), f.seconds(),
                    f.secondsPerEpoch(),
                    f.executionPath() == null ? "-" : f.executionPath().replaceFirst(":.*", ""),
                    growing ? "\n" + " ".repeat(25) + "diverging: the MSE grew " + String.format(Locale.ROOT, "%.1e", f.mse()[e] / f.mse()[0])
                            + "-fold; the learning rate is too large for these features (try -P scale-features=true)" : ""));
        }
        for (int e = 0; e <= c.epochs(); e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e);
            for (Fit f : fits.values()) {
                if (f.diverged() == null) {
                    row.put(f.method().key() + "_loss", f.mse()[e]);
                }
            }
            rec.addEpoch(row);
        }

        // 3. the seed's remark, quantified (the mean of linspace(-100, 100) is 0, so slope and bias decouple)
        if (c.degree() == 1 && !c.scaleFeatures()) {
            summary.append(slopeVersusBias(c, x, exact, fits.get(Method.FULL_BATCH_GD), rec));
        }

        // 4. figures
        double[] grid = SyntheticData.linspace(x[0], x[x.length - 1], c.degree() == 1 ? 2 : 201);
        double[][] gridDesign = features.design(grid);
        TreeSet<Integer> shown = new TreeSet<>(c.shownEpochs());
        if (shown.isEmpty()) {
            for (int e = 0; e <= c.epochs(); e++) {
                shown.add(e);
            }
        }
        for (Fit f : fits.values()) {
            if (f.diverged() == null) {
                fitFigure(fig.resolve("fit_" + f.method().key() + ".png"), f, shown, x, y, grid, gridDesign, exact);
            }
        }
        List<Fit> ok = fits.values().stream().filter(f -> f.diverged() == null).toList();
        if (!ok.isEmpty()) {
            lossFigure(fig.resolve("loss.png"), ok, exact);
            parameterFigure(fig.resolve("bias.png"), "bias per epoch", "bias b", ok, Fit::bias, exact.intercept());
            if (c.degree() == 1) {
                parameterFigure(fig.resolve("slope.png"), "slope per epoch", "slope w", ok, Fit::slope, exact.weights()[0]);
                errorFigure(fig.resolve("relative_error.png"), ok, exact);
            }
        }

        // 5. option: the m-loss with outliers
        if (c.mLoss()) {
            summary.append(powerLosses(c, x, y, features, design, scaled, scale, rec));
        }
        summary.append("  run directory          ").append(rec.dir()).append('\n');
        return summary.toString();
    }

    /** Trains one method on the (scaled) design; parameters are converted back to the units of x^d. */
    private static Fit train(Method m, double[][] scaled, double[] y, GradientConfig g, double[] scale, RunRecord rec) throws Exception {
        long t0 = System.nanoTime();
        TrainedRegression t;
        try {
            t = LinearRegression.train(scaled, y, m.mode, g);
        } catch (TrainingDivergedException e) {
            rec.note(m.key() + "_diverged", e.getMessage());
            return new Fit(m, null, null, null, null, 0, 0, 0, null, e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        t.save(rec.dir().resolve("models"), m.id);
        int n = t.trajectory().size();
        double[] epochs = new double[n];
        double[] bias = new double[n];
        double[][] w = new double[n][scale.length];
        double[] mse = new double[n];
        for (int e = 0; e < n; e++) {
            ParameterSnapshot s = t.trajectory().get(e);
            epochs[e] = s.epoch();
            bias[e] = s.intercept();
            for (int d = 0; d < scale.length; d++) {
                w[e][d] = s.weight()[d][0] / scale[d];
            }
            mse[e] = s.loss();
        }
        return new Fit(m, epochs, bias, w, mse, t.batchLosses().length, seconds, t.secondsPerEpoch(), t.executionPath(), null);
    }

    /**
     * Full-batch GD on MSE with x of mean 0: the slope's error shrinks by |1 − η·2·mean(x²)| per step,
     * the bias's by |1 − 2η| (the Hessian is diagonal). Records both factors, the errors left after
     * the run, and how many steps the bias would need to get within 1% of least squares.
     */
    private static String slopeVersusBias(LinearRegressionConfig c, double[] x, LinearFit exact, Fit gd, RunRecord rec) {
        double meanSq = 0;
        double mean = 0;
        for (double v : x) {
            meanSq += v * v / x.length;
            mean += v / x.length;
        }
        double lr = c.lr();
        double slopeFactor = Math.abs(1 - lr * 2 * meanSq);
        double biasFactor = Math.abs(1 - lr * 2);
        rec.putFinal("slope_curvature", 2 * meanSq);
        rec.putFinal("bias_curvature", 2.0);
        rec.putFinal("slope_error_factor_per_step", slopeFactor);
        rec.putFinal("bias_error_factor_per_step", biasFactor);
        double biasSteps = biasFactor < 1 ? Math.log(0.01) / Math.log(biasFactor) : Double.POSITIVE_INFINITY;
        rec.putFinal("bias_steps_to_1_percent", biasSteps);
        if (gd.diverged() != null) {
            return String.format(Locale.ROOT, "  slope vs bias          curvature 2·mean(x²) = %.0f vs 2: at lr %s the slope's error is "
                    + "multiplied by %.3f per step (> 1: diverges)%n", 2 * meanSq, ConfigBinder.text(lr), slopeFactor);
        }
        int e = gd.last();
        double slopeLeft = Math.abs(gd.slope()[e] - exact.weights()[0]) / Math.abs(gd.slope()[0] - exact.weights()[0]);
        double biasLeft = Math.abs(gd.bias()[e] - exact.intercept()) / Math.abs(gd.bias()[0] - exact.intercept());
        rec.putFinal("slope_error_left", slopeLeft);
        rec.putFinal("bias_error_left", biasLeft);
        rec.note("slope_vs_bias", String.format(Locale.ROOT, "mean(x) = %.2g, so full-batch GD moves slope and bias independently: "
                + "per step the slope's error is multiplied by |1 - lr·2·mean(x²)| = %.4f and the bias's by |1 - 2·lr| = %.6f", mean,
                slopeFactor, biasFactor));
        return String.format(Locale.ROOT, "  slope vs bias          full-batch GD after %d steps: %.2g of the slope's error left, %.4f of "
                        + "the bias's (per step ×%.3f vs ×%.6f: curvature %.0f vs 2); the bias needs %,.0f steps to get within 1%%%n",
                e, slopeLeft, biasLeft, slopeFactor, biasFactor, 2 * meanSq, biasSteps);
    }

    /** loss(m) fits on the data with outliers: the exact minimiser and Module + Adam on {@link PowerLoss}. */
    private static String powerLosses(LinearRegressionConfig c, double[] x, double[] y, FeatureMap features, double[][] design,
                                      double[][] scaled, double[] scale, RunRecord rec) throws Exception {
        double[] yOut = y.clone();
        int n = y.length;
        for (int i = n - c.outliers(); i < n; i++) {
            yOut[i] += c.outlierOffset();
        }
        Plots.csv(rec.file("data_outliers.csv"), new String[] {"x", "y"}, x, yOut);
        rec.note("m_loss_data", c.outliers() + " outliers: the targets of the " + c.outliers() + " largest x moved by "
                + ConfigBinder.text(c.outlierOffset()) + " (data_outliers.csv)");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  loss(m) = mean|y - ŷ|^m with %d outliers (%s added to "
                + "the targets of the largest x): exact minimiser | Module + Adam, %d full-batch epochs%n", c.outliers(),
                ConfigBinder.text(c.outlierOffset()), c.mEpochs()));
        INDArray xs = Nd4j.createFromArray(scaled);
        double[][] col = new double[n][1];
        for (int i = 0; i < n; i++) {
            col[i][0] = yOut[i];
        }
        INDArray ys = Nd4j.createFromArray(col);
        List<PowerFit> exact = new ArrayList<>();
        List<double[]> trained = new ArrayList<>();
        for (double m : c.powers()) {
            PowerFit f = LeastPowers.fit(design, yOut, m, features.names(), io.github.mlplatform.regression.closedform.NewtonConfig.defaults());
            exact.add(f);
            f.save(rec.file("least_powers_" + Plots.powerKey(m) + ".json"));
            Model model = LinearRegression.model(scale.length, 0, 0, new PowerLoss(m), DataType.DOUBLE);
            TrainerConfig tc = TrainerConfig.of(c.mEpochs(), Optimizer.adam(c.mLr())).withStepLr(Math.max(1, c.mEpochs() / 10), 0.5);
            Trainer trainer = new Trainer(tc);
            long t0 = System.nanoTime();
            trainer.fit(model, epoch -> new Batches(xs, ys, n, false, 0, epoch), null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] w = model.sameDiff().getArrForVarName("weight").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            double b = model.sameDiff().getArrForVarName("bias").getDouble(0);
            double[] params = new double[w.length + 1];
            params[0] = b;
            double num = (b - f.intercept()) * (b - f.intercept());
            double den = f.intercept() * f.intercept();
            for (int d = 0; d < w.length; d++) {
                w[d] /= scale[d];
                params[d + 1] = w[d];
                num += (w[d] - f.weights()[d]) * (w[d] - f.weights()[d]);
                den += f.weights()[d] * f.weights()[d];
            }
            trained.add(params);
            double trainedLoss = model.loss(xs, ys);
            double rel = Math.sqrt(num / den);
            String k = Plots.powerKey(m);
            rec.putFinal(k + "_intercept", f.intercept());
            putWeights(rec, k, f.weights(), c.degree());
            rec.putFinal(k + "_mean_loss", f.meanLoss());
            rec.putFinal(k + "_max_abs_residual", f.maxAbsResidual());
            rec.putFinal(k + "_adam_intercept", b);
            putWeights(rec, k + "_adam", w, c.degree());
            rec.putFinal(k + "_adam_mean_loss", trainedLoss);
            rec.putFinal(k + "_adam_relative_difference", rel);
            rec.putFinal(k + "_adam_train_seconds", seconds);
            rec.putFinal(k + "_adam_execution", trainer.executionPath() == null ? null : trainer.executionPath().toString());
            sb.append(String.format(Locale.ROOT, "    m = %-4s %s  max|r| %7.1f | Adam %s  loss/optimum - 1 = %.1e, parameters %.1e apart%n",
                    ConfigBinder.text(m), params(f.intercept(), f.weights(), Double.NaN, null), f.maxAbsResidual(),
                    params(b, w, Double.NaN, null), trainedLoss / f.meanLoss() - 1, rel));
        }
        powerFigure(rec.figuresDir().resolve("m_loss.png"), c, x, yOut, features, exact, trained);
        return sb.toString();
    }

    private static void putWeights(RunRecord rec, String prefix, double[] w, int degree) {
        if (degree == 1) {
            rec.putFinal(prefix + "_slope", w[0]);
            return;
        }
        for (int d = 0; d < w.length; d++) {
            rec.putFinal(prefix + "_w" + (d + 1), w[d]);
        }
    }

    /** "b 2.000 ± 0.1  w 3.00 ± …" for the summary. */
    private static String params(double b, double[] w, double bSe, double[] wSe) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "b %9.6g%s", b,
                Double.isNaN(bSe) ? "" : String.format(Locale.ROOT, " ± %.4g", bSe)));
        for (int d = 0; d < w.length; d++) {
            sb.append(String.format(Locale.ROOT, "  %s %9.5g%s", w.length == 1 ? "w" : "w" + (d + 1), w[d],
                    wSe == null ? "" : String.format(Locale.ROOT, " ± %.2g", wSe[d])));
        }
        return sb.toString();
    }

    private static List<Map<String, Object>> trajectory(Fit f) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int e = 0; e < f.epochs().length; e++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", (int) f.epochs()[e]);
            m.put("bias", f.bias()[e]);
            m.put("weights", f.weights()[e]);
            m.put("mse", f.mse()[e]);
            out.add(m);
        }
        return out;
    }

    private static double[] predict(double b, double[] w, double[][] design) {
        double[] out = new double[design.length];
        for (int i = 0; i < design.length; i++) {
            double s = b;
            for (int d = 0; d < w.length; d++) {
                s += w[d] * design[i][d];
            }
            out[i] = s;
        }
        return out;
    }

    /** The data as crosses, the fitted line (or curve) of each shown epoch, least squares dashed. */
    private static void fitFigure(Path file, Fit f, TreeSet<Integer> shown, double[] x, double[] y, double[] grid, double[][] gridDesign,
                                  LinearFit exact) throws Exception {
        List<Series> lines = new ArrayList<>();
        for (int e : shown) {
            if (e <= f.last()) {
                lines.add(new Series("epoch " + e, grid, predict(f.bias()[e], f.weights()[e], gridDesign)));
            }
        }
        if (lines.isEmpty()) {
            lines.add(new Series("epoch " + f.last(), grid, predict(f.bias()[f.last()], f.weights()[f.last()], gridDesign)));
        }
        XYChart chart = Charts.line(f.method().label + ": the fit of each epoch (epoch 0 = initial values)", "x", "y", lines,
                ChartStyle.defaults().withMarkers(false));
        Plots.line(chart, "least squares", grid, predict(exact.intercept(), exact.weights(), gridDesign), Color.BLACK, true);
        Plots.crosses(chart, "data", x, y, Color.DARK_GRAY);
        chart.getStyler().setMarkerSize(6);
        Charts.write(chart, file);
    }

    private static void lossFigure(Path file, List<Fit> fits, LinearFit exact) throws Exception {
        List<Series> s = new ArrayList<>();
        double last = 0;
        for (Fit f : fits) {
            s.add(new Series(f.method().label, f.epochs(), f.mse()));
            last = Math.max(last, f.epochs()[f.last()]);
        }
        XYChart chart = Charts.line("MSE over all data after each epoch", "epoch", "MSE (log scale)", s,
                ChartStyle.defaults().withLogY(true).withMarkers(last <= 60));
        Plots.level(chart, "least squares", 0, last, exact.mse(), Color.BLACK);
        Charts.write(chart, file);
    }

    private static void parameterFigure(Path file, String title, String axis, List<Fit> fits,
                                        java.util.function.Function<Fit, double[]> values, double exactValue) throws Exception {
        List<Series> s = new ArrayList<>();
        double last = 0;
        for (Fit f : fits) {
            s.add(new Series(f.method().label, f.epochs(), values.apply(f)));
            last = Math.max(last, f.epochs()[f.last()]);
        }
        XYChart chart = Charts.line(title + " (dashed: least squares)", "epoch", axis, s,
                ChartStyle.defaults().withMarkers(last <= 60));
        Plots.level(chart, "least squares", 0, last, exactValue, Color.BLACK);
        Charts.write(chart, file);
    }

    /** |θ_e − θ*| / |θ_0 − θ*| of slope (solid) and bias (dashed) per method: the seed's remark as a picture. */
    private static void errorFigure(Path file, List<Fit> fits, LinearFit exact) throws Exception {
        List<Series> solid = new ArrayList<>();
        for (Fit f : fits) {
            solid.add(new Series(f.method().label + ": slope", f.epochs(), relative(f.slope(), exact.weights()[0])));
        }
        XYChart chart = Charts.line("error left, |θ - θ*| / |θ0 - θ*| (solid: slope, dashed: bias)", "epoch", "fraction (log scale)",
                solid, ChartStyle.defaults().withLogY(true).withMarkers(false));
        for (int i = 0; i < fits.size(); i++) {
            Fit f = fits.get(i);
            Plots.line(chart, f.method().label + ": bias", f.epochs(), relative(f.bias(), exact.intercept()), Plots.color(i), true);
        }
        Charts.write(chart, file);
    }

    private static double[] relative(double[] v, double target) {
        double[] out = new double[v.length];
        double d0 = Math.abs(v[0] - target);
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(Math.abs(v[i] - target) / d0, 1e-16);
        }
        return out;
    }

    /** The data with outliers (red), the exact loss(m) fit of each m (solid) and Module + Adam's (dashed). */
    private static void powerFigure(Path file, LinearRegressionConfig c, double[] x, double[] y, FeatureMap features, List<PowerFit> exact,
                                    List<double[]> trained) throws Exception {
        double[] grid = SyntheticData.linspace(x[0], x[x.length - 1], c.degree() == 1 ? 2 : 201);
        double[][] gd = features.design(grid);
        List<Series> lines = new ArrayList<>();
        for (PowerFit f : exact) {
            lines.add(new Series("m = " + ConfigBinder.text(f.m()) + " (exact)", grid, predict(f.intercept(), f.weights(), gd)));
        }
        XYChart chart = Charts.line("loss(m) = mean|y - ŷ|^m with " + c.outliers() + " outliers (dashed: Module + Adam)", "x", "y",
                lines, ChartStyle.defaults().withMarkers(false));
        for (int i = 0; i < trained.size(); i++) {
            double[] p = trained.get(i);
            double[] w = java.util.Arrays.copyOfRange(p, 1, p.length);
            Plots.line(chart, "m = " + ConfigBinder.text(exact.get(i).m()) + " (Adam)", grid, predict(p[0], w, gd), Plots.color(i), true);
        }
        int n = x.length;
        int k = c.outliers();
        Plots.crosses(chart, "data", java.util.Arrays.copyOf(x, n - k), java.util.Arrays.copyOf(y, n - k), Color.DARK_GRAY);
        if (k > 0) {
            Plots.crosses(chart, "outliers", java.util.Arrays.copyOfRange(x, n - k, n), java.util.Arrays.copyOfRange(y, n - k, n), Color.RED);
        }
        chart.getStyler().setMarkerSize(6);
        Charts.write(chart, file);
    }
}
