package io.github.mlplatform.experiments.fashionmlp;

import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.softfloor.SoftfloorExperiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** The final metrics, figures and one-screen summary of a fashion-mlp run (the grid, or cell [175] as written). */
final class FashionMlpSummary {

    /** ln 10: the cross-entropy of a uniform guess among the ten classes, where the seed's loss stayed. */
    static final double LN_10 = Math.log(10);

    private FashionMlpSummary() {
    }

    /**
     * The grid: a table per cell, and for each dropout (weight decay) other than 0 what it changes
     * against 0 in the same column (row) of the grid: the gap, in points (negative = it narrows the
     * gap, less variance), and the test accuracy. Recorded under {@code final.grid} and {@code final.effects}.
     */
    static String grid(FashionMlpConfig cfg, RunRecord rec, List<FashionMlpExperiment.Cell> cells) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Fashion-MNIST MLP (seed 002, fixed): Flatten -> 784 -> %s -> 10, ReLU, dropout after the first "
                        + "hidden ReLU, logits into the cross-entropy; weights N(0, %s^2); Adam lr %s, batch %d, %d epoch(s), seed %d%n",
                cfg.hidden().stream().map(String::valueOf).reduce((a, b) -> a + " -> " + b).orElse(""), ConfigBinder.text(cfg.initStd()),
                ConfigBinder.text(cfg.lr()), cfg.batchSize(), cfg.epochs(), cfg.seed()));
        sb.append(String.format(Locale.ROOT, "%n  %-26s %8s %8s %10s %9s %8s %10s %8s%n", "cell", "dropout", "wd", "train acc", "test acc",
                "gap", "test loss", "s/epoch"));
        Map<String, Object> table = new LinkedHashMap<>();
        for (FashionMlpExperiment.Cell c : cells) {
            sb.append(String.format(Locale.ROOT, "  %-26s %8s %8s %9.2f%% %8.2f%% %+7.2f %10.4f %8.2f%n", c.name(), ConfigBinder.text(c.dropout()),
                    ConfigBinder.text(c.weightDecay()), 100 * c.trainAccuracy(), 100 * c.testAccuracy(), 100 * c.gap(), c.testLoss(),
                    c.secondsPerEpoch()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dropout", c.dropout());
            m.put("weight_decay", c.weightDecay());
            m.put("train_accuracy", c.trainAccuracy());
            m.put("test_accuracy", c.testAccuracy());
            m.put("gap", c.gap());
            m.put("test_loss", c.testLoss());
            m.put("seconds_per_epoch", c.secondsPerEpoch());
            table.put(c.name(), m);
        }
        rec.putFinal("grid", table);
        List<Map<String, Object>> effects = new ArrayList<>();
        for (FashionMlpExperiment.Cell on : cells) {
            for (FashionMlpExperiment.Cell off : cells) {
                boolean dropoutEffect = on.dropout() > 0 && off.dropout() == 0 && on.weightDecay() == off.weightDecay();
                boolean decayEffect = on.weightDecay() > 0 && off.weightDecay() == 0 && on.dropout() == off.dropout();
                if (!dropoutEffect && !decayEffect) {
                    continue;
                }
                String what = dropoutEffect ? "dropout " + ConfigBinder.text(on.dropout()) + " (at weight decay "
                        + ConfigBinder.text(on.weightDecay()) + ")" : "weight decay " + ConfigBinder.text(on.weightDecay()) + " (at dropout "
                        + ConfigBinder.text(on.dropout()) + ")";
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("switched_on", what);
                e.put("cell_on", on.name());
                e.put("cell_off", off.name());
                e.put("gap_change", on.gap() - off.gap());
                e.put("test_accuracy_change", on.testAccuracy() - off.testAccuracy());
                e.put("train_accuracy_change", on.trainAccuracy() - off.trainAccuracy());
                effects.add(e);
                sb.append(String.format(Locale.ROOT, "  %s against off: gap %+.2f points (%.2f -> %.2f), test accuracy %+.2f, train accuracy %+.2f%n",
                        what, 100 * (on.gap() - off.gap()), 100 * off.gap(), 100 * on.gap(), 100 * (on.testAccuracy() - off.testAccuracy()),
                        100 * (on.trainAccuracy() - off.trainAccuracy())));
            }
        }
        rec.putFinal("effects", effects);
        FashionMlpExperiment.Cell first = cells.get(0);
        rec.putFinal("test_accuracy", first.testAccuracy());
        rec.putFinal("train_accuracy", first.trainAccuracy());
        rec.putFinal("gap", first.gap());
        FashionMlpExperiment.Cell best = cells.stream().max((a, b) -> Double.compare(a.testAccuracy(), b.testAccuracy())).orElseThrow();
        rec.putFinal("best_cell", best.name());
        sb.append(String.format(Locale.ROOT, "  first cell (%s): test accuracy %.2f%%; best cell %s %.2f%% "
                        + "(Fashion-MNIST benchmark's MLP 256-128-100: %.1f%%)%n", first.name(), 100 * first.testAccuracy(), best.name(),
                100 * best.testAccuracy(), 100 * FashionMlpExperiment.BENCHMARK_MLP_ACCURACY));
        finish(rec, cells, sb);
        FashionMlpFigures.grid(rec.figuresDir().resolve("grid.png"), cells);
        FashionMlpFigures.curves(rec.figuresDir(), cells);
        return sb.toString();
    }

    /**
     * Cell [175] as written: its loss per epoch beside ln 10, the largest distance of the epoch's
     * mean training loss from ln 10, and its test accuracy (0.1 is chance).
     */
    static String seedBugs(FashionMlpConfig cfg, RunRecord rec, FashionMlpExperiment.Cell c) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Fashion-MNIST MLP, seed 002's cell [175] as written: Flatten -> 784 -> %d -> 10, ReLU and Softmax "
                        + "before CrossEntropyLoss, weights N(0, 0), Adam lr %s (the input size in the learning rate's place), "
                        + "weight decay %s, batch %d, %d epoch(s)%n%n", FashionMlp.AS_WRITTEN_HIDDEN, ConfigBinder.text(c.lr()),
                ConfigBinder.text(c.weightDecay()), cfg.batchSize(), cfg.epochs()));
        sb.append(String.format(Locale.ROOT, "  %5s %12s %16s %10s %9s%n", "epoch", "train loss", "last batch loss", "test loss", "test acc"));
        double worst = 0;
        for (Map<String, Object> e : c.epochs()) {
            double loss = num(e.get("train_loss"));
            worst = Math.max(worst, Math.abs(loss - LN_10));
            sb.append(String.format(Locale.ROOT, "  %5s %12.4f %16s %10.4f %8.2f%%%n", e.get("epoch"), loss,
                    e.containsKey("last_batch_loss") ? String.format(Locale.ROOT, "%.4f", num(e.get("last_batch_loss"))) : "-",
                    num(e.get("test_loss")), 100 * num(e.get("test_accuracy"))));
        }
        rec.putFinal("test_accuracy", c.testAccuracy());
        rec.putFinal("train_accuracy", c.trainAccuracy());
        rec.putFinal("ln_10", LN_10);
        rec.putFinal("max_distance_of_train_loss_from_ln_10", worst);
        sb.append(String.format(Locale.ROOT, "%n  mean training loss stays within %.4f of ln 10 = %.4f in every epoch; test accuracy %.2f%% "
                + "(chance 10%%); the fixed network: ./ml run fashion-mlp%n", worst, LN_10, 100 * c.testAccuracy()));
        finish(rec, List.of(c), sb);
        FashionMlpFigures.seedBugsLoss(rec.figuresDir().resolve("loss.png"), c, LN_10);
        return sb.toString();
    }

    private static void finish(RunRecord rec, List<FashionMlpExperiment.Cell> cells, StringBuilder sb) {
        String path = cells.stream().map(FashionMlpExperiment.Cell::executionPath).filter(p -> !p.equals("none")).findFirst().orElse("none");
        rec.note("execution_path", path);
        sb.append(String.format(Locale.ROOT, "  training steps: %s%n", path));
        sb.append("  run directory      ").append(rec.dir()).append('\n');
    }

    /** The seed's grid {@code torch.arange(-8.0, 8.0, 0.5)}: 32 points. */
    static double[] seedGrid() {
        double[] x = new double[32];
        for (int i = 0; i < x.length; i++) {
            x[i] = -8 + 0.5 * i;
        }
        return x;
    }

    /**
     * The seed's activation figure: ReLU, sigmoid and tanh and their derivatives on [−8, 8), from
     * the platform's {@link Activation} modules (forward pass and SameDiff's automatic
     * differentiation, double precision). Records the values at the seed's 32 points (what it
     * printed) under {@code final.activations} and the largest distance from the closed forms
     * {@code max(0, x)}, {@code σ(x)}, {@code tanh x} and {@code 1[x > 0]}, {@code σ(1 − σ)}, {@code 1 − tanh²}.
     */
    static void activations(RunRecord rec) throws IOException {
        double[] fine = new double[320];
        for (int i = 0; i < fine.length; i++) {
            fine[i] = -8 + 0.05 * i;
        }
        double[] seed = seedGrid();
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("x", seed);
        Map<String, double[][]> curves = new LinkedHashMap<>();
        double worst = 0;
        for (Object[] a : new Object[][]{
                {"relu", Activation.relu(), (DoubleUnaryOperator) x -> Math.max(0, x), (DoubleUnaryOperator) x -> x > 0 ? 1 : 0},
                {"sigmoid", Activation.sigmoid(), (DoubleUnaryOperator) FashionMlpSummary::sigmoid,
                        (DoubleUnaryOperator) x -> sigmoid(x) * (1 - sigmoid(x))},
                {"tanh", Activation.tanh(), (DoubleUnaryOperator) Math::tanh, (DoubleUnaryOperator) x -> 1 - Math.tanh(x) * Math.tanh(x)}}) {
            String name = (String) a[0];
            Activation f = (Activation) a[1];
            double[][] at = SoftfloorExperiment.evaluate(f, seed);
            table.put(name, at[0]);
            table.put(name + "_derivative", at[1]);
            for (int i = 0; i < seed.length; i++) {
                worst = Math.max(worst, Math.abs(at[0][i] - ((DoubleUnaryOperator) a[2]).applyAsDouble(seed[i])));
                worst = Math.max(worst, Math.abs(at[1][i] - ((DoubleUnaryOperator) a[3]).applyAsDouble(seed[i])));
            }
            curves.put(name, SoftfloorExperiment.evaluate(f, fine));
        }
        table.put("max_distance_from_closed_forms", worst);
        rec.putFinal("activations", table);
        FashionMlpFigures.activations(rec.figuresDir().resolve("activations.png"), fine, curves);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
