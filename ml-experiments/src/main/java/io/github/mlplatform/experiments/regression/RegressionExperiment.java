package io.github.mlplatform.experiments.regression;

import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.LogisticFit;
import io.github.mlplatform.regression.closedform.LogisticIrls;
import io.github.mlplatform.regression.closedform.NoFiniteOptimumException;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.closedform.Separability;
import io.github.mlplatform.regression.data.ArgmaxConfig;
import io.github.mlplatform.regression.data.ClassificationData;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import io.github.mlplatform.regression.gradient.GradientConfig;
import io.github.mlplatform.regression.gradient.LinearRegression;
import io.github.mlplatform.regression.gradient.LogisticRegression;
import io.github.mlplatform.regression.gradient.ParameterSnapshot;
import io.github.mlplatform.regression.gradient.SoftmaxRegression;
import io.github.mlplatform.regression.gradient.TrainedRegression;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.WeightGrid;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml run regression}: the seed's "PyTorch Examples" (004) — linear regression of a noisy
 * line trained three ways (full-batch GD and mini-batch GD with hand-written updates, Module + SGD
 * through the Trainer) beside the exact least-squares fit; logistic regression in 1-D (the seed's
 * recipe, NaN-free) beside the IRLS optimum; softmax regression on the argmax example; and softmax
 * regression on MNIST (784 flat inputs).
 *
 * <p>Settings: {@link Config}; {@code epochs}, {@code batch-size}, {@code lr} and {@code limit} are
 * those of the MNIST part (the only part with per-epoch metrics, whose {@code lr} is this {@code lr}).
 * The data sets' and the small problems' recipes follow from the seed and are recorded as notes.
 */
public final class RegressionExperiment implements Experiment<RegressionExperiment.Config> {

    /**
     * Settings of {@code ml run regression}, written to the run's {@code config.json} under the same keys.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the synthetic data sets, the argmax example and the MNIST shuffling</td></tr>
     * <tr><td>{@code linear-epochs}</td><td>integer</td><td>4 epochs</td><td>epochs of the three linear-regression trainings</td></tr>
     * <tr><td>{@code logistic-epochs}</td><td>integer</td><td>1000 epochs</td><td>epochs of the 1-D logistic regression</td></tr>
     * <tr><td>{@code softmax-epochs}</td><td>integer</td><td>300 epochs</td><td>epochs of the softmax regression on the argmax example</td></tr>
     * <tr><td>{@code mnist}</td><td>true|false</td><td>true</td><td>run the softmax regression on MNIST (false: skip it)</td></tr>
     * <tr><td>{@code epochs}</td><td>integer</td><td>5 epochs</td><td>epochs of the MNIST softmax regression</td></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size of the MNIST softmax regression</td></tr>
     * <tr><td>{@code lr}</td><td>number</td><td>0.1</td><td>learning rate of the MNIST softmax regression (plain SGD)</td></tr>
     * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N MNIST training images (0 = all 60,000)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "seed of the synthetic data sets, the argmax example and the MNIST shuffling") long seed,
            @Param(doc = "epochs of the three linear-regression trainings", unit = "epochs") int linearEpochs,
            @Param(doc = "epochs of the 1-D logistic regression", unit = "epochs") int logisticEpochs,
            @Param(doc = "epochs of the softmax regression on the argmax example", unit = "epochs") int softmaxEpochs,
            @Param(doc = "run the softmax regression on MNIST (false: skip it)") boolean mnist,
            @Param(doc = "epochs of the MNIST softmax regression", unit = "epochs") int epochs,
            @Param(doc = "mini-batch size of the MNIST softmax regression", unit = "images") int batchSize,
            @Param(doc = "learning rate of the MNIST softmax regression (plain SGD)") double lr,
            @Param(doc = "use only the first N MNIST training images (0 = all 60,000)", unit = "images") int limit) {

        public Config {
            Check.atLeast(linearEpochs, 1, "linear-epochs");
            Check.atLeast(logisticEpochs, 1, "logistic-epochs");
            Check.atLeast(softmaxEpochs, 1, "softmax-epochs");
            Check.atLeast(epochs, 1, "epochs");
            Check.atLeast(batchSize, 1, "batch-size");
            Check.positive(lr, "lr");
            Check.atLeast(limit, 0, "limit");
        }
    }

    /** The recipes that follow from the settings (recorded as the note {@code recipes}). */
    record Recipes(NoisyLineConfig line, GradientConfig linear, GradientConfig linearModule, NoisyBinaryConfig binary,
                   GradientConfig logistic, ArgmaxConfig argmax, GradientConfig softmax) {

        static Recipes of(Config c) {
            long seed = c.seed();
            GradientConfig linear = GradientConfig.linearSeed().withEpochs(c.linearEpochs());
            // the seed's "full PyTorch way" script iterates batches of 15 (its DataLoader script: 20)
            GradientConfig module = linear.withBatchSize(15);
            GradientConfig logistic = GradientConfig.logisticSeed().withEpochs(c.logisticEpochs());
            GradientConfig softmax = GradientConfig.softmaxArgmax().withSeed(seed).withEpochs(c.softmaxEpochs());
            return new Recipes(NoisyLineConfig.defaults(seed), linear, module, NoisyBinaryConfig.defaults(seed), logistic,
                    ArgmaxConfig.defaults(seed), softmax);
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    /** The seed's settings: 4, 1000 and 300 epochs for the small problems; MNIST 5 epochs, batch 64, lr 0.1, all images. */
    @Override
    public Config defaults() {
        return new Config(42, 4, 1000, 300, true, 5, 64, 0.1, 0);
    }

    @Override
    public String name() {
        return "regression";
    }

    @Override
    public String description() {
        return "linear / logistic / softmax regression with closed-form references; softmax regression on MNIST (seed 004)";
    }

    @Override
    public String run(Config c, RunContext ctx) throws Exception {
        RunOptions o = ctx.options();
        RunRecord rec = ctx.record();
        Recipes cfg = Recipes.of(c);
        rec.note("recipes", cfg);
        Path fig = rec.figuresDir();
        StringBuilder summary = new StringBuilder("Regression (seed 004, --seed " + c.seed() + ")\n");

        // 1. linear regression: three ways and the exact fit
        RegressionData line = SyntheticData.noisyLine(cfg.line());
        double[] x = line.column(0);
        double[] y = line.y();
        double[][] design = FeatureMap.polynomial(1).design(x);
        LinearFit ols = OrdinaryLeastSquares.fit(design, y);
        ols.save(rec.file("linear_ols.json"));
        rec.putFinal("linear_ols_slope", ols.weights()[0]);
        rec.putFinal("linear_ols_intercept", ols.intercept());
        rec.putFinal("linear_ols_mse", ols.mse());
        summary.append(String.format(Locale.ROOT, "  linear, exact (QR)        slope %8.4f  intercept %8.4f  MSE %9.1f%n",
                ols.weights()[0], ols.intercept(), ols.mse()));
        Map<String, TrainedRegression> linear = new LinkedHashMap<>();
        linear.put("full-batch-gd", LinearRegression.train(design, y, LinearRegression.Mode.FULL_BATCH_GD, cfg.linear()));
        linear.put("mini-batch-gd", LinearRegression.train(design, y, LinearRegression.Mode.MINI_BATCH_GD, cfg.linear()));
        linear.put("module-sgd", LinearRegression.train(design, y, LinearRegression.Mode.MODULE_SGD, cfg.linearModule()));
        List<Series> lossSeries = new ArrayList<>();
        for (var e : linear.entrySet()) {
            String k = e.getKey();
            TrainedRegression t = e.getValue();
            ParameterSnapshot last = t.last();
            String key = k.replace('-', '_');
            rec.putFinal("linear_" + key + "_slope", last.slope());
            rec.putFinal("linear_" + key + "_intercept", last.intercept());
            rec.putFinal("linear_" + key + "_mse", last.loss());
            rec.putFinal("linear_" + key + "_trajectory", trajectory(t));
            t.save(rec.dir().resolve("models"), "linear-" + k);
            summary.append(String.format(Locale.ROOT, "  linear, %-17s slope %8.4f  intercept %8.4f  MSE %9.1f  (%d epochs, %d steps)%n",
                    k, last.slope(), last.intercept(), last.loss(), t.trajectory().size() - 1, t.batchLosses().length));
            lineFigure(fig.resolve("linear_" + key + ".png"), "linear regression, " + k + " (line of each epoch)", x, y, t, ols);
            lossSeries.add(new Series(k, epochs(t), t.epochLosses()));
        }
        Charts.write(Charts.line("linear regression: MSE over all data after each epoch", "epoch", "MSE", lossSeries,
                ChartStyle.defaults().withLogY(true)), fig.resolve("linear_loss.png"));

        // 2. logistic regression in 1-D
        ClassificationData bin = SyntheticData.noisyBinary(cfg.binary());
        double[] bx = bin.column(0);
        LogisticFit irls = null;
        try {
            irls = LogisticIrls.fit(bin.x(), bin.labels());
            irls.save(rec.file("logistic_irls.json"));
            rec.putFinal("logistic_irls_weight", irls.weights()[0]);
            rec.putFinal("logistic_irls_bias", irls.intercept());
            rec.putFinal("logistic_irls_boundary", irls.decisionBoundary());
            rec.putFinal("logistic_irls_mean_bce", irls.meanLoss());
        } catch (NoFiniteOptimumException e) {
            rec.note("logistic_irls", e.getMessage());
        }
        // how often does the seed's NoisyBinaryData have no finite optimum? (draws with seeds 0..99)
        int separable = 0;
        for (int s = 0; s < 100; s++) {
            ClassificationData draw = SyntheticData.noisyBinary(new NoisyBinaryConfig(cfg.binary().n(), cfg.binary().x0(),
                    cfg.binary().x1(), cfg.binary().stdDev(), s));
            if (Separability.isSeparable(draw.x(), draw.labels(), 2).orElse(false)) {
                separable++;
            }
        }
        rec.putFinal("logistic_separable_draws_of_100", separable);
        TrainedRegression logistic = LogisticRegression.train(bin.x(), bin.labels(), cfg.logistic());
        logistic.save(rec.dir().resolve("models"), "logistic");
        double acc = accuracy(LogisticRegression.predictClasses(logistic.model(), bin.x()), bin.labels());
        ParameterSnapshot ll = logistic.last();
        rec.putFinal("logistic_weight", ll.slope());
        rec.putFinal("logistic_bias", ll.intercept());
        rec.putFinal("logistic_boundary", -ll.intercept() / ll.slope());
        rec.putFinal("logistic_mean_bce", ll.loss());
        rec.putFinal("logistic_train_accuracy", acc);
        double naive = LogisticRegression.naiveBce(LogisticRegression.probabilities(logistic.model(), bin.x()), bin.labels());
        rec.note("logistic_naive_bce_at_end", Double.toString(naive) + " (the seed's hand-written formula on σ(z); BCE from logits: "
                + ll.loss() + ")");
        summary.append(String.format(Locale.ROOT, "  logistic, SGD (seed)      w %7.3f  b %7.3f  boundary x = %6.3f  BCE %.4f  accuracy %.1f%%%n",
                ll.slope(), ll.intercept(), -ll.intercept() / ll.slope(), ll.loss(), 100 * acc));
        summary.append(String.format(Locale.ROOT, "  logistic, data            %d of 100 draws (seeds 0-99) are linearly separable: no finite optimum there%n",
                separable));
        summary.append(irls == null
                ? "  logistic, IRLS            none: the draw is linearly separable, so no finite optimum exists\n"
                : String.format(Locale.ROOT, "  logistic, IRLS (exact)    w %7.3f  b %7.3f  boundary x = %6.3f  BCE %.4f  (%d Newton steps)%n",
                irls.weights()[0], irls.intercept(), irls.decisionBoundary(), irls.meanLoss(), irls.iterations()));
        logisticFigure(fig.resolve("logistic.png"), bx, bin.labels(), logistic, irls);
        Charts.write(Charts.line("logistic regression: BCE over all data after each epoch", "epoch", "BCE",
                List.of(new Series("SGD lr " + cfg.logistic().learningRate(), epochs(logistic), logistic.epochLosses())),
                ChartStyle.defaults().withLogY(true).withMarkers(false)), fig.resolve("logistic_loss.png"));

        // 3. softmax regression on the argmax example
        ClassificationData am = SyntheticData.argmaxExample(cfg.argmax());
        TrainedRegression softmax = SoftmaxRegression.train(am.x(), am.labels(), 3, cfg.softmax());
        softmax.save(rec.dir().resolve("models"), "softmax-argmax");
        double[] grid = SyntheticData.linspace(cfg.argmax().low(), cfg.argmax().high(), 2001);
        double[][] gridDesign = FeatureMap.identity(1).design(grid);
        int[] cls = SoftmaxRegression.predictClasses(softmax.model(), gridDesign);
        double b01 = Double.NaN;
        double b12 = Double.NaN;
        for (int i = 1; i < grid.length; i++) {
            if (cls[i - 1] != cls[i] && cls[i] == 1) {
                b01 = (grid[i - 1] + grid[i]) / 2;
            } else if (cls[i - 1] != cls[i] && cls[i] == 2) {
                b12 = (grid[i - 1] + grid[i]) / 2;
            }
        }
        double amAcc = accuracy(SoftmaxRegression.predictClasses(softmax.model(), am.x()), am.labels());
        if (Double.isFinite(b01)) {
            rec.putFinal("softmax_argmax_boundary_01", b01);
        }
        if (Double.isFinite(b12)) {
            rec.putFinal("softmax_argmax_boundary_12", b12);
        }
        rec.putFinal("softmax_argmax_train_accuracy", amAcc);
        rec.putFinal("softmax_argmax_cross_entropy", softmax.last().loss());
        summary.append(String.format(Locale.ROOT, "  softmax, argmax example   boundaries x = %.3f and %.3f (exact: -1 and 2), accuracy %.1f%%%n",
                b01, b12, 100 * amAcc));
        argmaxFigure(fig.resolve("softmax_argmax.png"), grid, SoftmaxRegression.logits(softmax.model(), gridDesign));

        // 4. softmax regression on MNIST
        if (c.mnist()) {
            summary.append(mnist(o, c, rec));
        } else {
            rec.note("mnist", "skipped (-P mnist=false)");
        }
        summary.append("  run directory             ").append(rec.dir()).append('\n');
        return summary.toString();
    }

    private static String mnist(RunOptions o, Config cfg, RunRecord rec) throws Exception {
        LabeledImages train = LenetExperiment.mnist(o, true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(o, false, 0);
        rec.note("mnist_train_data", train.source() + " (" + train.size() + " images)");
        rec.note("mnist_test_data", test.source() + " (" + test.size() + " images)");
        IteratorConfig base = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.FLAT).withScaling(IteratorConfig.Scaling.UNIT);
        IteratorConfig trainCfg = base.withShuffle(true).withSeed(cfg.seed()).withBatchSize(cfg.batchSize());
        ImageDataSetIterator testIt = new ImageDataSetIterator(test, base.withShuffle(false).withBatchSize(1000));
        Model model = SoftmaxRegression.model(784, 10, 0, 0, DataType.FLOAT);
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.sgd(cfg.lr())))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        rec.addEpoch(m.toMap());
                    }
                });
        List<EpochMetrics> history = trainer.fit(model, epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)), testIt);
        Evaluation ev = model.evaluate(testIt);
        model.save(rec.file("mnist-softmax.model"));
        rec.putFinal("mnist_test_accuracy", ev.accuracy());
        rec.putFinal("mnist_test_loss", ev.loss());
        rec.putFinal("mnist_epochs", history.size());
        rec.putFinal("mnist_train_seconds", history.stream().mapToDouble(EpochMetrics::seconds).sum());
        double[][] w = model.sameDiff().getArrForVarName("weight").castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        WeightGrid.write(rec.figuresDir().resolve("mnist_weights.png"), w, 5, 2, 28,
                GridStyle.weights().withScaling(io.github.mlplatform.viz.image.Scaling.PER_TILE).withColorbar(false).withScale(4));
        double[] trainLoss = history.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
        double[] testLoss = history.stream().mapToDouble(m -> m.test().loss()).toArray();
        Charts.write(Charts.line("softmax regression on MNIST", "epoch", "cross-entropy",
                List.of(Series.of("train", trainLoss), Series.of("test", testLoss)), ChartStyle.defaults()), rec.figuresDir().resolve("mnist_loss.png"));
        return String.format(Locale.ROOT, "  softmax, MNIST            test accuracy %.2f%%  test loss %.4f  (%d epochs, batch %d, SGD lr %s, %d training images)%n",
                100 * ev.accuracy(), ev.loss(), history.size(), cfg.batchSize(), cfg.lr(), train.size());
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            c += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) c / labels.length;
    }

    private static double[] epochs(TrainedRegression t) {
        double[] e = new double[t.trajectory().size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = t.trajectory().get(i).epoch();
        }
        return e;
    }

    private static List<Map<String, Object>> trajectory(TrainedRegression t) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParameterSnapshot s : t.trajectory()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", s.epoch());
            m.put("slope", s.slope());
            m.put("intercept", s.intercept());
            m.put("mse", s.loss());
            out.add(m);
        }
        return out;
    }

    /** The data as crosses and the fitted line of every epoch (epoch 0 = initial), plus the exact fit dashed. */
    private static void lineFigure(Path file, String title, double[] x, double[] y, TrainedRegression t, LinearFit ols) throws Exception {
        double[] ends = {x[0], x[x.length - 1]};
        List<Series> lines = new ArrayList<>();
        for (ParameterSnapshot s : t.trajectory()) {
            lines.add(new Series("epoch " + s.epoch(), ends, new double[] {s.slope() * ends[0] + s.intercept(), s.slope() * ends[1] + s.intercept()}));
        }
        XYChart chart = Charts.line(title, "x", "y", lines, ChartStyle.defaults().withMarkers(false));
        XYSeries exact = chart.addSeries("least squares", ends, new double[] {ols.predict(new double[] {ends[0]}), ols.predict(new double[] {ends[1]})});
        exact.setLineColor(Color.BLACK);
        exact.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        exact.setMarker(SeriesMarkers.NONE);
        XYSeries data = chart.addSeries("data", x, y);
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CROSS);
        data.setMarkerColor(Color.DARK_GRAY);
        chart.getStyler().setMarkerSize(6);
        Charts.write(chart, file);
    }

    /** Labels 0/1 over x and σ(w x + b) of the seed's epochs 0, 1, 10, 50, 1000, plus the IRLS curve. */
    private static void logisticFigure(Path file, double[] x, int[] labels, TrainedRegression t, LogisticFit irls) throws Exception {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double[] grid = SyntheticData.linspace(lo, hi, 200);
        List<Series> curves = new ArrayList<>();
        int lastEpoch = t.trajectory().size() - 1;
        java.util.SortedSet<Integer> shown = new java.util.TreeSet<>(List.of(0, 1, 10, 50, lastEpoch));
        for (int e : shown) {
            if (e > lastEpoch) {
                continue;
            }
            ParameterSnapshot s = t.trajectory().get(e);
            double[] p = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                p[i] = LogisticRegression.sigmoid(s.slope() * grid[i] + s.intercept());
            }
            curves.add(new Series("epoch " + e, grid, p));
        }
        XYChart chart = Charts.line("logistic regression: σ(w x + b) by epoch", "x", "P(class 1)", curves,
                ChartStyle.defaults().withMarkers(false));
        if (irls != null) {
            double[] p = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                p[i] = irls.probability(new double[] {grid[i]});
            }
            XYSeries s = chart.addSeries("IRLS optimum", grid, p);
            s.setLineColor(Color.BLACK);
            s.setMarker(SeriesMarkers.NONE);
        }
        double[] yl = new double[labels.length];
        for (int i = 0; i < yl.length; i++) {
            yl[i] = labels[i];
        }
        XYSeries data = chart.addSeries("data", x, yl);
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CROSS);
        data.setMarkerColor(Color.DARK_GRAY);
        chart.getStyler().setMarkerSize(6);
        Charts.write(chart, file);
    }

    /** The learned logits z_k(x) (solid) beside the seed's z0 = −x, z1 = 1, z2 = x − 1 (dashed, same colour). */
    private static void argmaxFigure(Path file, double[] grid, double[][] logits) throws Exception {
        List<Series> learned = new ArrayList<>();
        double[][] seed = new double[3][grid.length];
        for (int k = 0; k < 3; k++) {
            double[] z = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                z[i] = logits[i][k];
                seed[k][i] = SyntheticData.argmaxScores(grid[i])[k];
            }
            learned.add(new Series("learned z" + k, grid, z));
        }
        XYChart chart = Charts.line("softmax regression on the argmax example: logits (argmax = class)", "x", "z", learned,
                ChartStyle.defaults().withMarkers(false));
        String[] names = {"seed z0 = -x", "seed z1 = 1", "seed z2 = x - 1"};
        for (int k = 0; k < 3; k++) {
            XYSeries s = chart.addSeries(names[k], grid, seed[k]);
            s.setLineColor(Charts.color(k));
            s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            s.setMarker(SeriesMarkers.NONE);
        }
        Charts.write(chart, file);
    }
}
