package io.github.mlplatform.experiments.attention;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.TrainingBenchmark;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ml bench self-attention}: training steps of {@link AttentionNet} (cross-entropy, Adam) on a
 * fixed synthetic batch, so data loading is not measured; reports samples/s, seconds per MNIST epoch
 * (60,000 images) and, with {@code -P profile=true}, the time of every replayed op per step (where
 * the attention's batched products and softmax stand). Settings: {@link Config}.
 */
public final class AttentionBenchmark implements Benchmark<AttentionBenchmark.Config> {

    /**
     * Settings of {@code ml bench self-attention}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>images per step</td></tr>
     * <tr><td>{@code image-size}</td><td>integer</td><td>14 pixels</td><td>image side the tokens come from: 28 or 14</td></tr>
     * <tr><td>{@code layers}</td><td>integer</td><td>2</td><td>attention layers (0 = the baseline without attention)</td></tr>
     * <tr><td>{@code steps}</td><td>integer</td><td>50</td><td>training steps per measured pass</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>measured passes; the best is reported</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every op per training step (needs workers=1)</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation and data seed</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "images per step", unit = "images") int batchSize,
            @Param(doc = "image side the tokens come from: 28 or 14", unit = "pixels") int imageSize,
            @Param(doc = "attention layers (0 = the baseline without attention)") int layers,
            @Param(doc = "training steps per measured pass") int steps,
            @Param(doc = "measured passes; the best is reported") int repeats,
            @Param(doc = "data-parallel training threads", defaultText = "cores, at most 2") int workers,
            @Param(doc = "print the time of every op per training step (needs workers=1)") boolean profile,
            @Param(doc = "initialisation and data seed") long seed) {

        public Config {
            Check.between(batchSize, 1, 1024, "batch-size"); // [batch, heads, T, T] scores: 5 GB at 1024 x 2 x 784^2
            Check.that(imageSize == 28 || imageSize == 14, "image-size", "must be 28 or 14");
            Check.that(layers >= 0 && layers <= 16, "layers", "must be in 0..16");
            Check.between(steps, 1, 1_000_000, "steps");
            Check.atLeast(repeats, 1, "repeats");
            Check.atLeast(workers, 1, "workers");
            Check.that(!profile || workers == 1, "profile", "needs -P workers=1 (only the main graph is profiled)");
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaults() {
        return new Config(64, 14, 2, 50, 3, LenetConfig.defaultWorkers(), false, 42);
    }

    @Override
    public void run(Config c, RunOptions options, PrintStream out) throws Exception {
        String omp = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        AttentionConfig d = AttentionConfig.defaults();
        AttentionNet.Spec spec = new AttentionNet.Spec(c.imageSize(), d.pool(), d.width(), d.heads(), c.layers());
        out.println("self-attention benchmark: " + new AttentionNet(spec).describe() + ", batch " + c.batchSize()
                + ", float32, synthetic input in [0, 1], " + c.steps() + " Adam steps per pass, best of " + c.repeats() + ", "
                + c.workers() + " worker(s)");
        out.println("backend: " + Environment.describe().get("backend") + ", OMP_NUM_THREADS=" + omp);
        Nd4j.getRandom().setSeed(c.seed());
        INDArray x = Nd4j.rand(DataType.FLOAT, c.batchSize(), 1, AttentionNet.SIDE, AttentionNet.SIDE);
        INDArray y = Nd4j.zeros(DataType.FLOAT, c.batchSize(), AttentionNet.CLASSES);
        for (int i = 0; i < c.batchSize(); i++) {
            y.putScalar(i, i % AttentionNet.CLASSES, 1.0);
        }
        Model model = AttentionExperiment.model(spec, c.seed());
        List<DataSet> batches = TrainingBenchmark.repeated(new DataSet(x, y), c.steps());
        TrainingBenchmark.report(out, model, AttentionBenchmark::adam, c.workers(), c.repeats(), batches, c.profile(),
                String.format(Locale.ROOT, "\"batch\":%d,\"image_size\":%d,\"layers\":%d", c.batchSize(), c.imageSize(), c.layers()));
    }

    private static Trainer adam(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers);
    }
}
