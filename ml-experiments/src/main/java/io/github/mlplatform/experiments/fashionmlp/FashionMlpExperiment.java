package io.github.mlplatform.experiments.fashionmlp;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.FashionMnist;
import io.github.mlplatform.datasets.IdxDataset;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.FinishedTrainings;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code ml run fashion-mlp}: seed 002's MLP on Fashion-MNIST (issue #14), fixed, and its theme
 * (bias, variance, dropout, weight decay) as a measured 2×2 grid.
 *
 * <p>By default every cell of dropout {0.2, 0} × weight decay {0.002, 0} trains {@link FashionMlp#create}
 * (784 → 256 → 256 → 10, ReLU, logits into the cross-entropy) with Adam (learning rate 5e-4, weight
 * decay as torch.optim.Adam applies it: {@code g += λ·w} before the moments; {@link Trainer}) for 20
 * epochs of batch 256. After each epoch the network is evaluated (dropout off) on the whole training set
 * and on the test set; the table gives per cell train accuracy, test accuracy and their gap
 * (train − test, the variance the seed's text is about), and what switching dropout or weight decay
 * off does to the gap. {@code -P reproduce-seed-bugs=true} trains cell [175] as the notebook ran it
 * ({@link FashionMlp#asWritten}, Adam lr 784, weight decay 0.09) and measures how far its loss stays
 * from ln 10. Every run also draws the seed's activation figure: ReLU, sigmoid and tanh and their
 * derivatives on [−8, 8), computed by the platform's {@code Activation} modules and SameDiff's
 * automatic differentiation (checked against the closed forms).
 *
 * <p>Each cell is one entry of {@code checkpoints/state.json} once finished; a killed run resumes
 * ({@code --resume}) with the unfinished cells, the interrupted one from its last epoch (its
 * per-epoch training-set evaluations are kept beside its checkpoint in {@code train-eval.json}).
 * Settings: {@link FashionMlpConfig}. PyTorch's script: {@code bench/reference/fashion_mlp_torch.py}.
 */
public final class FashionMlpExperiment implements Experiment<FashionMlpConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(FashionMlpExperiment.class);
    /** The state file: the cells finished so far; its presence makes a run resumable. */
    public static final String CHECKPOINT = "checkpoints/state.json";
    /** Name of the cell {@code -P reproduce-seed-bugs=true} trains. */
    public static final String SEED_BUGS = "seed-bugs";
    /** Test accuracy of the Fashion-MNIST benchmark's MLPClassifier (hidden 256-128-100, ReLU, Adam), zalandoresearch/fashion-mnist. */
    public static final double BENCHMARK_MLP_ACCURACY = 0.883;
    private static final String TRAIN_EVAL = "train-eval.json";

    @Override
    public String name() {
        return "fashion-mlp";
    }

    @Override
    public String description() {
        return "seed 002's Fashion-MNIST MLP fixed (784-256-256-10, dropout, Adam + weight decay): dropout x weight decay grid; "
                + "-P reproduce-seed-bugs=true for the notebook as written";
    }

    @Override
    public Class<FashionMlpConfig> configType() {
        return FashionMlpConfig.class;
    }

    @Override
    public FashionMlpConfig defaults() {
        return FashionMlpConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    /**
     * A split of Fashion-MNIST found like every image experiment's data ({@code --data-dir},
     * {@code $ML_DATA_DIR}, the cache, a verified download).
     *
     * @param limit the first N images only (0 = all)
     * @throws IOException when the files are missing and cannot be downloaded, or are corrupt (the message names the file)
     */
    public static LabeledImages fashionMnist(RunOptions o, boolean train, int limit) throws IOException {
        IdxDataset.Builder b = FashionMnist.builder().train(train);
        if (o.dataDir() != null) {
            b.dataDir(o.dataDir());
        }
        if (limit > 0) {
            b.limit(limit);
        }
        return b.build().load();
    }

    /** One training to run: its name, grid coordinates, optimiser settings and network. */
    record Plan(String name, double dropout, double weightDecay, double lr, Supplier<Module> network) {
    }

    /** What one cell measured (one entry of the state file and of {@code final.cells}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Cell(String name, double dropout, double weightDecay, double lr, long parameters, double trainAccuracy, double testAccuracy,
                double gap, double trainLoss, double testLoss, double secondsPerEpoch, String executionPath, List<Map<String, Object>> epochs) {
    }

    /** The trainings of {@code cfg}: cell [175] alone, or the grid, dropout-major. */
    static List<Plan> plans(FashionMlpConfig cfg) {
        List<Plan> out = new ArrayList<>();
        if (cfg.reproduceSeedBugs()) {
            out.add(new Plan(SEED_BUGS, 0, FashionMlpConfig.AS_WRITTEN_WEIGHT_DECAY, FashionMlpConfig.AS_WRITTEN_LR,
                    () -> FashionMlp.asWritten(cfg.seed())));
            return out;
        }
        for (double p : cfg.dropouts()) {
            for (double wd : cfg.weightDecays()) {
                String name = "dropout-" + ConfigBinder.text(p) + "-wd-" + ConfigBinder.text(wd);
                out.add(new Plan(name, p, wd, cfg.lr(), () -> FashionMlp.create(cfg.hidden(), p, cfg.initStd(), cfg.seed())));
            }
        }
        return out;
    }

    @Override
    public String run(FashionMlpConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        FinishedTrainings<Cell> state = new FinishedTrainings<>(rec.file(CHECKPOINT), "cells", Cell.class);
        List<Cell> done = state.start(ctx);
        if (ctx.resumed()) {
            LOG.info("resuming: {} cell(s) already finished", done.size());
        }
        LabeledImages train = fashionMnist(ctx.options(), true, cfg.limit());
        LabeledImages test = fashionMnist(ctx.options(), false, 0);
        rec.note("data", train.source() + " (" + train.size() + " training, " + test.size() + " test images)");
        List<Plan> plans = plans(cfg);
        for (int k = 0; k < plans.size(); k++) {
            Plan plan = plans.get(k);
            if (done.stream().anyMatch(c -> c.name().equals(plan.name()))) {
                continue;
            }
            LOG.info("training {} of {}: {}", k + 1, plans.size(), plan.name());
            done.add(train(cfg, ctx, plan, train, test));
            state.write(done);
        }
        rec.putFinal("cells", done);
        FashionMlpSummary.activations(rec);
        return cfg.reproduceSeedBugs() ? FashionMlpSummary.seedBugs(cfg, rec, done.get(0)) : FashionMlpSummary.grid(cfg, rec, done);
    }

    /** Evaluation batches in file order; pixels in [0, 1] as the seed's {@code ToTensor}. */
    static ImageDataSetIterator evaluation(LabeledImages images) {
        return new ImageDataSetIterator(images, batches().withShuffle(false).withBatchSize(1000));
    }

    private static IteratorConfig batches() {
        return IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW);
    }

    private static Cell train(FashionMlpConfig cfg, RunContext ctx, Plan plan, LabeledImages train, LabeledImages test) throws IOException {
        RunRecord rec = ctx.record();
        Model model = Model.builder(plan.network().get()).inputShape(1, 28, 28).labelShape(FashionMlp.CLASSES)
                .loss(Loss.crossEntropyFromLogits()).seed(cfg.seed()).build();
        rec.note("model_" + plan.name(), model.description());
        Path dir = rec.file("checkpoints/" + plan.name());
        Files.createDirectories(dir);
        Path trainEvalFile = dir.resolve(TRAIN_EVAL);
        TreeMap<Integer, Map<String, Object>> trainEval = new TreeMap<>();
        if (ctx.resumed() && Files.isRegularFile(trainEvalFile)) {
            Json.read(trainEvalFile).fields().forEachRemaining(e ->
                    trainEval.put(Integer.parseInt(e.getKey()), Json.mapper().convertValue(e.getValue(), Map.class)));
        }
        ImageDataSetIterator trainEvalIt = evaluation(train);
        double[] lastBatchLoss = {Double.NaN};
        Trainer trainer = new Trainer(new TrainerConfig(cfg.epochs(), Optimizer.adam(plan.lr()), plan.weightDecay(), 0, 1))
                .workers(cfg.workers()).checkpointDir(dir).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(int epoch, int iteration, double loss, int batchSize) {
                        lastBatchLoss[0] = loss;
                    }

                    @Override
                    public void onEpoch(EpochMetrics m) {
                        trainEval.put(m.epoch(), trainEvaluation(model.evaluate(trainEvalIt), lastBatchLoss[0]));
                        try {
                            Json.write(trainEvalFile, trainEval);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
        List<EpochMetrics> history = trainer.fit(model, epoch -> new ImageDataSetIterator(train,
                batches().withShuffle(true).withBatchSize(cfg.batchSize()).withSeed(cfg.seed() * 1000 + epoch)), evaluation(test));
        EpochMetrics last = history.get(history.size() - 1);
        if (!trainEval.containsKey(last.epoch())) { // killed after the last checkpoint, before its evaluation was written
            trainEval.put(last.epoch(), trainEvaluation(model.evaluate(trainEvalIt), Double.NaN));
        }
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochMetrics m : history) {
            Map<String, Object> e = m.toMap();
            e.putAll(trainEval.getOrDefault(m.epoch(), Map.of()));
            epochs.add(e);
        }
        Map<String, Object> fin = trainEval.get(last.epoch());
        double trainAccuracy = ((Number) fin.get("train_accuracy")).doubleValue();
        Evaluation t = last.test();
        String path = trainer.executionPath() == null ? "none" : trainer.executionPath().toString();
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
        Cell c = new Cell(plan.name(), plan.dropout(), plan.weightDecay(), plan.lr(), model.module().parameterCount(), trainAccuracy,
                t.accuracy(), trainAccuracy - t.accuracy(), ((Number) fin.get("train_eval_loss")).doubleValue(), t.loss(), seconds, path, epochs);
        LOG.info("{}: train accuracy {}, test accuracy {}, {} s per epoch", plan.name(), fmt(c.trainAccuracy()), fmt(c.testAccuracy()),
                String.format(Locale.ROOT, "%.1f", seconds));
        return c;
    }

    /** The training-set evaluation of one epoch (dropout off), and the loss of its last batch (what the seed printed). */
    private static Map<String, Object> trainEvaluation(Evaluation e, double lastBatchLoss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_eval_loss", e.loss());
        m.put("train_accuracy", e.accuracy());
        if (Double.isFinite(lastBatchLoss)) {
            m.put("last_batch_loss", lastBatchLoss);
        }
        return m;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
