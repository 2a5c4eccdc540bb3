package io.github.mlplatform.experiments.activations;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.FinishedTrainings;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.fashionmlp.FashionMlpExperiment;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ml run all-activations}: the seed's "if you can't decide between activations, just use all of
 * them" (experiment 07). The MLP of {@link AllActivations} with the seed's {@code Parallel} of ten
 * activations is trained against the same MLP with each single activation of the block in its place,
 * on every data set and seed of the config ({@link AllActivationsConfig}): test accuracy (mean and
 * spread over the seeds), parameter count and seconds per epoch per variant, whether "all" beats the
 * best single one, and the share of the classifier's weight mass each branch of "all" receives.
 *
 * <p>Each training is one entry of {@code checkpoints/state.json} once finished; a killed run resumes
 * ({@code --resume}) with the unfinished trainings, the interrupted one from its last epoch.
 * {@code metrics.json} holds every training under {@code final.trainings} (with its epochs) and the
 * aggregates under {@code final.<dataset>}.
 */
public final class AllActivationsExperiment implements Experiment<AllActivationsConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(AllActivationsExperiment.class);
    /** The state file: the trainings finished so far; its presence makes a run resumable. */
    public static final String CHECKPOINT = "checkpoints/state.json";

    @Override
    public String name() {
        return "all-activations";
    }

    @Override
    public String description() {
        return "MLP with the seed's Parallel of ten activations against each activation alone, MNIST and Fashion-MNIST";
    }

    @Override
    public Class<AllActivationsConfig> configType() {
        return AllActivationsConfig.class;
    }

    @Override
    public AllActivationsConfig defaults() {
        return AllActivationsConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    /** A split of {@code dataset}, found like every image experiment's data (MNIST may fall back to the embedded sample). */
    static LabeledImages load(RunOptions o, AllActivationsDataset dataset, boolean train, int limit) throws IOException {
        if (dataset == AllActivationsDataset.MNIST) {
            return LenetExperiment.mnist(o, train, limit);
        }
        return FashionMlpExperiment.fashionMnist(o, train, limit);
    }

    /** What one training measured (one entry of the state file and of {@code final.trainings}). */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Training(String dataset, String variant, long seed, long parameters, double testAccuracy, double testLoss,
                    double secondsPerEpoch, String executionPath, double[] branchWeightShare, double[] branchSignalShare,
                    List<Map<String, Object>> epochs) {
    }

    @Override
    public String run(AllActivationsConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        FinishedTrainings<Training> state = new FinishedTrainings<>(rec.file(CHECKPOINT), "trainings", Training.class);
        List<Training> done = state.start(ctx);
        if (ctx.resumed()) {
            LOG.info("resuming: {} trainings already finished", done.size());
        }
        int total = cfg.datasets().size() * cfg.variants().size() * cfg.seeds().size();
        IteratorConfig base = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW);
        int k = 0;
        for (AllActivationsDataset ds : cfg.datasets()) {
            LabeledImages train = load(ctx.options(), ds, true, cfg.limit());
            LabeledImages test = load(ctx.options(), ds, false, 0);
            rec.note("data_" + ConfigBinder.enumText(ds), train.source() + " (" + train.size() + " training, " + test.size() + " test images)");
            ImageDataSetIterator testIt = new ImageDataSetIterator(test, base.withShuffle(false).withBatchSize(1000));
            for (AllActivationsVariant v : cfg.variants()) {
                for (long seed : cfg.seeds()) {
                    k++;
                    if (find(done, ds, v, seed) != null) {
                        continue;
                    }
                    LOG.info("training {} of {}: {}, {}, seed {}", k, total, ds.label(), v.label(), seed);
                    done.add(train(cfg, ctx, ds, v, seed, train, testIt, base));
                    state.write(done);
                }
            }
        }
        rec.putFinal("trainings", done);
        return report(cfg, rec, done);
    }

    private static Training train(AllActivationsConfig cfg, RunContext ctx, AllActivationsDataset ds, AllActivationsVariant v, long seed,
                                  LabeledImages train, ImageDataSetIterator testIt, IteratorConfig base) throws IOException {
        RunRecord rec = ctx.record();
        Model model = Model.builder(AllActivations.create(v, cfg.hidden(), seed)).inputShape(1, 28, 28).labelShape(AllActivations.CLASSES)
                .loss(Loss.crossEntropyFromLogits()).seed(seed).build();
        String note = "model_" + ConfigBinder.enumText(v);
        if (!rec.metrics().path("notes").has(note)) {
            rec.note(note, model.description());
        }
        Path dir = rec.file("checkpoints/" + ConfigBinder.enumText(ds) + "-" + ConfigBinder.enumText(v) + "-seed" + seed);
        Files.createDirectories(dir);
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.adam(cfg.lr()))).workers(cfg.workers())
                .checkpointDir(dir).resume(ctx.resumed());
        IteratorConfig trainCfg = base.withShuffle(true).withBatchSize(cfg.batchSize());
        List<EpochMetrics> history = trainer.fit(model, epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(seed * 1000 + epoch)), testIt);
        EpochMetrics last = history.get(history.size() - 1);
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
        double[] shares = null;
        double[] signal = null;
        if (v == AllActivationsVariant.ALL) {
            INDArray head = model.stateDict().get(AllActivations.HEAD_WEIGHT);
            shares = branchWeightShare(head, cfg.hidden());
            signal = branchSignalShare(head, meanAbsBlockOutput(model, testIt), cfg.hidden());
        }
        String path = trainer.executionPath() == null ? "none" : trainer.executionPath().toString();
        Training t = new Training(ConfigBinder.enumText(ds), ConfigBinder.enumText(v), seed, model.module().parameterCount(),
                last.test().accuracy(), last.test().loss(), seconds, path, shares, signal, history.stream().map(EpochMetrics::toMap).toList());
        LOG.info("{}, {}, seed {}: test accuracy {}, {} s per epoch", ds.label(), v.label(), seed,
                String.format(Locale.ROOT, "%.4f", t.testAccuracy()), String.format(Locale.ROOT, "%.1f", seconds));
        deleteTree(dir); // the finished training is in the state file; its model files are no longer needed
        return t;
    }

    /**
     * The share of the classifier's weight mass that each branch's outputs receive:
     * {@code Σ|W[b·H .. (b+1)·H − 1, :]| / Σ|W|} for the head weight {@code W [10·H, 10]}. Ten
     * equally used branches get 0.1 each.
     */
    static double[] branchWeightShare(INDArray headWeight, int hidden) {
        INDArray w = headWeight.castTo(DataType.DOUBLE);
        int branches = (int) (w.size(0) / hidden);
        double total = w.ameanNumber().doubleValue() * w.length();
        double[] out = new double[branches];
        for (int b = 0; b < branches; b++) {
            INDArray rows = w.get(NDArrayIndex.interval((long) b * hidden, (long) (b + 1) * hidden), NDArrayIndex.all());
            out[b] = rows.ameanNumber().doubleValue() * rows.length() / total;
        }
        return out;
    }

    /**
     * The share of the classifier's input signal each branch carries: {@code Σ_{j ∈ b} m_j·Σ_k|W[j, k]|}
     * over all branches' sum, with {@code m_j} the mean |output| of block feature {@code j} on the
     * test images. Unlike the weight share it counts a branch whose outputs are small (a softmax
     * group sums to 1) as little used even when its weights are large.
     */
    static double[] branchSignalShare(INDArray headWeight, double[] meanAbsOutput, int hidden) {
        INDArray w = headWeight.castTo(DataType.DOUBLE);
        double[] rowMass = absRowSums(w);
        int branches = rowMass.length / hidden;
        double[] out = new double[branches];
        double total = 0;
        for (int j = 0; j < rowMass.length; j++) {
            double c = rowMass[j] * meanAbsOutput[j];
            out[j / hidden] += c;
            total += c;
        }
        for (int b = 0; b < branches; b++) {
            out[b] /= total;
        }
        return out;
    }

    private static double[] absRowSums(INDArray w) {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(w, true).sum(1).toDoubleVector();
    }

    /**
     * Mean |output| of every feature of the block (module {@code 2}) over the test images, from a
     * model of the first three modules of the trained network (built from their trained values).
     */
    static double[] meanAbsBlockOutput(Model model, ImageDataSetIterator test) {
        io.github.mlplatform.core.nn.Sequential net = (io.github.mlplatform.core.nn.Sequential) model.module();
        List<io.github.mlplatform.core.module.Module> parts = net.modules();
        Model features = Model.builder(new io.github.mlplatform.core.nn.Sequential(parts.get(0), parts.get(1), parts.get(2)))
                .inputShape(1, 28, 28).build();
        test.reset();
        INDArray sum = null;
        long n = 0;
        while (test.hasNext()) {
            INDArray h = features.predict(test.next().getFeatures()).castTo(DataType.DOUBLE);
            INDArray s = org.nd4j.linalg.ops.transforms.Transforms.abs(h, true).sum(0);
            sum = sum == null ? s : sum.addi(s);
            n += h.size(0);
        }
        test.reset();
        return sum.divi(n).toDoubleVector();
    }

    private static Training find(List<Training> done, AllActivationsDataset ds, AllActivationsVariant v, long seed) {
        return done.stream().filter(t -> t.dataset().equals(ConfigBinder.enumText(ds)) && t.variant().equals(ConfigBinder.enumText(v))
                && t.seed() == seed).findFirst().orElse(null);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Mean, sample standard deviation, minimum and maximum of a variant's values over the seeds. */
    record Spread(double mean, double sd, double min, double max, int n) {
        static Spread of(double[] v) {
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                mean += x / v.length;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Spread(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, min, max, v.length);
        }
    }

    /** One row of the table: a variant on one data set over the seeds. */
    record Row(String variant, String label, Spread accuracy, long parameters, double secondsPerEpoch) {
    }

    /** Mean share per branch over the seeds, into the summary line and as a map by variant key. */
    private static Map<String, Object> shareLine(StringBuilder sb, String what, double[][] shares) {
        double[] mean = new double[AllActivationsVariant.BRANCHES];
        for (double[] s : shares) {
            for (int b = 0; b < mean.length; b++) {
                mean[b] += s[b] / shares.length;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        for (int b = 0; b < mean.length; b++) {
            m.put(ConfigBinder.enumText(AllActivationsVariant.ofBranch(b)), mean[b]);
            line.append(String.format(Locale.ROOT, " %s %.1f%%", AllActivationsVariant.ofBranch(b).label(), 100 * mean[b]));
        }
        sb.append("    ").append(what).append(" (mean over seeds):").append(line).append('\n');
        return m;
    }

    /** The median (the first training of a JVM pays for JIT and kernel caches; a median of three ignores it). */
    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String report(AllActivationsConfig cfg, RunRecord rec, List<Training> done) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "All the activations (seed 07): Flatten -> Linear(784 -> %d) -> block -> Linear -> 10, "
                        + "Adam %s, batch %d, %d epoch(s), seeds %s%n", cfg.hidden(), ConfigBinder.text(cfg.lr()), cfg.batchSize(), cfg.epochs(),
                ConfigBinder.text(cfg.seeds())));
        Map<String, List<Row>> tables = new LinkedHashMap<>();
        Map<String, double[][]> shareSets = new LinkedHashMap<>();
        Map<String, double[][]> signalSets = new LinkedHashMap<>();
        for (AllActivationsDataset ds : cfg.datasets()) {
            String dsKey = ConfigBinder.enumText(ds);
            List<Row> rows = new ArrayList<>();
            for (AllActivationsVariant v : cfg.variants()) {
                List<Training> ts = cfg.seeds().stream().map(s -> find(done, ds, v, s)).toList();
                rows.add(new Row(ConfigBinder.enumText(v), v.label(), Spread.of(ts.stream().mapToDouble(Training::testAccuracy).toArray()),
                        ts.get(0).parameters(), median(ts.stream().mapToDouble(Training::secondsPerEpoch).toArray())));
                if (v == AllActivationsVariant.ALL) {
                    shareSets.put(ds.label(), ts.stream().map(Training::branchWeightShare).toArray(double[][]::new));
                    signalSets.put(ds.label(), ts.stream().map(Training::branchSignalShare).toArray(double[][]::new));
                }
            }
            tables.put(ds.label(), rows);
            Map<String, Object> fin = new LinkedHashMap<>();
            Map<String, Object> byVariant = new LinkedHashMap<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("test_accuracy_mean", r.accuracy().mean());
                m.put("test_accuracy_sd", r.accuracy().sd());
                m.put("test_accuracy_min", r.accuracy().min());
                m.put("test_accuracy_max", r.accuracy().max());
                m.put("parameters", r.parameters());
                m.put("seconds_per_epoch_median", r.secondsPerEpoch());
                byVariant.put(r.variant(), m);
            }
            fin.put("variants", byVariant);
            sb.append(String.format(Locale.ROOT, "%n  %s: test accuracy over %d seed(s)%n", ds.label(), cfg.seeds().size()));
            sb.append(String.format(Locale.ROOT, "    %-24s %9s %7s %15s %11s %10s%n", "block", "mean", "sd", "min..max", "parameters", "s/epoch"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "    %-24s %8.2f%% %6.2f%% %6.2f..%5.2f%% %11d %10.2f%n", r.label(), 100 * r.accuracy().mean(),
                        100 * r.accuracy().sd(), 100 * r.accuracy().min(), 100 * r.accuracy().max(), r.parameters(), r.secondsPerEpoch()));
            }
            Row all = rows.stream().filter(r -> r.variant().equals("all")).findFirst().orElse(null);
            Row best = rows.stream().filter(r -> !r.variant().equals("all")).max(Comparator.comparingDouble(r -> r.accuracy().mean())).orElse(null);
            if (all != null && best != null) {
                double gain = all.accuracy().mean() - best.accuracy().mean();
                String verdict = all.accuracy().min() > best.accuracy().max() ? "better than"
                        : all.accuracy().max() < best.accuracy().min() ? "worse than" : "within the seeds' spread of";
                fin.put("best_single", best.variant());
                fin.put("all_minus_best_single", gain);
                fin.put("all_versus_best_single", verdict);
                fin.put("all_parameters_ratio", (double) all.parameters() / best.parameters());
                fin.put("all_seconds_per_epoch_ratio", all.secondsPerEpoch() / best.secondsPerEpoch());
                sb.append(String.format(Locale.ROOT, "    all is %s the best single block (%s): %+.2f points, at %.2fx its parameters "
                                + "and %.2fx its seconds per epoch%n", verdict, best.label(), 100 * gain,
                        (double) all.parameters() / best.parameters(), all.secondsPerEpoch() / best.secondsPerEpoch()));
            }
            if (shareSets.containsKey(ds.label())) {
                fin.put("branch_weight_share", shareLine(sb, "share of the classifier's weight mass |W| per branch of all",
                        shareSets.get(ds.label())));
                fin.put("branch_signal_share", shareLine(sb, "share of the classifier's input signal |W|·mean|h| per branch of all",
                        signalSets.get(ds.label())));
            }
            rec.putFinal(dsKey, fin);
        }
        String path = done.stream().map(Training::executionPath).filter(p -> !p.equals("none")).findFirst().orElse("none");
        rec.note("execution_path", path);
        sb.append(String.format(Locale.ROOT, "%n  training steps: %s%n", path));
        AllActivationsFigures.accuracy(rec.figuresDir(), tables, cfg.seeds().size());
        AllActivationsFigures.secondsPerEpoch(rec.figuresDir().resolve("seconds-per-epoch.png"), tables);
        if (!shareSets.isEmpty()) {
            AllActivationsFigures.branchShares(rec.figuresDir().resolve("branch-weight-share.png"), shareSets,
                    "share of the classifier's |W| per branch of the all block (10% = equal)", "share of Σ|W| (%)");
            AllActivationsFigures.branchShares(rec.figuresDir().resolve("branch-signal-share.png"), signalSets,
                    "share of the classifier's input signal |W|·mean|h| per branch of the all block", "share of Σ|W|·mean|h| (%)");
        }
        sb.append("  run directory      ").append(rec.dir()).append('\n');
        return sb.toString();
    }
}
