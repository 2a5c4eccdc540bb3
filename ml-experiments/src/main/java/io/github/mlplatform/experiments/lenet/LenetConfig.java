package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.TrainerConfig;

/**
 * Settings of the LeNet experiment (written to the run's config.json).
 *
 * @param epochs       passes over the training set
 * @param batchSize    mini-batch size
 * @param learningRate Adam's learning rate
 * @param lrStepEpochs halve-style step schedule: multiply by {@code lrGamma} every this many epochs
 * @param lrGamma      the step factor
 * @param seed         initialisation and shuffling seed
 * @param limit        use only the first N training images (0 = all 60,000)
 * @param workers      data-parallel training threads (does not change the result beyond float rounding)
 */
public record LenetConfig(int epochs, int batchSize, double learningRate, int lrStepEpochs, double lrGamma, long seed, int limit,
                          int workers) {

    /** Defaults: Adam 1e-3, batch 64, 12 epochs, learning rate ×0.3 every 4 epochs. */
    public static LenetConfig defaults(long seed) {
        return new LenetConfig(12, 64, 1e-3, 4, 0.3, seed, 0, defaultWorkers());
    }

    /** One worker per core, at most 2 (measured best on the 2-core build machine; docs/results.md). */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public TrainerConfig trainer() {
        return TrainerConfig.of(epochs, Optimizer.adam(learningRate)).withStepLr(lrStepEpochs, lrGamma);
    }
}
