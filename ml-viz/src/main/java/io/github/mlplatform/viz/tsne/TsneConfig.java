package io.github.mlplatform.viz.tsne;

/**
 * Hyper-parameters of Barnes-Hut t-SNE. Defaults follow van der Maaten's reference
 * implementation (bhtsne) and the seeds' use (scikit-learn's TSNE defaults for the autoencoder's
 * codes), with the learning rate of Belkina et al. (2019).
 *
 * @param perplexity             effective number of neighbours (30); affinities use the
 *                               {@code 3 * perplexity} nearest neighbours
 * @param theta                  Barnes-Hut accuracy (0.5): a quadtree cell of half width h at
 *                               distance d is summarised when {@code h / d < theta} (bhtsne's
 *                               convention); 0 = exact
 * @param iterations             gradient-descent iterations in total (1000)
 * @param earlyExaggeration      factor on P during the first iterations (12)
 * @param exaggerationIterations iterations with early exaggeration (250)
 * @param momentumStart          momentum before {@code momentumSwitch} (0.5)
 * @param momentumFinal          momentum afterwards (0.8)
 * @param momentumSwitch         iteration at which the momentum changes (250)
 * @param learningRate           step size; NaN = {@code max(200, n / 12)}
 * @param minGain                lower bound of the per-coordinate gains (0.01)
 * @param pcaDimensions          input with more columns is first reduced to this many principal
 *                               components (50); 0 = never
 * @param pcaInit                start from the first two principal components scaled to
 *                               standard deviation 1e-4 instead of Gaussian noise of that size
 * @param seed                   seed of every random choice (initial positions, PCA)
 * @param threads                worker threads; 0 = all available processors
 * @param costEvery              log the KL divergence every this many iterations (50)
 */
public record TsneConfig(double perplexity, double theta, int iterations, double earlyExaggeration,
                         int exaggerationIterations, double momentumStart, double momentumFinal, int momentumSwitch,
                         double learningRate, double minGain, int pcaDimensions, boolean pcaInit, long seed,
                         int threads, int costEvery) {

    public TsneConfig {
        if (!(perplexity > 1)) {
            throw new IllegalArgumentException("TsneConfig.perplexity: expected > 1, got " + perplexity);
        }
        if (!(theta >= 0 && theta <= 1.5)) {
            throw new IllegalArgumentException("TsneConfig.theta: expected 0..1.5, got " + theta);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("TsneConfig.iterations: expected >= 1, got " + iterations);
        }
        if (!(earlyExaggeration >= 1)) {
            throw new IllegalArgumentException("TsneConfig.earlyExaggeration: expected >= 1, got " + earlyExaggeration);
        }
        if (exaggerationIterations < 0 || momentumSwitch < 0) {
            throw new IllegalArgumentException("TsneConfig: exaggerationIterations and momentumSwitch must be >= 0");
        }
        if (!(momentumStart >= 0 && momentumStart < 1 && momentumFinal >= 0 && momentumFinal < 1)) {
            throw new IllegalArgumentException("TsneConfig: momenta must be in [0, 1), got " + momentumStart + ", " + momentumFinal);
        }
        if (!Double.isNaN(learningRate) && !(learningRate > 0)) {
            throw new IllegalArgumentException("TsneConfig.learningRate: expected > 0 or NaN (auto), got " + learningRate);
        }
        if (!(minGain > 0)) {
            throw new IllegalArgumentException("TsneConfig.minGain: expected > 0, got " + minGain);
        }
        if (pcaDimensions < 0) {
            throw new IllegalArgumentException("TsneConfig.pcaDimensions: expected >= 0, got " + pcaDimensions);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("TsneConfig.threads: expected >= 0, got " + threads);
        }
        if (costEvery < 1) {
            throw new IllegalArgumentException("TsneConfig.costEvery: expected >= 1, got " + costEvery);
        }
    }

    /** perplexity 30, theta 0.5, 1000 iterations, exaggeration 12 for 250, momentum 0.5 -> 0.8, auto rate, PCA to 50, seed 42. */
    public static TsneConfig defaults() {
        return new TsneConfig(30, 0.5, 1000, 12, 250, 0.5, 0.8, 250, Double.NaN, 0.01, 50, false, 42L, 0, 50);
    }

    public TsneConfig withPerplexity(double p) {
        return new TsneConfig(p, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, pcaInit, seed, threads, costEvery);
    }

    public TsneConfig withTheta(double t) {
        return new TsneConfig(perplexity, t, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, pcaInit, seed, threads, costEvery);
    }

    public TsneConfig withIterations(int n) {
        return new TsneConfig(perplexity, theta, n, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, pcaInit, seed, threads, costEvery);
    }

    public TsneConfig withSeed(long s) {
        return new TsneConfig(perplexity, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, pcaInit, s, threads, costEvery);
    }

    public TsneConfig withThreads(int t) {
        return new TsneConfig(perplexity, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, pcaInit, seed, t, costEvery);
    }

    public TsneConfig withPcaDimensions(int d) {
        return new TsneConfig(perplexity, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, d, pcaInit, seed, threads, costEvery);
    }

    public TsneConfig withPcaInit(boolean on) {
        return new TsneConfig(perplexity, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, learningRate, minGain, pcaDimensions, on, seed, threads, costEvery);
    }

    public TsneConfig withLearningRate(double r) {
        return new TsneConfig(perplexity, theta, iterations, earlyExaggeration, exaggerationIterations, momentumStart,
                momentumFinal, momentumSwitch, r, minGain, pcaDimensions, pcaInit, seed, threads, costEvery);
    }

    /** The learning rate for n points: the configured one, or {@code max(200, n / 12)}. */
    public double learningRateFor(int n) {
        return Double.isNaN(learningRate) ? Math.max(200.0, n / 12.0) : learningRate;
    }

    /** The number of neighbours used for the affinities: {@code min(n - 1, floor(3 * perplexity))}. */
    public int neighboursFor(int n) {
        return (int) Math.min(n - 1L, (long) Math.floor(3 * perplexity));
    }
}
