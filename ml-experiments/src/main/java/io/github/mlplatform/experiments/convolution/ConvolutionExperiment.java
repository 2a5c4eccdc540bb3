package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.experiments.NativeThreads;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ml run convolution}: pytorch/examples {@code mnist/main.py}, the "Convolution Example" of
 * seed 000. Trains {@link ConvolutionNet} (two 3×3 convolutions, max pooling, dropout, two linear
 * layers, log-softmax) with the NLL loss and Adadelta (lr 1.0, ×0.7 after every epoch) on MNIST
 * standardised with (0.1307, 0.3081); records per-epoch and final metrics, the confusion matrix,
 * the first layer's 32 filters and the misclassified test digits, and saves the model. Settings:
 * {@link ConvolutionConfig}. PyTorch's script: {@code bench/reference/convolution_torch.py}.
 */
public final class ConvolutionExperiment implements Experiment<ConvolutionConfig> {

    /** The checkpoint file of a run directory ({@link Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";

    @Override
    public String name() {
        return "convolution";
    }

    @Override
    public String description() {
        return "pytorch/examples MNIST convnet (seed 000 \"Convolution Example\"): 2 convs, max pool, dropout, Adadelta";
    }

    @Override
    public Class<ConvolutionConfig> configType() {
        return ConvolutionConfig.class;
    }

    @Override
    public ConvolutionConfig defaults() {
        return ConvolutionConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new ConvolutionBenchmark());
    }

    /**
     * The model of the experiment: {@link ConvolutionNet} (convolutions in {@code format}) on
     * {@code [batch, 1, 28, 28]}, NLL loss of its log-probabilities.
     */
    static Model model(long seed, DataFormat format) {
        return Model.builder(ConvolutionNet.create(format)).inputShape(1, 28, 28).loss(Loss.nll()).seed(seed).build();
    }

    /** MNIST batches as pytorch/examples feeds them: [0, 1] pixels standardised with (0.1307, 0.3081), NCHW. */
    static IteratorConfig batches() {
        return IteratorConfig.defaults().withStandardization(Mnist.TRAIN_MEAN, Mnist.TRAIN_STD).withLayout(IteratorConfig.Layout.NCHW);
    }

    @Override
    public String run(ConvolutionConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, cfg.testLimit());
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");

        IteratorConfig trainCfg = batches().withShuffle(true).withBatchSize(cfg.batchSize());
        ImageDataSetIterator testIt = new ImageDataSetIterator(test, batches().withShuffle(false).withBatchSize(cfg.testBatchSize()));
        Model model = model(cfg.seed(), cfg.dataFormat());
        rec.note("model", model.description());
        rec.note("optimizer", "Adadelta(lr " + ConfigBinder.text(cfg.lr()) + ", rho 0.9, eps 1e-6), lr x" + ConfigBinder.text(cfg.lrGamma())
                + " every " + cfg.lrStep() + " epoch(s) (PyTorch's Adadelta + StepLR)");
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        Trainer trainer = new Trainer(cfg.trainer()).workers(cfg.workers()).checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        rec.truncateEpochs(m.epoch() - 1);
                        rec.addEpoch(m.toMap());
                    }
                });
        List<EpochMetrics> history;
        try (AutoCloseable threads = NativeThreads.use(cfg.threads())) {
            rec.note("native_threads", NativeThreads.describe() + " (per worker), " + cfg.workers() + " worker(s)");
            history = trainer.fit(model, epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)), testIt);
        }
        rec.truncateEpochs(0); // the trainer's history includes the epochs restored from a checkpoint
        history.forEach(m -> rec.addEpoch(m.toMap()));
        if (trainer.executionPath() != null) {
            rec.note("execution_path", trainer.executionPath().toString());
        }

        // the trainer evaluated the final weights after the last epoch (a resumed run restores that evaluation)
        Evaluation ev = history.get(history.size() - 1).test();
        model.save(rec.file("convolution.model"));
        List<ConvolutionFigures.Mistake> mistakes = mistakes(model, test, cfg);
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        double samplesPerSecond = history.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0);
        rec.putFinal("test_accuracy", ev.accuracy());
        rec.putFinal("test_error_percent", 100 * (1 - ev.accuracy()));
        rec.putFinal("test_loss", ev.loss());
        long wrong = 0;
        for (int i = 0; i < ev.confusion().length; i++) {
            for (int j = 0; j < ev.confusion()[i].length; j++) {
                wrong += i == j ? 0 : ev.confusion()[i][j];
            }
        }
        rec.putFinal("test_errors", wrong);
        rec.putFinal("epochs", history.size());
        rec.putFinal("train_seconds", trainSeconds);
        rec.putFinal("seconds_per_epoch", trainSeconds / history.size());
        rec.putFinal("train_samples_per_s", samplesPerSecond);
        rec.putFinal("per_class_accuracy", ev.perClassAccuracy());
        rec.putFinal("confusion_matrix", ev.confusion());

        Path fig = rec.figuresDir();
        ConvolutionFigures.confusion(fig.resolve("confusion.png"), ev.confusion());
        ConvolutionFigures.filters(fig.resolve("filters.png"), firstLayerFilters(model, cfg.dataFormat()));
        ConvolutionFigures.misclassified(fig.resolve("misclassified.png"), mistakes);

        return String.format(Locale.ROOT, """
                Convolution example (pytorch/examples mnist) on MNIST (%s)
                  epochs            %d (batch-size %d, Adadelta lr %s x%s every %d epoch(s))
                  test accuracy     %.2f%%  (error %.2f%%, %d of %d digits; pytorch/examples reports about 99%%)
                  test loss         %.4f
                  training time     %.0f s (%.1f s per epoch, %.0f samples/s)%s
                  run directory     %s
                %s""", train.source(), history.size(), cfg.batchSize(), ConfigBinder.text(cfg.lr()), ConfigBinder.text(cfg.lrGamma()),
                cfg.lrStep(), 100 * ev.accuracy(), 100 * (1 - ev.accuracy()), wrong, test.size(),
                ev.loss(), trainSeconds, trainSeconds / history.size(), samplesPerSecond,
                trainer.executionPath() == null ? "" : "; steps " + trainer.executionPath(), rec.dir(), ev.confusionTable());
    }

    /** conv1's 32 kernels, one row of 9 (kernel row, column) per output channel; ours is stored {@code [3, 3, 1, 32]}. */
    static double[][] firstLayerFilters(Model model, DataFormat format) {
        INDArray w = model.stateDict().get(ConvolutionNet.torchNames(format).get("conv1.weight")).castTo(DataType.DOUBLE);
        return w.permute(3, 2, 0, 1).dup('c').reshape(w.size(3), w.size(0) * w.size(1)).toDoubleMatrix();
    }

    /** The first {@code cfg.misclassified()} test digits (in file order) that the model gets wrong. */
    static List<ConvolutionFigures.Mistake> mistakes(Model model, LabeledImages test, ConvolutionConfig cfg) {
        List<ConvolutionFigures.Mistake> out = new ArrayList<>();
        if (cfg.misclassified() == 0) {
            return out;
        }
        ImageDataSetIterator it = new ImageDataSetIterator(test, batches().withShuffle(false).withBatchSize(cfg.testBatchSize()));
        int offset = 0;
        while (it.hasNext() && out.size() < cfg.misclassified()) {
            DataSet ds = it.next();
            INDArray x = ds.getFeatures();
            int[] predicted = Nd4j.argMax(model.predict(x), 1).toIntVector();
            for (int i = 0; i < predicted.length && out.size() < cfg.misclassified(); i++) {
                int actual = test.label(offset + i);
                if (predicted[i] != actual) {
                    out.add(new ConvolutionFigures.Mistake(offset + i, test.images().imageAsUnitFloats(offset + i), actual, predicted[i]));
                }
            }
            offset += predicted.length;
        }
        return out;
    }
}
