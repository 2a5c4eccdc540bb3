package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.IdxDataset;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code ml run lenet}: the seed LeNet on MNIST, with curves, confusion matrix and the model on disk. */
public final class LenetExperiment implements Experiment<LenetConfig> {

    /** The checkpoint file of a run directory ({@link io.github.mlplatform.core.train.Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";

    @Override
    public String name() {
        return "lenet";
    }

    @Override
    public String description() {
        return "LeNet-5 (seed variant: scaled tanh, average pooling) on MNIST";
    }

    @Override
    public Class<LenetConfig> configType() {
        return LenetConfig.class;
    }

    @Override
    public LenetConfig defaults() {
        return LenetConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new LenetBenchmark());
    }

    /** Loads MNIST the way every image experiment does: explicit dir, ML_DATA_DIR, cache, system dir, download, embedded sample. */
    public static LabeledImages mnist(RunOptions o, boolean train, int limit) throws java.io.IOException {
        IdxDataset.Builder b = Mnist.builder().train(train).allowEmbeddedSample(true);
        if (o.dataDir() != null) {
            b.dataDir(o.dataDir());
        }
        if (limit > 0) {
            b.limit(limit);
        }
        return b.build().load();
    }

    @Override
    public String run(LenetConfig cfg, RunContext ctx) throws Exception {
        RunOptions o = ctx.options();
        RunRecord rec = ctx.record();
        LabeledImages train = mnist(o, true, cfg.limit());
        LabeledImages test = mnist(o, false, 0);
        rec.note("train_data", train.source().toString() + " (" + train.size() + " images)");
        rec.note("test_data", test.source().toString() + " (" + test.size() + " images)");

        IteratorConfig base = IteratorConfig.defaults().withStandardization(Mnist.TRAIN_MEAN, Mnist.TRAIN_STD)
                .withLayout(IteratorConfig.Layout.NCHW);
        IteratorConfig trainCfg = base.withShuffle(true).withSeed(cfg.seed()).withBatchSize(cfg.batchSize());
        ImageDataSetIterator testIt = new ImageDataSetIterator(test, base.withShuffle(false).withBatchSize(1000));

        Model model = Model.builder(LeNet.create()).inputShape(1, 28, 28).labelShape(10).loss(Loss.crossEntropyFromLogits())
                .seed(cfg.seed()).build();
        rec.note("model", model.description());
        Path checkpoints = rec.file("checkpoints");
        java.nio.file.Files.createDirectories(checkpoints);
        Trainer trainer = new Trainer(cfg.trainer()).workers(cfg.workers()).checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        rec.addEpoch(m.toMap());
                    }
                });
        List<EpochMetrics> history = trainer.fit(model,
                epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)), testIt);
        rec.truncateEpochs(0);
        history.forEach(m -> rec.addEpoch(m.toMap()));

        Evaluation ev = model.evaluate(testIt);
        model.save(rec.file("lenet.model"));
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        rec.putFinal("test_accuracy", ev.accuracy());
        rec.putFinal("test_error_percent", 100 * (1 - ev.accuracy()));
        rec.putFinal("test_loss", ev.loss());
        rec.putFinal("epochs", history.size());
        rec.putFinal("train_seconds", trainSeconds);
        rec.putFinal("train_samples_per_s", history.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0));
        rec.putFinal("per_class_accuracy", ev.perClassAccuracy());
        rec.putFinal("confusion_matrix", ev.confusion());
        LenetFigures.confusion(rec.figuresDir().resolve("confusion.png"), ev.confusion());

        return String.format(Locale.ROOT, """
                LeNet on MNIST (%s)
                  epochs            %d (batch-size %d, optimizer %s, lr %s, lr-gamma %s every %d epochs, weight-decay %s)
                  test accuracy     %.2f%%  (error %.2f%%; LeNet-5 published 0.95%%)
                  test loss         %.4f
                  training time     %.0f s (%.0f samples/s)
                  run directory     %s
                %s""", train.source(), history.size(), cfg.batchSize(), ConfigBinder.text(cfg.optimizer()),
                ConfigBinder.text(cfg.lr()), ConfigBinder.text(cfg.lrGamma()), cfg.lrStep(), ConfigBinder.text(cfg.weightDecay()),
                100 * ev.accuracy(), 100 * (1 - ev.accuracy()), ev.loss(), trainSeconds,
                history.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0), rec.dir(), ev.confusionTable());
    }
}
