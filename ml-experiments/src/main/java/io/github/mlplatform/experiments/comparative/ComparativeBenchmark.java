package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.NativeThreads;
import io.github.mlplatform.experiments.TrainingBenchmark;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;

/**
 * {@code ml bench comparative}: training steps of {@link ComparativeNet} (BCE with logits, Adam) on one
 * fixed synthetic batch of pairs {@code [batch, 2, 28, 28]} in [0, 1], half labelled same, so pair
 * assembly is not measured; reports pairs/s, seconds per epoch of 60,000 pairs and, with
 * {@code -P profile=true}, the time of every replayed op per step. Settings: {@link TrainingBenchmark.Config}.
 */
public final class ComparativeBenchmark implements Benchmark<TrainingBenchmark.Config> {

    @Override
    public Class<TrainingBenchmark.Config> configType() {
        return TrainingBenchmark.Config.class;
    }

    @Override
    public TrainingBenchmark.Config defaults() {
        return TrainingBenchmark.Config.defaults();
    }

    @Override
    public void run(TrainingBenchmark.Config c, RunOptions options, PrintStream out) throws Exception {
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
        try (AutoCloseable threads = NativeThreads.use(c.threads())) {
            TrainingBenchmark.measureAndPrint(out, model, ComparativeBenchmark::adam, new DataSet(x, y), c.steps(), c.repeats(), c.workers(),
                    c.profile(), 60_000);
        }
    }

    private static Trainer adam(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers);
    }
}
