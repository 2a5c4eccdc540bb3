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
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.regression.closedform.LogisticFit;
import io.github.mlplatform.regression.closedform.LogisticIrls;
import io.github.mlplatform.regression.closedform.NoFiniteOptimumException;
import io.github.mlplatform.regression.closedform.Separability;
import io.github.mlplatform.regression.data.ClassificationData;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
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
import org.nd4j.linalg.api.buffer.DataType;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code ml run logistic-regression}: the seed's logistic regression in 1-D (004, "Logistic
 * Regression for Linear Classification", {@code LogReg_PyTorch.py}) — two Gaussian classes,
 * {@code Linear(1, 1)} trained by SGD on binary cross-entropy (from logits: the seed's hand-written
 * BCE gave NaN) — beside the exact maximum-likelihood fit by Newton–Raphson/IRLS, with the σ curve of
 * chosen epochs, the decision boundary and the accuracy. How often the seed's data have no optimum at
 * all (linearly separable draws) is counted. The softmax parts of the seed's notes follow, as in the
 * former {@code regression} experiment: softmax regression on the argmax example (three classes
 * split at −1 and 2) and on MNIST (the linear baseline, 784 pixels → 10 classes).
 */
public final class LogisticRegressionExperiment implements Experiment<LogisticRegressionConfig> {

    @Override
    public String name() {
        return "logistic-regression";
    }

    @Override
    public String description() {
        return "logistic regression in 1-D by SGD beside Newton/IRLS; softmax regression on the argmax example and MNIST (seed 004)";
    }

    @Override
    public Class<LogisticRegressionConfig> configType() {
        return LogisticRegressionConfig.class;
    }

    @Override
    public LogisticRegressionConfig defaults() {
        return LogisticRegressionConfig.defaults();
    }

    @Override
    public String run(LogisticRegressionConfig c, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        Path fig = rec.figuresDir();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "Logistic regression in 1-D (seed 004, np.random.seed(%d), %d points, means %s and %s, std %s)%n", c.seed(), c.points(),
                ConfigBinder.text(c.x0()), ConfigBinder.text(c.x1()), ConfigBinder.text(c.std())));
        ClassificationData data = SyntheticData.noisyBinary(c.data());
        double[] x = data.column(0);
        int[] labels = data.labels();
        double[] y01 = new double[labels.length];
        for (int i = 0; i < y01.length; i++) {
            y01[i] = labels[i];
        }
        Plots.csv(rec.file("data.csv"), new String[] {"x", "label"}, x, y01);

        // 1. the exact optimum, if there is one
        LogisticFit irls = null;
        try {
            irls = LogisticIrls.fit(data.x(), labels);
            irls.save(rec.file("irls.json"));
            rec.putFinal("irls_weight", irls.weights()[0]);
            rec.putFinal("irls_bias", irls.intercept());
            rec.putFinal("irls_boundary", irls.decisionBoundary());
            rec.putFinal("irls_bce", irls.meanLoss());
            rec.putFinal("irls_accuracy", accuracy(irls, data.x(), labels));
            rec.putFinal("irls_newton_steps", irls.iterations());
        } catch (NoFiniteOptimumException e) {
            rec.putFinal("irls_no_finite_optimum", e.getMessage());
        }

        // 2. the seed's recipe: Linear(1, 1), SGD, BCE (from logits)
        long t0 = System.nanoTime();
        TrainedRegression sgd = LogisticRegression.train(data.x(), labels, c.gradient());
        double seconds = (System.nanoTime() - t0) / 1e9;
        sgd.save(rec.dir().resolve("models"), "logistic");
        ParameterSnapshot last = sgd.last();
        double w = last.slope();
        double b = last.intercept();
        double acc = accuracy(LogisticRegression.predictClasses(sgd.model(), data.x()), labels);
        rec.putFinal("sgd_weight", w);
        rec.putFinal("sgd_bias", b);
        rec.putFinal("sgd_boundary", -b / w);
        rec.putFinal("sgd_bce", last.loss());
        rec.putFinal("sgd_accuracy", acc);
        rec.putFinal("sgd_steps", sgd.batchLosses().length);
        rec.putFinal("sgd_train_seconds", seconds);
        rec.putFinal("sgd_seconds_per_epoch", sgd.secondsPerEpoch());
        rec.putFinal("sgd_execution", sgd.executionPath());
        int n = sgd.trajectory().size();
        double[] epochs = new double[n];
        double[] ws = new double[n];
        double[] bs = new double[n];
        double[] bce = new double[n];
        double[] accs = new double[n];
        int nanFrom = -1;
        int nanEpochs = 0;
        for (int e = 0; e < n; e++) {
            ParameterSnapshot s = sgd.trajectory().get(e);
            epochs[e] = s.epoch();
            ws[e] = s.slope();
            bs[e] = s.intercept();
            bce[e] = s.loss();
            int correct = 0;
            for (int i = 0; i < x.length; i++) {
                correct += ((ws[e] * x[i] + bs[e] > 0) ? 1 : 0) == labels[i] ? 1 : 0;
            }
            accs[e] = (double) correct / x.length;
            if (Double.isNaN(seedsBceInFloat(ws[e], bs[e], x, labels))) {
                nanEpochs++;
                nanFrom = nanFrom < 0 ? e : nanFrom;
            }
        }
        java.util.Map<String, double[]> trajectory = new java.util.LinkedHashMap<>();
        trajectory.put("epoch", epochs);
        trajectory.put("weight", ws);
        trajectory.put("bias", bs);
        trajectory.put("bce", bce);
        trajectory.put("accuracy", accs);
        rec.putFinal("sgd_trajectory", trajectory);
        rec.putFinal("seed_bce_float32_nan_first_epoch", nanFrom);
        rec.putFinal("seed_bce_float32_nan_epochs", nanEpochs);
        summary.append(String.format(Locale.ROOT, "  SGD (the seed's recipe) w %8.4f  b %8.4f  boundary x = %7.4f  BCE %.5f  accuracy %.1f%%"
                        + "  (%d epochs, %d steps, lr %s, %.2f s, %.2g s per epoch after the first; %s)%n", w, b, -b / w, last.loss(),
                100 * acc, n - 1, sgd.batchLosses().length, ConfigBinder.text(c.lr()), seconds, sgd.secondsPerEpoch(),
                sgd.executionPath() == null ? "-"
                        : sgd.executionPath().replaceFirst(":.*", "")));
        if (irls != null) {
            double ia = accuracy(irls, data.x(), labels);
            rec.putFinal("sgd_minus_irls_bce", last.loss() - irls.meanLoss());
            rec.putFinal("sgd_minus_irls_boundary", -b / w - irls.decisionBoundary());
            summary.append(String.format(Locale.ROOT, "  Newton/IRLS (exact)     w %8.4f  b %8.4f  boundary x = %7.4f  BCE %.5f  accuracy %.1f%%"
                            + "  (%d Newton steps)%n", irls.weights()[0], irls.intercept(), irls.decisionBoundary(), irls.meanLoss(),
                    100 * ia, irls.iterations()));
            summary.append(String.format(Locale.ROOT, "  SGD vs exact            BCE %+.2e, boundary %+.4f%n", last.loss() - irls.meanLoss(),
                    -b / w - irls.decisionBoundary()));
        } else {
            summary.append("  Newton/IRLS             none: this draw is linearly separable, so the likelihood has no maximum (the "
                    + "weights grow without bound; SGD's w went " + String.format(Locale.ROOT, "%.3f -> %.3f", ws[0], w) + ")\n");
        }
        summary.append(nanFrom < 0
                ? "  the seed's BCE formula  finite in float32 at every epoch's parameters\n"
                : String.format(Locale.ROOT, "  the seed's BCE formula  NaN in float32 at %d of the %d epochs' parameters, first at epoch %d "
                        + "(σ(z) rounds to exactly 0 or 1; from logits: %.5f there)%n", nanEpochs, n, nanFrom, bce[nanFrom]));

        // 3. how often is the seed's data set separable?
        if (c.separableDraws() > 0) {
            int separable = 0;
            for (int s = 0; s < c.separableDraws(); s++) {
                NoisyBinaryConfig d = new NoisyBinaryConfig(c.points(), c.x0(), c.x1(), c.std(), s);
                ClassificationData draw = SyntheticData.noisyBinary(d);
                if (Separability.isSeparable(draw.x(), draw.labels(), 2).orElse(false)) {
                    separable++;
                }
            }
            rec.putFinal("separable_draws", separable);
            rec.putFinal("separable_draws_of", c.separableDraws());
            summary.append(String.format(Locale.ROOT, "  separable draws         %d of seeds 0-%d: no finite optimum there (the seed's "
                    + "own seed 0 is %s)%n", separable, c.separableDraws() - 1, separable(c, 0) ? "one of them" : "not"));
        }

        // figures of the 1-D part
        TreeSet<Integer> shown = new TreeSet<>(c.shownEpochs());
        sigmoidFigure(fig.resolve("logistic.png"), x, labels, epochs, ws, bs, shown, irls);
        XYChart loss = Charts.line("binary cross-entropy over all data after each epoch", "epoch", "BCE (log scale)",
                List.of(new Series("SGD lr " + ConfigBinder.text(c.lr()), epochs, bce)),
                ChartStyle.defaults().withLogY(true).withMarkers(false));
        if (irls != null) {
            Plots.level(loss, "Newton/IRLS optimum", 0, epochs[n - 1], irls.meanLoss(), Color.BLACK);
        }
        Charts.write(loss, fig.resolve("logistic_loss.png"));
        XYChart params = Charts.line("parameters per epoch (dashed: Newton/IRLS)", "epoch", "value",
                List.of(new Series("weight w", epochs, ws), new Series("bias b", epochs, bs), new Series("boundary -b/w", epochs, boundary(ws, bs))),
                ChartStyle.defaults().withMarkers(false));
        if (irls != null) {
            Plots.level(params, "IRLS w", 0, epochs[n - 1], irls.weights()[0], Plots.color(0));
            Plots.level(params, "IRLS b", 0, epochs[n - 1], irls.intercept(), Plots.color(1));
            Plots.level(params, "IRLS boundary", 0, epochs[n - 1], irls.decisionBoundary(), Plots.color(2));
        }
        Charts.write(params, fig.resolve("logistic_parameters.png"));

        // 4. softmax regression on the argmax example
        if (c.argmax()) {
            summary.append(argmax(c, rec));
        }
        // 5. softmax regression on MNIST
        if (c.mnist()) {
            summary.append(mnist(ctx.options(), c, rec));
        } else {
            rec.note("mnist", "skipped (-P mnist=false)");
        }
        summary.append("  run directory           ").append(rec.dir()).append('\n');
        return summary.toString();
    }

    private static boolean separable(LogisticRegressionConfig c, long seed) {
        ClassificationData d = SyntheticData.noisyBinary(new NoisyBinaryConfig(c.points(), c.x0(), c.x1(), c.std(), seed));
        return Separability.isSeparable(d.x(), d.labels(), 2).orElse(false);
    }

    /**
     * The seed's first criterion, {@code −mean(y·log σ(z) + (1 − y)·log(1 − σ(z)))}, in float32 as its
     * PyTorch script computed it: NaN once some σ(z) rounds to exactly 0 or 1 ({@code 0·log 0}).
     */
    static double seedsBceInFloat(double w, double b, double[] x, int[] y) {
        float s = 0;
        for (int i = 0; i < x.length; i++) {
            float z = (float) w * (float) x[i] + (float) b;
            float p = 1f / (1f + (float) Math.exp(-z));
            s += y[i] * (float) Math.log(p) + (1 - y[i]) * (float) Math.log(1 - p);
        }
        return -s / x.length;
    }

    private static double[] boundary(double[] w, double[] b) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] == 0 ? 0 : Math.max(-100, Math.min(100, -b[i] / w[i]));
        }
        return out;
    }

    private static double accuracy(LogisticFit f, double[][] x, int[] labels) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            c += f.predictClass(x[i]) == labels[i] ? 1 : 0;
        }
        return (double) c / labels.length;
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            c += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) c / labels.length;
    }

    /** Labels 0/1 over x, σ(w x + b) of the shown epochs, the IRLS curve, and both decision boundaries. */
    private static void sigmoidFigure(Path file, double[] x, int[] labels, double[] epochs, double[] ws, double[] bs,
                                      TreeSet<Integer> shown, LogisticFit irls) throws Exception {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double[] grid = SyntheticData.linspace(lo, hi, 300);
        List<Series> curves = new ArrayList<>();
        int lastEpoch = (int) epochs[epochs.length - 1];
        TreeSet<Integer> drawn = new TreeSet<>();
        for (int e : shown) {
            drawn.add(Math.min(e, lastEpoch));
        }
        if (drawn.isEmpty()) {
            drawn.add(lastEpoch);
        }
        for (int e : drawn) {
            double[] p = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                p[i] = LogisticRegression.sigmoid(ws[e] * grid[i] + bs[e]);
            }
            curves.add(new Series("epoch " + e, grid, p));
        }
        XYChart chart = Charts.line("logistic regression: σ(w x + b) by epoch; vertical: decision boundaries", "x", "P(class 1)",
                curves, ChartStyle.defaults().withMarkers(false));
        double sgdBoundary = -bs[lastEpoch] / ws[lastEpoch];
        if (Double.isFinite(sgdBoundary) && sgdBoundary > lo && sgdBoundary < hi) {
            Plots.line(chart, String.format(Locale.ROOT, "SGD boundary x = %.3f", sgdBoundary), new double[] {sgdBoundary, sgdBoundary},
                    new double[] {0, 1}, Color.GRAY, false);
        }
        if (irls != null) {
            double[] p = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                p[i] = irls.probability(new double[] {grid[i]});
            }
            Plots.line(chart, "Newton/IRLS optimum", grid, p, Color.BLACK, true);
            double bd = irls.decisionBoundary();
            Plots.line(chart, String.format(Locale.ROOT, "IRLS boundary x = %.3f", bd), new double[] {bd, bd}, new double[] {0, 1},
                    Color.BLACK, true);
        }
        double[] yl = new double[labels.length];
        for (int i = 0; i < yl.length; i++) {
            yl[i] = labels[i];
        }
        Plots.crosses(chart, "data", x, yl, Color.DARK_GRAY);
        chart.getStyler().setMarkerSize(6);
        Charts.write(chart, file);
    }

    /** Softmax regression on the argmax example: learned boundaries against the seed's −1 and 2. */
    private static String argmax(LogisticRegressionConfig c, RunRecord rec) throws Exception {
        ClassificationData am = SyntheticData.argmaxExample(c.argmaxData());
        long t0 = System.nanoTime();
        TrainedRegression softmax = SoftmaxRegression.train(am.x(), am.labels(), 3, c.argmaxGradient());
        double seconds = (System.nanoTime() - t0) / 1e9;
        softmax.save(rec.dir().resolve("models"), "softmax-argmax");
        double[] grid = SyntheticData.linspace(-5, 5, 2001);
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
        double acc = accuracy(SoftmaxRegression.predictClasses(softmax.model(), am.x()), am.labels());
        rec.putFinal("argmax_boundary_01", Double.isFinite(b01) ? b01 : null);
        rec.putFinal("argmax_boundary_12", Double.isFinite(b12) ? b12 : null);
        rec.putFinal("argmax_accuracy", acc);
        rec.putFinal("argmax_cross_entropy", softmax.last().loss());
        rec.putFinal("argmax_train_seconds", seconds);
        rec.putFinal("argmax_seconds_per_epoch", softmax.secondsPerEpoch());
        rec.putFinal("argmax_execution", softmax.executionPath());
        argmaxFigure(rec.figuresDir().resolve("softmax_argmax.png"), grid, SoftmaxRegression.logits(softmax.model(), gridDesign));
        return String.format(Locale.ROOT, "  softmax, argmax example boundaries x = %.3f and %.3f (seed: -1 and 2), accuracy %.1f%%, "
                + "cross-entropy %.4f (%d points, %d epochs, lr %s)%n", b01, b12, 100 * acc, softmax.last().loss(), am.size(),
                c.argmaxEpochs(), ConfigBinder.text(c.argmaxLr()));
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
            Plots.line(chart, names[k], grid, seed[k], Charts.color(k), true);
        }
        Charts.write(chart, file);
    }

    /** Softmax regression on MNIST through ml-core's Trainer (per-epoch metrics of the run are this part's). */
    private static String mnist(RunOptions o, LogisticRegressionConfig cfg, RunRecord rec) throws Exception {
        LabeledImages train = LenetExperiment.mnist(o, true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(o, false, 0);
        rec.note("mnist_train_data", train.source() + " (" + train.size() + " images)");
        rec.note("mnist_test_data", test.source() + " (" + test.size() + " images)");
        IteratorConfig base = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.FLAT).withScaling(IteratorConfig.Scaling.UNIT);
        IteratorConfig trainCfg = base.withShuffle(true).withSeed(cfg.seed()).withBatchSize(cfg.mnistBatchSize());
        ImageDataSetIterator testIt = new ImageDataSetIterator(test, base.withShuffle(false).withBatchSize(1000));
        Model model = SoftmaxRegression.model(784, 10, 0, 0, DataType.FLOAT);
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.mnistEpochs(), Optimizer.sgd(cfg.mnistLr())))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        rec.addEpoch(m.toMap());
                    }
                });
        List<EpochMetrics> history = trainer.fit(model, epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)), testIt);
        Evaluation ev = model.evaluate(testIt);
        model.save(rec.file("mnist-softmax.model"));
        double secs = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        rec.putFinal("mnist_test_accuracy", ev.accuracy());
        rec.putFinal("mnist_test_loss", ev.loss());
        rec.putFinal("mnist_epochs", history.size());
        rec.putFinal("mnist_train_seconds", secs);
        double later = history.stream().skip(1).mapToDouble(EpochMetrics::seconds).average().orElse(secs);
        rec.putFinal("mnist_seconds_per_epoch", later);
        rec.putFinal("mnist_execution", trainer.executionPath() == null ? null : trainer.executionPath().toString());
        double[][] w = model.sameDiff().getArrForVarName("weight").castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        WeightGrid.write(rec.figuresDir().resolve("mnist_weights.png"), w, 5, 2, 28,
                GridStyle.weights().withScaling(io.github.mlplatform.viz.image.Scaling.PER_TILE).withColorbar(false).withScale(4));
        return String.format(Locale.ROOT, "  softmax, MNIST          test accuracy %.2f%%  test loss %.4f  (%d epochs, batch %d, SGD lr %s, "
                        + "%d training images, %.2f s per epoch after the first; %s)%n", 100 * ev.accuracy(), ev.loss(), history.size(),
                cfg.mnistBatchSize(), ConfigBinder.text(cfg.mnistLr()), train.size(), later,
                trainer.executionPath() == null ? "-" : trainer.executionPath().path());
    }
}
