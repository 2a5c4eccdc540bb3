package io.github.mlplatform.experiments.bigram;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.datasets.Names;
import io.github.mlplatform.datasets.WordsDataset;
import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.datasets.text.ContextWindows;
import io.github.mlplatform.datasets.text.Words;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.regression.gradient.Batches;
import io.github.mlplatform.regression.language.BigramCounts;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Heatmap;
import io.github.mlplatform.viz.chart.HeatmapStyle;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.ImageFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code ml run bigram}: next-character prediction on makemore's names (seed 004, "Single-Linear-Layer
 * Softmax Classifier", {@code softMax_linLayer_makemore}). Two models of {@code P(next | previous)}:
 * <ul>
 *   <li>the count model, {@code (N[prev][next] + k) / Σ_j (N[prev][j] + k)} (ml-regression
 *       {@link BigramCounts}), which is the maximum-likelihood bigram model up to the smoothing;</li>
 *   <li>a single linear layer on one-hot characters, {@code Linear(27 → 27)} without bias on the
 *       Module API, logits → softmax → cross-entropy, trained as makemore does: all pairs in one
 *       batch, a large learning rate, a small L2 penalty on W. One-hot input times W selects a row, so
 *       {@code softmax(W[prev])} can become exactly the count model's row: the layer converges to it.</li>
 * </ul>
 * Both are scored by their mean negative log-likelihood over all pairs; twenty names are sampled from
 * each with the same random stream; heat maps show the counts and both probability tables.
 */
public final class BigramExperiment implements Experiment<BigramConfig> {

    /** The checkpoint of a run directory (the Trainer writes it after every epoch). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";

    /** The longest sampled name (a cut-off; makemore's names have at most 15 letters). */
    static final int MAX_SAMPLE = 50;

    /** matplotlib "Blues" (ColorBrewer, 9 classes), makemore's heat map colours. */
    static final Colormap BLUES = new Colormap("Blues", new int[] {0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5,
            0x08519C, 0x08306B});

    @Override
    public String name() {
        return "bigram";
    }

    @Override
    public String description() {
        return "next-character bigram models of names: counts beside a one-hot Linear(27, 27) softmax trained by gradient descent (seed 004)";
    }

    @Override
    public Class<BigramConfig> configType() {
        return BigramConfig.class;
    }

    @Override
    public BigramConfig defaults() {
        return BigramConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public String run(BigramConfig c, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        Path fig = rec.figuresDir();
        WordsDataset.Builder b = Names.builder();
        if (ctx.options().dataDir() != null) {
            b.dataDir(ctx.options().dataDir());
        }
        Words all = b.build().load();
        CharVocabulary vocab = CharVocabulary.ofCharacters(Names.SPEC.alphabet());
        int v = vocab.size();
        List<String> names = c.limit() > 0 && c.limit() < all.size() ? all.words().subList(0, c.limit()) : all.words();
        ContextWindows pairs = ContextWindows.of(names, vocab, 1);
        int n = pairs.size();
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = pairs.contexts()[i][0];
        }
        int[] next = pairs.targets();
        rec.note("data", all.source() + ": " + names.size() + " names, " + n + " (previous, next) pairs with '.' as start and end");

        // 1. the count model
        BigramCounts counts = BigramCounts.fit(v, prev, next, c.smoothing());
        double countNll = counts.meanNegativeLogLikelihood(prev, next);
        rec.putFinal("count_nll", countNll);
        rec.putFinal("pairs", n);
        rec.putFinal("names", names.size());

        // 2. the linear layer: one-hot (previous) → Linear(27, 27, no bias) → log-softmax → NLL of the next character
        INDArray x;
        INDArray y;
        if (c.batch() == BatchMode.PAIRS) {
            x = Nd4j.zeros(DataType.FLOAT, n, v);
            y = Nd4j.zeros(DataType.FLOAT, n, v);
            for (int i = 0; i < n; i++) {
                x.putScalar(i, prev[i], 1f);
                y.putScalar(i, next[i], 1f);
            }
        } else {
            // row i: the one-hot of character i; label weights 27·N[i][j]/n, so that the mean over the 27 rows of
            // −Σ_j weight·log p is Σ_ij N[i][j]·(−log p_ij)/n, the mean over all pairs
            x = Nd4j.eye(v).castTo(DataType.FLOAT);
            y = Nd4j.zeros(DataType.FLOAT, v, v);
            for (int i = 0; i < v; i++) {
                for (int j = 0; j < v; j++) {
                    y.putScalar(i, j, (double) v * counts.count(i, j) / n);
                }
            }
        }
        Linear layer = new Linear(v, v, false);
        double[][] w0 = new double[v][v];
        Random init = new Random(c.seed());
        for (double[] row : w0) {
            for (int j = 0; j < v; j++) {
                row[j] = c.initStd() * init.nextGaussian();
            }
        }
        layer.loadStateDict(Map.of("weight", Nd4j.createFromArray(w0)));
        // log-softmax + NLL rather than the fused softmax cross-entropy: per step on the 228,146 pairs it measured
        // 0.58 s against 0.82 s (the fused op's gradient alone took 0.58 s), and it accepts the grouped mode's weights
        Model model = Model.builder(new Sequential(layer, Activation.logSoftmax())).inputShape(v).labelShape(v).loss(Loss.nll())
                .dataType(DataType.FLOAT).seed(c.seed()).build();
        rec.note("model", model.description() + "; batch " + ConfigBinder.text(c.batch()) + " (" + x.size(0) + " rows)");
        // d/dW of l2·mean(W²) = (2·l2 / V²)·W: exactly the Trainer's weight decay with that coefficient (W is the only parameter)
        double weightDecay = 2 * c.l2() / ((double) v * v);
        rec.note("l2", "the penalty " + ConfigBinder.text(c.l2()) + "·mean(W²) enters as weight decay " + weightDecay
                + " (its gradient); the per-epoch train_loss is the NLL before each step, without the penalty");
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        Trainer trainer = new Trainer(TrainerConfig.of(c.epochs(), Optimizer.sgd(c.lr())).withWeightDecay(weightDecay))
                .checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        rec.addEpoch(m.toMap());
                    }
                });
        Batches all1 = new Batches(x, y, (int) x.size(0), false, 0, 0);
        List<EpochMetrics> history = trainer.fit(model, epoch -> all1, null);
        rec.truncateEpochs(0);
        history.forEach(m -> rec.addEpoch(m.toMap()));
        model.save(rec.file("bigram-linear.model"));
        double[][] w = model.sameDiff().getArrForVarName("0.weight").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] logP = logSoftmaxRows(w);
        double learnedNll = 0;
        for (int i = 0; i < n; i++) {
            learnedNll -= logP[prev[i]][next[i]];
        }
        learnedNll /= n;
        double meanSq = 0;
        for (double[] row : w) {
            for (double e : row) {
                meanSq += e * e / (v * v);
            }
        }
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        double[][] countLogP = counts.logProbabilities();
        double maxDiff = 0;
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(Math.exp(logP[i][j]) - Math.exp(countLogP[i][j])));
            }
        }
        rec.putFinal("linear_nll", learnedNll);
        rec.putFinal("linear_penalised_loss", learnedNll + c.l2() * meanSq);
        rec.putFinal("linear_minus_count_nll", learnedNll - countNll);
        rec.putFinal("max_probability_difference", maxDiff);
        rec.putFinal("epochs", history.size());
        rec.putFinal("train_seconds", seconds);
        double perEpoch = history.size() > 1 ? history.stream().skip(1).mapToDouble(EpochMetrics::seconds).average().orElse(0)
                : seconds / Math.max(1, history.size());
        rec.putFinal("seconds_per_epoch", perEpoch);
        rec.putFinal("execution", trainer.executionPath() == null ? null : trainer.executionPath().toString());
        int firstBelow = -1;
        for (EpochMetrics m : history) {
            if (firstBelow < 0 && m.trainLoss() <= 2.47) {
                firstBelow = m.epoch();
            }
        }
        rec.putFinal("first_epoch_nll_at_most_2_47", firstBelow);

        // 3. samples: the same random stream for both models
        Set<String> known = new HashSet<>(all.words());
        List<String> fromCounts = sample(countLogP, vocab, c.seed(), c.samples());
        List<String> fromLinear = sample(logP, vocab, c.seed(), c.samples());
        int same = 0;
        for (int i = 0; i < fromCounts.size(); i++) {
            same += fromCounts.get(i).equals(fromLinear.get(i)) ? 1 : 0;
        }
        rec.putFinal("samples_counts", fromCounts);
        rec.putFinal("samples_linear", fromLinear);
        rec.putFinal("samples_identical", same);
        rec.putFinal("samples_counts_that_are_names", fromCounts.stream().filter(known::contains).count());
        rec.putFinal("samples_linear_that_are_names", fromLinear.stream().filter(known::contains).count());

        // 4. figures
        countHeatmap(fig.resolve("bigram_counts.png"), counts, vocab);
        probabilityHeatmap(fig.resolve("probabilities_counts.png"), countLogP, vocab,
                "count model: P(next | previous), add-" + ConfigBinder.text(c.smoothing()) + " (row: previous, column: next)");
        probabilityHeatmap(fig.resolve("probabilities_linear.png"), logP, vocab,
                "linear layer: softmax(W[previous]) after " + history.size() + " epochs (row: previous, column: next)");
        nllFigure(fig.resolve("nll.png"), history, countNll);

        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Bigram models of names (seed 004 / makemore; %s, %d names, %,d pairs)%n",
                all.source(), names.size(), n));
        sb.append(String.format(Locale.ROOT, "  count model (add-%s)   mean NLL %.4f nats%n", ConfigBinder.text(c.smoothing()), countNll));
        sb.append(String.format(Locale.ROOT, "  Linear(27, 27) softmax mean NLL %.4f nats (%+.4f; with the penalty %.4f), %d full-batch epochs (%s) "
                        + "at lr %s, l2 %s, %.3g s per epoch after the first; %s%n", learnedNll, learnedNll - countNll, learnedNll + c.l2() * meanSq,
                history.size(), ConfigBinder.text(c.batch()), ConfigBinder.text(c.lr()), ConfigBinder.text(c.l2()), perEpoch,
                trainer.executionPath() == null ? "-" : trainer.executionPath().path()));
        sb.append(String.format(Locale.ROOT, "  largest difference between the two probability tables: %.4f%n", maxDiff));
        sb.append(String.format(Locale.ROOT, "  %d names sampled from each with seed %d (%d identical; %d and %d are real names):%n", c.samples(), c.seed(),
                same, fromCounts.stream().filter(known::contains).count(), fromLinear.stream().filter(known::contains).count()));
        for (int i = 0; i < fromCounts.size(); i++) {
            sb.append(String.format(Locale.ROOT, "    %-16s %s%n", fromCounts.get(i), fromLinear.get(i)));
        }
        sb.append("  run directory          ").append(rec.dir()).append('\n');
        return sb.toString();
    }

    static double[][] logSoftmaxRows(double[][] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (double e : z[i]) {
                m = Math.max(m, e);
            }
            double s = 0;
            for (double e : z[i]) {
                s += Math.exp(e - m);
            }
            double lse = m + Math.log(s);
            out[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                out[i][j] = z[i][j] - lse;
            }
        }
        return out;
    }

    static List<String> sample(double[][] logP, CharVocabulary vocab, long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] s = BigramCounts.sample(logP, r, 0, MAX_SAMPLE);
            StringBuilder sb = new StringBuilder();
            for (int k : s) {
                sb.append(vocab.symbol(k));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** makemore's picture: each cell the pair and its count, shaded by the count. */
    private static void countHeatmap(Path file, BigramCounts counts, CharVocabulary vocab) throws Exception {
        int v = vocab.size();
        double[][] m = new double[v][v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                m[i][j] = counts.count(i, j);
            }
        }
        String[][] text = new String[v][v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                text[i][j] = Long.toString(counts.count(i, j));
            }
        }
        annotated(file, m, vocab, text, "bigram counts N[previous][next] over all pairs (row: previous, column: next)");
    }

    private static void probabilityHeatmap(Path file, double[][] logP, CharVocabulary vocab, String title) throws Exception {
        int v = vocab.size();
        double[][] p = new double[v][v];
        String[][] text = new String[v][v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                p[i][j] = Math.exp(logP[i][j]);
                text[i][j] = String.format(Locale.ROOT, "%.2f", p[i][j]);
            }
        }
        annotated(file, p, vocab, text, title);
    }

    /** A 27 x 27 heat map (Blues) with the pair and a value written in each cell. */
    private static void annotated(Path file, double[][] m, CharVocabulary vocab, String[][] text, String title) throws Exception {
        int cell = 34;
        Heatmap.Picture pic = Heatmap.render(m, new HeatmapStyle(BLUES, HeatmapStyle.Norm.LINEAR, cell, true, title));
        double max = 0;
        for (double[] row : m) {
            for (double e : row) {
                max = Math.max(max, e);
            }
        }
        Graphics2D g = pic.image().createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
            g.setFont(small);
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[i].length; j++) {
                    int x0 = pic.x0() + j * cell;
                    int y0 = pic.y0() + i * cell;
                    g.setColor(m[i][j] > 0.5 * max ? Color.WHITE : Color.DARK_GRAY);
                    String pair = "" + vocab.symbol(i) + vocab.symbol(j);
                    g.drawString(pair, x0 + (cell - fm.stringWidth(pair)) / 2, y0 + cell / 2 - 2);
                    g.drawString(text[i][j], x0 + (cell - fm.stringWidth(text[i][j])) / 2, y0 + cell / 2 + fm.getAscent());
                }
            }
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(0.5f));
            g.drawRect(pic.x0(), pic.y0(), m.length * cell, m.length * cell);
        } finally {
            g.dispose();
        }
        ImageFiles.write(pic.image(), file);
    }

    private static void nllFigure(Path file, List<EpochMetrics> history, double countNll) throws Exception {
        double[] e = new double[history.size()];
        double[] l = new double[history.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = history.get(i).epoch();
            l[i] = history.get(i).trainLoss();
        }
        XYChart chart = Charts.line("mean negative log-likelihood per epoch (before each step)", "epoch", "nats (log scale)",
                List.of(new Series("Linear(27, 27) softmax", e, l)), ChartStyle.defaults().withLogY(true).withMarkers(false));
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "count model %.4f", countNll), new double[] {0, e.length == 0 ? 1 : e[e.length - 1]},
                new double[] {countNll, countNll});
        s.setLineColor(Color.BLACK);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        Charts.write(chart, file);
    }
}
