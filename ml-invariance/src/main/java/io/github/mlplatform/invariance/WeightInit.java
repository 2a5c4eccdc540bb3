package io.github.mlplatform.invariance;

import java.util.SplittableRandom;

/**
 * Seeded initial weights, shared by every implementation so that they start from identical
 * numbers: W (sparse, N x M) from U(0, initMax) first, then U (invariant, K x N) from U(0, initMax),
 * both from one {@link SplittableRandom}. Each value is rounded to float32, so FLOAT and DOUBLE
 * layers start bit-identical too.
 */
public final class WeightInit {

    private WeightInit() {
    }

    /** Initial weights of both layers from {@code seed}: W then U from one stream. */
    public static DenseMatrix[] initial(MwtaConfig sparse, EmaInvariantConfig invariant, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DenseMatrix w = uniform(rng, sparse.neurons(), sparse.inputs(), sparse.initMax());
        DenseMatrix u = uniform(rng, invariant.neurons(), invariant.inputs(), invariant.initMax());
        return new DenseMatrix[] {w, u};
    }

    /** A rows x cols matrix of float32-representable values drawn from U(0, max). */
    public static DenseMatrix uniform(SplittableRandom rng, int rows, int cols, double max) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextDouble() * max);
        }
        return new DenseMatrix(rows, cols, d);
    }
}
