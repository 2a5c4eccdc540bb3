package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.experiments.NativeThreads;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.experiments.TrainingBenchmark;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ml bench convolution}: training steps of {@link ConvolutionNet} (NLL loss, Adadelta, dropout
 * on) on one fixed synthetic batch ({@code -P data=synthetic}, the default) or on the first
 * {@code steps} shuffled batches of MNIST's training set ({@code -P data=mnist}, loaded before the
 * clock starts), so data loading is not measured either way; reports samples/s, seconds per MNIST
 * epoch (60,000 images) and, with {@code -P profile=true}, the time of every replayed op per step.
 * Settings: {@link Config}.
 */
public final class ConvolutionBenchmark implements Benchmark<ConvolutionBenchmark.Config> {

    /**
     * Settings of {@code ml bench convolution}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>images per step</td></tr>
     * <tr><td>{@code steps}</td><td>integer</td><td>100</td><td>training steps per measured pass</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>measured passes; the best is reported</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>1</td><td>data-parallel training threads</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every op per training step (needs workers=1)</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>1</td><td>initialisation and data seed</td></tr>
     * <tr><td>{@code threads}</td><td>integer</td><td>cores, at most 2</td><td>OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says)</td></tr>
     * <tr><td>{@code data-format}</td><td>nchw|nhwc</td><td>nhwc</td><td>where the convolutions keep the channels (as ml run convolution -P data-format)</td></tr>
     * <tr><td>{@code data}</td><td>synthetic|mnist</td><td>synthetic</td><td>the batches: synthetic (one standard-normal batch, repeated) or mnist (the first steps batches of a shuffled MNIST training set)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "images per step", unit = "images") int batchSize,
            @Param(doc = "training steps per measured pass") int steps,
            @Param(doc = "measured passes; the best is reported") int repeats,
            @Param(doc = "data-parallel training threads", defaultText = "1") int workers,
            @Param(doc = "print the time of every op per training step (needs workers=1)") boolean profile,
            @Param(doc = "initialisation and data seed") long seed,
            @Param(doc = "OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says)",
                    defaultText = "cores, at most 2") int threads,
            @Param(doc = "where the convolutions keep the channels (as ml run convolution -P data-format)") DataFormat dataFormat,
            @Param(doc = "the batches: synthetic (one standard-normal batch, repeated) or mnist (the first steps"
                    + " batches of a shuffled MNIST training set)") Data data) {

        public Config {
            Check.atLeast(batchSize, 1, "batch-size");
            Check.atLeast(steps, 1, "steps");
            Check.atLeast(repeats, 1, "repeats");
            Check.atLeast(workers, 1, "workers");
            Check.that(!profile || workers == 1, "profile", "needs -P workers=1 (only the main graph is profiled)");
            Check.between(threads, 0, 256, "threads");
            Check.that(dataFormat != null, "data-format", "must be nhwc or nchw");
            Check.that(data != null, "data", "must be synthetic or mnist");
        }
    }

    /** What the benchmark trains on. */
    public enum Data {
        /** One batch of standard-normal images with labels 0..9 in turn, repeated every step. */
        SYNTHETIC,
        /** MNIST's training images, shuffled (seed {@code seed}), standardised as the experiment does. */
        MNIST
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaults() {
        ConvolutionConfig d = ConvolutionConfig.defaults();
        return new Config(64, 100, 3, d.workers(), false, 1, d.threads(), d.dataFormat(), Data.SYNTHETIC);
    }

    @Override
    public void run(Config c, RunOptions options, PrintStream out) throws Exception {
        List<DataSet> batches = c.data() == Data.MNIST ? mnistBatches(c, options) : syntheticBatches(c);
        out.println("convolution benchmark: pytorch/examples MNIST convnet (" + c.dataFormat() + "), batch " + c.batchSize()
                + ", float32, " + (c.data() == Data.MNIST ? "MNIST batches" : "synthetic input") + ", " + c.steps()
                + " Adadelta steps per pass, best of " + c.repeats() + ", " + c.workers() + " worker(s)");
        try (AutoCloseable threads = NativeThreads.use(c.threads())) {
            TrainingBenchmark.printBackend(out);
            TrainingBenchmark.report(out, ConvolutionExperiment.model(c.seed(), c.dataFormat()), ConvolutionBenchmark::trainer,
                    c.workers(), c.repeats(), batches, c.profile(), "\"batch\":" + c.batchSize() + ",\"data\":\""
                            + ConfigBinder.enumText(c.data()) + "\",\"data_format\":\"" + c.dataFormat() + "\"");
        }
    }

    private static List<DataSet> syntheticBatches(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray x = Nd4j.randn(DataType.FLOAT, c.batchSize(), 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, c.batchSize(), 10);
        for (int i = 0; i < c.batchSize(); i++) {
            y.putScalar(i, i % 10, 1);
        }
        return TrainingBenchmark.repeated(new DataSet(x, y), c.steps());
    }

    /**
     * The first {@code steps} full batches of the shuffled MNIST training set (the experiment's
     * standardisation), fewer if the set is smaller.
     *
     * @throws IllegalArgumentException if not even one full batch can be made
     */
    private static List<DataSet> mnistBatches(Config c, RunOptions options) throws java.io.IOException {
        LabeledImages train = LenetExperiment.mnist(options, true, 0);
        ImageDataSetIterator it = new ImageDataSetIterator(train,
                ConvolutionExperiment.batches().withShuffle(true).withBatchSize(c.batchSize()).withSeed(c.seed()));
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext() && out.size() < c.steps()) {
            DataSet ds = it.next();
            if (ds.getFeatures().size(0) == c.batchSize()) {
                out.add(ds);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("data=mnist: " + train.source() + " has " + train.size()
                    + " images, fewer than one batch of " + c.batchSize());
        }
        return out;
    }

    private static Trainer trainer(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.adadelta(1.0))).workers(workers);
    }


}
