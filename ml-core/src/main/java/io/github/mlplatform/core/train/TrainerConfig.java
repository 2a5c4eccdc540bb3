package io.github.mlplatform.core.train;

/**
 * Settings of a {@link Trainer}.
 *
 * @param epochs       number of passes over the training data
 * @param optimizer    the optimizer
 * @param weightDecay  L2 penalty coefficient added to the gradient (PyTorch's {@code weight_decay})
 * @param lrStepEpochs multiply the learning rate by {@code lrGamma} every this many epochs (0 = constant)
 * @param lrGamma      the step schedule's factor
 */
public record TrainerConfig(int epochs, Optimizer optimizer, double weightDecay, int lrStepEpochs, double lrGamma) {

    public TrainerConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (lrStepEpochs < 0) {
            throw new IllegalArgumentException("lrStepEpochs must be >= 0, got " + lrStepEpochs);
        }
        if (!(lrGamma > 0)) {
            throw new IllegalArgumentException("lrGamma must be positive, got " + lrGamma);
        }
    }

    /** {@code epochs} of the given optimizer, no weight decay, constant learning rate. */
    public static TrainerConfig of(int epochs, Optimizer optimizer) {
        return new TrainerConfig(epochs, optimizer, 0, 0, 1);
    }

    public TrainerConfig withEpochs(int e) {
        return new TrainerConfig(e, optimizer, weightDecay, lrStepEpochs, lrGamma);
    }

    public TrainerConfig withWeightDecay(double wd) {
        return new TrainerConfig(epochs, optimizer, wd, lrStepEpochs, lrGamma);
    }

    public TrainerConfig withStepLr(int stepEpochs, double gamma) {
        return new TrainerConfig(epochs, optimizer, weightDecay, stepEpochs, gamma);
    }

    /** The learning rate in force during {@code epoch} (0-based). */
    public double learningRate(int epoch) {
        return lrStepEpochs == 0 ? optimizer.learningRate()
                : optimizer.learningRate() * Math.pow(lrGamma, Math.floorDiv(epoch, lrStepEpochs));
    }
}
