package io.github.mlplatform.regression.data;

/**
 * The seed's {@code NoisyBinaryData(N=100, x0=-3, x1=5, stdDev=2)}: each point is, with probability
 * 1/2 each, class 0 drawn from {@code N(x0, stdDev²)} or class 1 drawn from {@code N(x1, stdDev²)}.
 *
 * @param n      number of points, at least 2
 * @param x0     mean of class 0
 * @param x1     mean of class 1
 * @param stdDev standard deviation of both classes, {@code > 0}
 * @param seed   seed of the draws
 */
public record NoisyBinaryConfig(int n, double x0, double x1, double stdDev, long seed) {

    public NoisyBinaryConfig {
        if (n < 2) {
            throw new IllegalArgumentException("n: expected at least 2 points, got " + n);
        }
        if (!(stdDev > 0) || !Double.isFinite(stdDev)) {
            throw new IllegalArgumentException("stdDev: expected a finite value > 0, got " + stdDev);
        }
        if (!Double.isFinite(x0) || !Double.isFinite(x1)) {
            throw new IllegalArgumentException("x0/x1: expected finite means, got " + x0 + ", " + x1);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed: expected 0 <= seed < 2^32 (NumPy's np.random.seed range), got " + seed);
        }
    }

    /** The seed's values: 100 points, means −3 and 5, σ = 2. */
    public static NoisyBinaryConfig defaults(long seed) {
        return new NoisyBinaryConfig(100, -3, 5, 2, seed);
    }

    public NoisyBinaryConfig withN(int newN) {
        return new NoisyBinaryConfig(newN, x0, x1, stdDev, seed);
    }
}
