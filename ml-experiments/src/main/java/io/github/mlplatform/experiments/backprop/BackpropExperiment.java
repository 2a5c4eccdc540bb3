package io.github.mlplatform.experiments.backprop;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.regression.backprop.AffineLayer.InputGradient;
import io.github.mlplatform.regression.backprop.Architecture;
import io.github.mlplatform.regression.backprop.Fact;
import io.github.mlplatform.regression.backprop.NNBench;
import io.github.mlplatform.regression.backprop.Network;
import io.github.mlplatform.regression.backprop.Task;
import io.github.mlplatform.regression.data.NumpyRandom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml run backprop}: seed 003's network written from first principles (ml-regression's
 * {@link io.github.mlplatform.regression.backprop}) on its learning bench. Every architecture learns
 * every task, one fact at a time, for every alpha of the grid; the seed's sliders become a grid of
 * learning curves and heat maps of the loss over (alpha, n), and its "learning potential" becomes a
 * table: the held-out loss after learning, as a share of the variance of the targets (R²).
 *
 * <p>A cell <em>learned</em> when R² ≥ {@value #LEARNED_R2} on held-out facts, <em>diverged</em> when a
 * loss became non-finite or the held-out loss ended above the untrained network's, and is
 * <em>partly</em> learned otherwise. The seed's {@code M·δ} runs beside the chain rule's
 * {@code Mᵀ·δ} on the square networks: identical where the affine layer is first (its input gradient
 * is discarded), different once it follows a hidden layer. Nothing here is trained through SameDiff,
 * so the GraphExecutor's fast path does not apply; the whole grid takes seconds, so there is nothing
 * to resume.
 */
public final class BackpropExperiment implements Experiment<BackpropConfig> {

    /** R² on held-out facts from which a cell counts as learned. */
    static final double LEARNED_R2 = 0.99;

    /** The R² whose first crossing measures how fast a network learns. */
    static final double SLOW_R2 = 0.9;

    /** Held-out R² is measured this many times along each curve. */
    static final int CHECKPOINTS = 50;

    @Override
    public String name() {
        return "backprop";
    }

    @Override
    public String description() {
        return "seed 003: a network from first principles (the affine layer's M^T fixed) on its learning bench: which tasks each network learns, at which alpha";
    }

    @Override
    public Class<BackpropConfig> configType() {
        return BackpropConfig.class;
    }

    @Override
    public BackpropConfig defaults() {
        return BackpropConfig.defaults();
    }

    /** One network, task, gradient and alpha: its learning curve and its held-out losses. */
    record Cell(Architecture architecture, Task task, InputGradient gradient, double alpha, double[] curve,
                double heldOutLoss, double untrainedLoss, double baselineLoss, int every, double[] heldOutR2) {

        /**
         * Facts learned until the held-out R² first reached {@code r2} (measured every
         * {@code every} facts), or null if it never did.
         */
        Integer factsTo(double r2) {
            for (int k = 0; k < heldOutR2.length; k++) {
                if (heldOutR2[k] >= r2) {
                    return (k + 1) * every;
                }
            }
            return null;
        }

        /** {@code 1 − loss / (loss of predicting the targets' mean)} on the held-out facts. */
        double rSquared() {
            return 1 - heldOutLoss / baselineLoss;
        }

        boolean diverged() {
            return !Double.isFinite(heldOutLoss) || Arrays.stream(curve).anyMatch(v -> !Double.isFinite(v))
                    || heldOutLoss > untrainedLoss;
        }

        String status() {
            return diverged() ? "diverged" : rSquared() >= LEARNED_R2 ? "learned" : "partly";
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("architecture", architecture.key());
            m.put("task", task.key());
            m.put("gradient", ConfigBinder.enumText(gradient));
            m.put("alpha", alpha);
            m.put("held_out_loss", finiteOrNull(heldOutLoss));
            m.put("untrained_loss", untrainedLoss);
            m.put("r_squared", finiteOrNull(rSquared()));
            m.put("facts_to_r_squared_0.9", factsTo(SLOW_R2));
            m.put("learning_potential", finiteOrNull(-Math.log(curve[curve.length - 1])));
            m.put("status", status());
            return m;
        }
    }

    /** What one architecture does with one task over the alpha grid (chain-rule gradient). */
    record Verdict(Architecture architecture, Task task, Cell best, List<Double> learningAlphas, Double firstDivergingAlpha) {
    }

    @Override
    public String run(BackpropConfig cfg, RunContext ctx) throws IOException {
        RunRecord rec = ctx.record();
        Map<Task, List<Fact>> heldOut = new EnumMap<>(Task.class);
        Map<Task, Double> baseline = new EnumMap<>(Task.class);
        Map<Task, List<Fact>> training = new EnumMap<>(Task.class);
        for (Task t : cfg.tasks()) {
            training.put(t, NNBench.facts(t::ideal, cfg.seed(), cfg.facts()));
            List<Fact> facts = NNBench.facts(t::ideal, cfg.seed() + 1, cfg.evalFacts());
            heldOut.put(t, facts);
            baseline.put(t, meanPredictorLoss(facts));
        }
        List<Cell> cells = new ArrayList<>();
        long learnNanos = 0;
        long learnedFacts = 0;
        int total = 0;
        for (Architecture a : cfg.architectures()) {
            for (InputGradient g : cfg.gradients()) {
                total += (g == InputGradient.TRANSPOSED || a.square()) ? cfg.tasks().size() * cfg.alphas().size() : 0;
            }
        }
        try (Progress p = Progress.start("backprop grid", total)) {
            for (Architecture a : cfg.architectures()) {
                for (Task t : cfg.tasks()) {
                    for (InputGradient g : cfg.gradients()) {
                        if (g == InputGradient.SEED_UNTRANSPOSED && !a.square()) {
                            continue;
                        }
                        for (double alpha : cfg.alphas()) {
                            Network net = a.build(new NumpyRandom(cfg.initSeed()), g).setAlpha(alpha);
                            List<Fact> test = heldOut.get(t);
                            double untrained = net.meanLoss(test);
                            List<Fact> train = training.get(t);
                            int every = Math.max(1, cfg.facts() / CHECKPOINTS);
                            double[] curve = new double[cfg.facts()];
                            double[] r2 = new double[cfg.facts() / every];
                            for (int i = 0; i < curve.length; i++) {
                                long t0 = System.nanoTime();
                                curve[i] = net.learn(train.get(i));
                                if (g == InputGradient.TRANSPOSED) {
                                    learnNanos += System.nanoTime() - t0;
                                    learnedFacts++;
                                }
                                if ((i + 1) % every == 0 && (i + 1) / every <= r2.length) {
                                    r2[(i + 1) / every - 1] = 1 - net.meanLoss(test) / baseline.get(t);
                                }
                            }
                            cells.add(new Cell(a, t, g, alpha, curve, net.meanLoss(test), untrained, baseline.get(t), every, r2));
                            p.step(1, a.key() + "/" + t.key());
                        }
                    }
                }
            }
        }
        double msPer1000 = learnNanos / 1e6 / learnedFacts * 1000;

        List<Verdict> verdicts = verdicts(cfg, cells);
        List<Map<String, Object>> table = new ArrayList<>();
        cells.forEach(c -> table.add(c.toMap()));
        rec.putFinal("cells", table);
        List<Map<String, Object>> summary = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("architecture", v.architecture().key());
            m.put("task", v.task().key());
            m.put("best_alpha", v.best().alpha());
            m.put("best_r_squared", finiteOrNull(v.best().rSquared()));
            m.put("best_held_out_loss", finiteOrNull(v.best().heldOutLoss()));
            m.put("learned", v.best().status().equals("learned"));
            m.put("alphas_that_learn", v.learningAlphas());
            m.put("first_diverging_alpha", v.firstDivergingAlpha());
            summary.add(m);
        }
        rec.putFinal("verdicts", summary);
        Boolean identical = seedGradientIdenticalWhereAffineIsFirst(cells);
        if (identical != null) {
            rec.putFinal("seed_gradient_identical_where_affine_is_first", identical);
        }
        List<Map<String, Object>> seedVsFixed = seedVersusChainRule(cfg, cells);
        rec.putFinal("seed_vs_chain_rule", seedVsFixed);
        rec.putFinal("ms_per_1000_facts", msPer1000);
        rec.note("learned", "R^2 >= " + LEARNED_R2 + " on " + cfg.evalFacts() + " held-out facts (generator seed "
                + (cfg.seed() + 1) + "); diverged: a non-finite loss, or a held-out loss above the untrained network's");
        rec.note("reference", "bench/reference/backprop_numpy.py: the seed's NumPy classes; ml-regression's BackpropAgainstNumpyTest"
                + " checks every fact's loss against it");
        writeCsv(rec, cells);
        BackpropFigures.write(rec.figuresDir(), cfg, cells, verdicts);
        return summaryText(cfg, verdicts, identical, seedVsFixed, msPer1000, rec);
    }

    /** {@code mean ‖t − t̄‖²/2}: the loss of the best constant prediction, the R² denominator. */
    static double meanPredictorLoss(List<Fact> facts) {
        int d = facts.get(0).expected().length;
        double[] mean = new double[d];
        for (Fact f : facts) {
            double[] t = f.expected();
            for (int i = 0; i < d; i++) {
                mean[i] += t[i] / facts.size();
            }
        }
        double s = 0;
        for (Fact f : facts) {
            double[] t = f.expected();
            for (int i = 0; i < d; i++) {
                s += (t[i] - mean[i]) * (t[i] - mean[i]) / 2;
            }
        }
        return s / facts.size();
    }

    static List<Verdict> verdicts(BackpropConfig cfg, List<Cell> cells) {
        List<Verdict> out = new ArrayList<>();
        for (Architecture a : cfg.architectures()) {
            for (Task t : cfg.tasks()) {
                List<Cell> row = cells.stream().filter(c -> c.architecture() == a && c.task() == t
                        && c.gradient() == InputGradient.TRANSPOSED).sorted((x, y) -> Double.compare(x.alpha(), y.alpha())).toList();
                if (row.isEmpty()) {
                    continue;
                }
                Cell best = row.stream().filter(c -> !c.diverged()).max((x, y) -> Double.compare(x.rSquared(), y.rSquared()))
                        .orElse(row.get(0));
                List<Double> learning = row.stream().filter(c -> c.status().equals("learned")).map(Cell::alpha).toList();
                Double diverging = row.stream().filter(Cell::diverged).map(Cell::alpha).findFirst().orElse(null);
                out.add(new Verdict(a, t, best, learning, diverging));
            }
        }
        return out;
    }

    /** Whether every seed-gradient curve equals the chain rule's bit for bit on networks whose only affine layer is first; null if not run. */
    static Boolean seedGradientIdenticalWhereAffineIsFirst(List<Cell> cells) {
        Boolean all = null;
        for (Cell s : cells) {
            if (s.gradient() != InputGradient.SEED_UNTRANSPOSED || s.architecture().usesAffineInputGradient()) {
                continue;
            }
            for (Cell c : cells) {
                if (c.gradient() == InputGradient.TRANSPOSED && c.architecture() == s.architecture() && c.task() == s.task()
                        && c.alpha() == s.alpha()) {
                    boolean same = Arrays.equals(c.curve(), s.curve());
                    all = all == null ? same : all && same;
                }
            }
        }
        return all;
    }

    /**
     * For the square networks that use an affine input gradient, per task: the best held-out R² over
     * the alphas with the chain rule and with the seed's gradient.
     */
    static List<Map<String, Object>> seedVersusChainRule(BackpropConfig cfg, List<Cell> cells) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Architecture a : cfg.architectures()) {
            if (!a.square() || !a.usesAffineInputGradient()) {
                continue;
            }
            for (Task t : cfg.tasks()) {
                Cell fixed = bestOf(cells, a, t, InputGradient.TRANSPOSED);
                Cell seed = bestOf(cells, a, t, InputGradient.SEED_UNTRANSPOSED);
                if (fixed == null || seed == null) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("architecture", a.key());
                m.put("task", t.key());
                m.put("chain_rule_best_r_squared", finiteOrNull(fixed.rSquared()));
                m.put("chain_rule_best_alpha", fixed.alpha());
                m.put("seed_best_r_squared", finiteOrNull(seed.rSquared()));
                m.put("seed_best_alpha", seed.alpha());
                m.put("chain_rule_facts_to_r_squared_0.9", fixed.factsTo(SLOW_R2));
                m.put("seed_facts_to_r_squared_0.9", seed.factsTo(SLOW_R2));
                out.add(m);
            }
        }
        return out;
    }

    static Cell bestOf(List<Cell> cells, Architecture a, Task t, InputGradient g) {
        return cells.stream().filter(c -> c.architecture() == a && c.task() == t && c.gradient() == g && !c.diverged())
                .max((x, y) -> Double.compare(x.rSquared(), y.rSquared())).orElse(null);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void writeCsv(RunRecord rec, List<Cell> cells) throws IOException {
        StringBuilder sb = new StringBuilder("architecture,task,gradient,alpha,held_out_loss,untrained_loss,r_squared,status\n");
        for (Cell c : cells) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.6g,%.6g,%.6g,%s%n", c.architecture().key(), c.task().key(),
                    ConfigBinder.enumText(c.gradient()), ConfigBinder.text(c.alpha()), c.heldOutLoss(), c.untrainedLoss(),
                    c.rSquared(), c.status()));
        }
        AtomicFiles.writeString(rec.file("cells.csv"), sb.toString());
    }

    private static String summaryText(BackpropConfig cfg, List<Verdict> verdicts, Boolean identical,
                                      List<Map<String, Object>> seedVsFixed, double msPer1000, RunRecord rec) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Backprop from first principles (seed 003): %d facts one at a time, loss e.e/2, R^2 on %d held-out facts%n",
                cfg.facts(), cfg.evalFacts()));
        sb.append(String.format(Locale.ROOT, "  %-20s %-19s %10s %9s %-26s %s%n", "architecture", "task", "best alpha", "best R^2",
                "alphas that learn", "diverges from"));
        for (Verdict v : verdicts) {
            sb.append(String.format(Locale.ROOT, "  %-20s %-19s %10s %9s %-26s %s%n", v.architecture().key(), v.task().key(),
                    ConfigBinder.text(v.best().alpha()), v.best().diverged() ? "-" : String.format(Locale.ROOT, "%.4f", v.best().rSquared()),
                    v.learningAlphas().isEmpty() ? "none" : v.learningAlphas().stream().map(ConfigBinder::text).toList().toString(),
                    v.firstDivergingAlpha() == null ? "-" : ConfigBinder.text(v.firstDivergingAlpha())));
        }
        if (identical != null) {
            sb.append("  the seed's M.dE/dy where the affine layer is first: ")
                    .append(identical ? "identical to the chain rule, bit for bit (its input gradient is discarded)"
                            : "DIFFERENT from the chain rule (unexpected)").append('\n');
        }
        if (!seedVsFixed.isEmpty()) {
            sb.append("  where an affine layer's input gradient is used: best R^2 over the alphas, and facts to R^2 0.9 at that alpha\n");
            sb.append(String.format(Locale.ROOT, "  %-20s %-19s %-8s %-13s %-8s %s%n", "", "", "Mᵀ·δ", "facts to 0.9", "M·δ",
                    "facts to 0.9"));
        }
        for (Map<String, Object> m : seedVsFixed) {
            sb.append(String.format(Locale.ROOT, "  %-20s %-19s %-8s %-13s %-8s %s%n", m.get("architecture"), m.get("task"),
                    fmt(m.get("chain_rule_best_r_squared")), facts(m.get("chain_rule_facts_to_r_squared_0.9")),
                    fmt(m.get("seed_best_r_squared")), facts(m.get("seed_facts_to_r_squared_0.9"))));
        }
        sb.append(String.format(Locale.ROOT, "  learning speed %.2f ms per 1000 facts (chain-rule cells)%n", msPer1000));
        sb.append("  run directory ").append(rec.dir()).append('\n');
        return sb.toString();
    }

    private static String facts(Object n) {
        return n == null ? "never" : n.toString();
    }

    private static String fmt(Object r2) {
        return r2 == null ? "diverged" : String.format(Locale.ROOT, "%.4f", (Double) r2);
    }
}
