package io.github.mlplatform.regression.data;

/**
 * The seed's {@code noisyLineData(N=100, slope=3, intercept=2, stdDev=100)}:
 * {@code x = linspace(xMin, xMax, n)}, {@code y = slope·x + intercept + ε}, {@code ε ~ N(0, stdDev²)}.
 * (The seed's scripts use slope 2, intercept 3, stdDev 50; its README, followed here, 3, 2, 100.)
 *
 * @param n         number of points, at least 2
 * @param slope     true slope
 * @param intercept true intercept
 * @param stdDev    standard deviation of the Gaussian noise, {@code >= 0}
 * @param xMin      first x (the seed's −100)
 * @param xMax      last x (the seed's 100), greater than xMin
 * @param seed      seed of the noise, {@code np.random.seed(seed)} (0 … 2^32 − 1)
 */
public record NoisyLineConfig(int n, double slope, double intercept, double stdDev, double xMin, double xMax, long seed) {

    public NoisyLineConfig {
        if (n < 2) {
            throw new IllegalArgumentException("n: expected at least 2 points, got " + n);
        }
        if (!(stdDev >= 0) || !Double.isFinite(stdDev)) {
            throw new IllegalArgumentException("stdDev: expected a finite value >= 0, got " + stdDev);
        }
        if (!(xMax > xMin) || !Double.isFinite(xMin) || !Double.isFinite(xMax)) {
            throw new IllegalArgumentException("xMin/xMax: expected finite xMin < xMax, got " + xMin + ", " + xMax);
        }
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("slope/intercept: expected finite numbers, got " + slope + ", " + intercept);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed: expected 0 <= seed < 2^32 (NumPy's np.random.seed range), got " + seed);
        }
    }

    /** The seed's values: 100 points on [−100, 100], slope 3, intercept 2, noise σ = 100. */
    public static NoisyLineConfig defaults(long seed) {
        return new NoisyLineConfig(100, 3, 2, 100, -100, 100, seed);
    }

    public NoisyLineConfig withN(int newN) {
        return new NoisyLineConfig(newN, slope, intercept, stdDev, xMin, xMax, seed);
    }

    public NoisyLineConfig withStdDev(double s) {
        return new NoisyLineConfig(n, slope, intercept, s, xMin, xMax, seed);
    }
}
