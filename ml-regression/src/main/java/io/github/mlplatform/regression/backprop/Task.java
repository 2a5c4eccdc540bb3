package io.github.mlplatform.regression.backprop;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The ideal functions of seed 003's learning bench, each from {@code R²} to {@code R²}, for inputs
 * drawn from the standard normal distribution ({@link NNBench#facts}).
 */
public enum Task {
    /** {@code v ↦ v}: the bench's default ideal ({@code ideal=lambda x:x}). */
    IDENTITY(v -> new double[]{v[0], v[1]}),
    /** {@code v ↦ (v₁, v₀)}: the seed's {@code lambda v: np.array([v[1], v[0]])}. */
    SWAP(v -> new double[]{v[1], v[0]}),
    /**
     * {@code v ↦ (−v₁, v₀)}, a quarter turn: not in the seed. Its matrix is antisymmetric, so
     * {@code M} and {@code Mᵀ} differ most, which makes it the task that shows what the seed's
     * {@code M·δ} does to a hidden layer.
     */
    ROTATE(v -> new double[]{-v[1], v[0]}),
    /** {@code v ↦ ((v₀ − v₁)², 0)}: the seed's {@code lambda v: [(v[0]-v[1])**2, 0]}, for the squaring map layer. */
    SQUARED_DIFFERENCE(v -> new double[]{(v[0] - v[1]) * (v[0] - v[1]), 0}),
    /**
     * XOR of the signs, coded ±1 in both outputs: {@code s = +1} if exactly one of {@code v₀, v₁} is
     * positive, else {@code −1}, and {@code v ↦ (s, −s)}. The seed set up XOR without an ideal; the
     * two-output coding keeps every task {@code R² → R²}, so the seed's square-only affine layer can
     * run on it too.
     */
    XOR(v -> {
        double s = (v[0] > 0) != (v[1] > 0) ? 1 : -1;
        return new double[]{s, -s};
    });

    private final UnaryOperator<double[]> ideal;

    Task(UnaryOperator<double[]> ideal) {
        this.ideal = ideal;
    }

    /** The ideal output for a 2-vector. */
    public double[] ideal(double[] v) {
        Layer.requireLength(v, 2, "input", "task " + key());
        return ideal.apply(v);
    }

    /** The name used in configs and tables, lower case with dashes (e.g. {@code squared-difference}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
