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
 */
public record LenetConfig(int epochs, int batchSize, double learningRate, int lrStepEpochs, double lrGamma, long seed, int limit) {

    /** Defaults: Adam 1e-3, batch 64, 12 epochs, learning rate ×0.3 every 4 epochs. */
    public static LenetConfig defaults(long seed) {
        return new LenetConfig(12, 64, 1e-3, 4, 0.3, seed, 0);
    }

    public TrainerConfig trainer() {
        return TrainerConfig.of(epochs, Optimizer.adam(learningRate)).withStepLr(lrStepEpochs, lrGamma);
    }
}
