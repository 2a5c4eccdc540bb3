package io.github.mlplatform.regression.gradient;

/**
 * Settings of gradient training of a one-layer model.
 *
 * @param epochs        passes over the data, {@code >= 1}
 * @param learningRate  step size {@code lr} of {@code w −= lr·∂loss/∂w}, {@code > 0}
 * @param batchSize     examples per step (mini-batch modes; full-batch ignores it), {@code >= 1}
 * @param shuffle       reshuffle the data each epoch (the seed's DataLoaders do not)
 * @param seed          seed of the shuffling (and of random initial weights when {@code zeroInit} is false)
 * @param initialWeight value of every weight at epoch 0
 * @param initialBias   value of every bias at epoch 0
 * @param lrDecay       the learning rate of epoch e (0-based) is {@code learningRate·lrDecay^e}; 1 keeps it
 *                      constant (the seed). With a constant rate, mini-batch SGD ends in a cycle around the
 *                      optimum whose size is proportional to the rate; a decaying rate lets it settle.
 */
public record GradientConfig(int epochs, double learningRate, int batchSize, boolean shuffle, long seed, double initialWeight,
                             double initialBias, double lrDecay) {

    public GradientConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected >= 1, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate: expected a finite value > 0, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        if (!Double.isFinite(initialWeight) || !Double.isFinite(initialBias)) {
            throw new IllegalArgumentException("initialWeight/initialBias: expected finite values, got " + initialWeight + ", " + initialBias);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lrDecay: expected a factor in (0, 1], got " + lrDecay);
        }
    }

    /** A constant learning rate ({@code lrDecay = 1}). */
    public GradientConfig(int epochs, double learningRate, int batchSize, boolean shuffle, long seed, double initialWeight,
                          double initialBias) {
        this(epochs, learningRate, batchSize, shuffle, seed, initialWeight, initialBias, 1);
    }

    /** The learning rate in force during epoch {@code epoch} (0-based). */
    public double learningRate(int epoch) {
        return lrDecay == 1 ? learningRate : learningRate * Math.pow(lrDecay, epoch);
    }

    /** The seed's linear regression: 4 epochs, lr 1e-4, batch 20, no shuffling, w = b = 0 at the start. */
    public static GradientConfig linearSeed() {
        return new GradientConfig(4, 1e-4, 20, false, 0, 0, 0);
    }

    /**
     * The seed's logistic regression in 1-D ({@code LogReg_PyTorch.py}): SGD lr 2, batch 20, 1000
     * epochs, no shuffling, w = −0.1 and b = 0.5 at the start (its script sets
     * {@code linear.weight = -0.1}, {@code linear.bias = 0.5}).
     */
    public static GradientConfig logisticSeed() {
        return new GradientConfig(1000, 2.0, 20, false, 0, -0.1, 0.5);
    }

    /**
     * Softmax regression on the argmax example (the seed gives no training values): 300 epochs,
     * lr 0.1, batch 20, zeros at the start, batches in data order (the points are drawn in random
     * order already, and a fixed order lets the PyTorch reference take the same steps).
     */
    public static GradientConfig softmaxArgmax() {
        return new GradientConfig(300, 0.1, 20, false, 0, 0, 0);
    }

    public GradientConfig withEpochs(int e) {
        return new GradientConfig(e, learningRate, batchSize, shuffle, seed, initialWeight, initialBias, lrDecay);
    }

    public GradientConfig withLearningRate(double lr) {
        return new GradientConfig(epochs, lr, batchSize, shuffle, seed, initialWeight, initialBias, lrDecay);
    }

    public GradientConfig withBatchSize(int b) {
        return new GradientConfig(epochs, learningRate, b, shuffle, seed, initialWeight, initialBias, lrDecay);
    }

    public GradientConfig withShuffle(boolean s) {
        return new GradientConfig(epochs, learningRate, batchSize, s, seed, initialWeight, initialBias, lrDecay);
    }

    public GradientConfig withInitial(double weight, double bias) {
        return new GradientConfig(epochs, learningRate, batchSize, shuffle, seed, weight, bias, lrDecay);
    }

    public GradientConfig withLrDecay(double d) {
        return new GradientConfig(epochs, learningRate, batchSize, shuffle, seed, initialWeight, initialBias, d);
    }

    public GradientConfig withSeed(long s) {
        return new GradientConfig(epochs, learningRate, batchSize, shuffle, s, initialWeight, initialBias, lrDecay);
    }
}
