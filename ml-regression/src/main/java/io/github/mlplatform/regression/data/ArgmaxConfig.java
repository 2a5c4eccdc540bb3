package io.github.mlplatform.regression.data;

/**
 * Points for the seed's argmax example: {@code x} uniform on {@code [low, high]}, labelled by
 * {@link SyntheticData#argmaxClass(double)} (class 0 for x &lt; −1, 1 for −1 &lt; x &lt; 2, 2 for x &gt; 2).
 * The seed gives only the three functions and evaluates them at −5, 1 and 4; the range [−5, 5]
 * covers those points, and 300 points are an assumption of this module.
 *
 * @param n    number of points, at least 3
 * @param low  smallest x
 * @param high largest x, greater than low
 * @param seed {@code np.random.seed} of the draws (0 … 2^32 − 1)
 */
public record ArgmaxConfig(int n, double low, double high, long seed) {

    public ArgmaxConfig {
        if (n < 3) {
            throw new IllegalArgumentException("n: expected at least 3 points, got " + n);
        }
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("low/high: expected finite low < high, got " + low + ", " + high);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed: expected 0 <= seed < 2^32 (NumPy's np.random.seed range), got " + seed);
        }
    }

    /** 300 points on [−5, 5]. */
    public static ArgmaxConfig defaults(long seed) {
        return new ArgmaxConfig(300, -5, 5, seed);
    }
}
