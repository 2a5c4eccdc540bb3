package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.Benchmark;
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

/**
 * {@code ml bench comparative}: training steps of {@link ComparativeNet} (BCE with logits, Adam) on one
 * fixed synthetic batch of pairs {@code [batch, 2, 28, 28]} in [0, 1], half labelled same, so pair
 * assembly is not measured; reports pairs/s, seconds per epoch of 60,000 pairs and, with
 * {@code -P profile=true}, the time of every replayed op per step. Settings: {@link Config}.
 */
public final class ComparativeBenchmark implements Benchmark<ComparativeBenchmark.Config> {

    /**
     * Settings of {@code ml bench comparative}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 pairs</td><td>pairs per step</td></tr>
     * <tr><td>{@code steps}</td><td>integer</td><td>200</td><td>training steps per measured pass</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>measured passes; the best is reported</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every op per training step (needs workers=1)</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation and data seed</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "pairs per step", unit = "pairs") int batchSize,
            @Param(doc = "training steps per measured pass") int steps,
            @Param(doc = "measured passes; the best is reported") int repeats,
            @Param(doc = "data-parallel training threads", defaultText = "cores, at most 2") int workers,
            @Param(doc = "print the time of every op per training step (needs workers=1)") boolean profile,
            @Param(doc = "initialisation and data seed") long seed) {

        public Config {
            Check.atLeast(batchSize, 1, "batch-size");
            Check.atLeast(steps, 1, "steps");
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
        return new Config(64, 200, 3, LenetConfig.defaultWorkers(), false, 42);
    }

    @Override
    public void run(Config c, RunOptions options, PrintStream out) throws Exception {
        out.println("comparative benchmark: batch " + c.batchSize() + " pairs, float32, synthetic pairs in [0, 1], " + c.steps()
                + " Adam steps per pass, best of " + c.repeats() + ", " + c.workers() + " worker(s)");
        Nd4j.getRandom().setSeed(c.seed());
        INDArray x = Nd4j.rand(DataType.FLOAT, c.batchSize(), 2, ComparativeNet.SIDE, ComparativeNet.SIDE);
        INDArray y = Nd4j.zeros(DataType.FLOAT, c.batchSize(), 1);
        for (int i = 0; i < c.batchSize(); i += 2) {
            y.putScalar(i, 0, 1);
        }
        Model model = Model.builder(new ComparativeNet()).inputShape(2, ComparativeNet.SIDE, ComparativeNet.SIDE).labelShape(1)
                .loss(Loss.bceFromLogits()).seed(c.seed()).build();
        TrainingBenchmark.measureAndPrint(out, model, ComparativeBenchmark::adam, new DataSet(x, y), c.steps(), c.repeats(), c.workers(),
                c.profile(), 60_000);
    }

    private static Trainer adam(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers);
    }
}
