package io.github.mlplatform.core.module;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Creates the initial value of a parameter from its shape and a seeded random source. The
 * factories reproduce PyTorch's defaults, so a ported network starts from the same distribution.
 */
@FunctionalInterface
public interface Initializer {

    /** Fills a new array of {@code shape} and {@code dataType}, drawing randomness only from {@code rng}. */
    INDArray init(long[] shape, DataType dataType, SplittableRandom rng);

    /** All zeros. */
    static Initializer zeros() {
        return (shape, dt, rng) -> Nd4j.zeros(dt, shape);
    }

    /** All ones. */
    static Initializer ones() {
        return (shape, dt, rng) -> Nd4j.ones(dt, shape);
    }

    /** Every element equal to {@code value}. */
    static Initializer constant(double value) {
        return (shape, dt, rng) -> Nd4j.zeros(dt, shape).addi(value);
    }

    /** Independent draws from U(low, high). */
    static Initializer uniform(double low, double high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("uniform initializer needs low < high, got [" + low + ", " + high + ")");
        }
        return (shape, dt, rng) -> fill(shape, dt, n -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = low + (high - low) * rng.nextDouble();
            }
            return v;
        });
    }

    /** Independent draws from N(mean, std²). */
    static Initializer normal(double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal initializer needs std >= 0, got " + std);
        }
        return (shape, dt, rng) -> fill(shape, dt, n -> {
            java.util.Random gauss = new java.util.Random(rng.nextLong());
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = mean + std * gauss.nextGaussian();
            }
            return v;
        });
    }

    /**
     * PyTorch's default for {@code Linear}/{@code Conv} weights and biases: U(−1/√fanIn, 1/√fanIn)
     * (kaiming_uniform with a = √5 gives exactly this bound).
     */
    static Initializer fanInUniform(long fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fanIn must be positive, got " + fanIn);
        }
        double bound = 1.0 / Math.sqrt(fanIn);
        return uniform(-bound, bound);
    }

    private static INDArray fill(long[] shape, DataType dt, java.util.function.IntFunction<double[]> values) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter too large to initialise: " + n + " elements");
        }
        return Nd4j.create(values.apply((int) n), shape, 'c').castTo(dt);
    }
}
