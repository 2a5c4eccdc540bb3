package io.github.mlplatform.experiments.autoencoder;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.NativeThreads;
import io.github.mlplatform.experiments.TrainingBenchmark;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.RunOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;

/**
 * {@code ml bench autoencoder}: training steps of the seed's autoencoder (MSE, Adam) on a fixed
 * synthetic batch, so data loading is not measured; reports samples/s, seconds per MNIST epoch
 * (60,000 images) and, with {@code -P profile=true}, the time of every replayed op per step.
 * Settings: {@link TrainingBenchmark.Config}.
 */
public final class AutoencoderBenchmark implements Benchmark<TrainingBenchmark.Config> {

    @Override
    public Class<TrainingBenchmark.Config> configType() {
        return TrainingBenchmark.Config.class;
    }

    @Override
    public TrainingBenchmark.Config defaults() {
        AutoencoderConfig d = AutoencoderConfig.defaults();
        return TrainingBenchmark.Config.defaults().withWorkersAndThreads(d.workers(), d.threads());
    }

    @Override
    public void run(TrainingBenchmark.Config c, RunOptions options, PrintStream out) throws Exception {
        out.println("autoencoder benchmark: batch " + c.batchSize() + ", float32, synthetic input in [0, 1], " + c.steps()
                + " Adam steps per pass, best of " + c.repeats() + ", " + c.workers() + " worker(s)");
        Nd4j.getRandom().setSeed(c.seed());
        INDArray x = Nd4j.rand(DataType.FLOAT, c.batchSize(), 1, Autoencoder.SIDE, Autoencoder.SIDE);
        Model model = Model.builder(new Autoencoder()).inputShape(1, Autoencoder.SIDE, Autoencoder.SIDE)
                .labelShape(1, Autoencoder.SIDE, Autoencoder.SIDE).loss(Loss.mse()).seed(c.seed()).build();
        try (AutoCloseable threads = NativeThreads.use(c.threads())) {
            TrainingBenchmark.measureAndPrint(out, model, AutoencoderBenchmark::adam, new DataSet(x, x), c.steps(), c.repeats(), c.workers(),
                    c.profile(), 60_000);
        }
    }

    private static Trainer adam(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers);
    }
}
