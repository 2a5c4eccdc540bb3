package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.regression.data.NumpyRandom;

/**
 * The fully connected layer with offsets, {@code y = M·x + b} (seed 003's {@code AffinityLayer}):
 * input {@code x ∈ Rⁿ}, output {@code y ∈ Rᵐ}, {@code M} is {@code m × n}.
 *
 * <p>Backward pass, with {@code δ = ∂E/∂y}:
 * {@code ∂E/∂x = Mᵀ·δ}, {@code ∂E/∂M = δ·xᵀ} (outer product), {@code ∂E/∂b = δ}.
 * The seed returned {@code M·δ} (its notebook asks "left-multiply or right-multiply?"): that is the
 * chain rule only when {@code M} is symmetric, and not even defined when {@code m ≠ n}. It is kept as
 * {@link InputGradient#SEED_UNTRANSPOSED} so that the difference can be shown; note that it changes
 * nothing when the affine layer is the network's first layer, because the first layer's input
 * gradient is discarded — which is every network of the seed's notebook.
 *
 * <p>Parameters ({@link #parameters()}): {@code M} row by row, then {@code b}; {@code m·n + m} values.
 */
public final class AffineLayer implements Layer {

    /** Which input gradient {@link #backprop} returns. */
    public enum InputGradient {
        /** {@code Mᵀ·δ}: the chain rule (the default). */
        TRANSPOSED,
        /** {@code M·δ}: seed 003 as written; needs a square {@code M}. */
        SEED_UNTRANSPOSED
    }

    private final int n;
    private final int m;
    private final double[][] weights;
    private final double[] bias;
    private final InputGradient inputGradient;
    private double[] input;

    /**
     * A layer from {@code n} inputs to {@code m} outputs with every parameter drawn from the standard
     * normal distribution, {@code M} row by row then {@code b}, as the seed's
     * {@code randomize()} ({@code np.random.randn}) draws them from the same generator.
     *
     * @throws IllegalArgumentException if {@code n} or {@code m} is not positive, or if
     *                                  {@code SEED_UNTRANSPOSED} is asked for a non-square layer
     */
    public AffineLayer(int n, int m, NumpyRandom random, InputGradient inputGradient) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("affine: sizes must be positive, got n=" + n + " inputs, m=" + m + " outputs");
        }
        if (inputGradient == InputGradient.SEED_UNTRANSPOSED && n != m) {
            throw new IllegalArgumentException("affine(" + n + "→" + m + "): the seed's input gradient M·δ needs a square M"
                    + " (n == m), got n=" + n + ", m=" + m + "; use InputGradient.TRANSPOSED");
        }
        this.n = n;
        this.m = m;
        this.weights = new double[m][n];
        this.bias = new double[m];
        this.inputGradient = inputGradient;
        randomize(random);
    }

    /** {@link #AffineLayer(int, int, NumpyRandom, InputGradient)} with the correct gradient {@code Mᵀ·δ}. */
    public AffineLayer(int n, int m, NumpyRandom random) {
        this(n, m, random, InputGradient.TRANSPOSED);
    }

    private AffineLayer(AffineLayer other) {
        this.n = other.n;
        this.m = other.m;
        this.weights = new double[m][];
        for (int i = 0; i < m; i++) {
            this.weights[i] = other.weights[i].clone();
        }
        this.bias = other.bias.clone();
        this.inputGradient = other.inputGradient;
        this.input = other.input == null ? null : other.input.clone();
    }

    /** Draws every parameter again from the standard normal distribution ({@code M} row by row, then {@code b}). */
    public void randomize(NumpyRandom random) {
        for (double[] row : weights) {
            for (int j = 0; j < n; j++) {
                row[j] = random.gauss();
            }
        }
        for (int i = 0; i < m; i++) {
            bias[i] = random.gauss();
        }
    }

    @Override
    public double[] forward(double[] x) {
        Layer.requireLength(x, n, "input", name());
        input = x.clone();
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double s = bias[i];
            double[] row = weights[i];
            for (int j = 0; j < n; j++) {
                s += row[j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    @Override
    public double[] backprop(double[] dEdy, double alpha) {
        if (input == null) {
            throw new IllegalStateException(name() + ": backprop before forward");
        }
        Layer.requireLength(dEdy, m, "dE/dy", name());
        double[] dEdx = new double[n];
        if (inputGradient == InputGradient.TRANSPOSED) {
            for (int i = 0; i < m; i++) {
                double d = dEdy[i];
                double[] row = weights[i];
                for (int j = 0; j < n; j++) {
                    dEdx[j] += row[j] * d;
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += weights[i][j] * dEdy[j];
                }
                dEdx[i] = s;
            }
        }
        for (int i = 0; i < m; i++) {
            double step = alpha * dEdy[i];
            double[] row = weights[i];
            for (int j = 0; j < n; j++) {
                row[j] -= step * input[j];
            }
            bias[i] -= step;
        }
        return dEdx;
    }

    /** {@code ∂E/∂M = δ·xᵀ} row by row, then {@code ∂E/∂b = δ}. */
    @Override
    public double[] parameterGradient(double[] dEdy) {
        if (input == null) {
            throw new IllegalStateException(name() + ": parameterGradient before forward");
        }
        Layer.requireLength(dEdy, m, "dE/dy", name());
        double[] g = new double[m * n + m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                g[i * n + j] = dEdy[i] * input[j];
            }
            g[m * n + i] = dEdy[i];
        }
        return g;
    }

    /** Number of inputs {@code n}. */
    public int inputs() {
        return n;
    }

    /** Number of outputs {@code m}. */
    public int outputs() {
        return m;
    }

    /** Which input gradient this layer returns. */
    public InputGradient inputGradient() {
        return inputGradient;
    }

    /** A copy of {@code M} ({@code m × n}). */
    public double[][] weights() {
        double[][] c = new double[m][];
        for (int i = 0; i < m; i++) {
            c[i] = weights[i].clone();
        }
        return c;
    }

    /** A copy of {@code b} (length {@code m}). */
    public double[] bias() {
        return bias.clone();
    }

    @Override
    public double[] parameters() {
        double[] p = new double[m * n + m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(weights[i], 0, p, i * n, n);
        }
        System.arraycopy(bias, 0, p, m * n, m);
        return p;
    }

    @Override
    public void setParameters(double[] values) {
        Layer.requireLength(values, m * n + m, "parameters (M row by row, then b)", name());
        for (int i = 0; i < m; i++) {
            System.arraycopy(values, i * n, weights[i], 0, n);
        }
        System.arraycopy(values, m * n, bias, 0, m);
    }

    @Override
    public Layer copy() {
        return new AffineLayer(this);
    }

    @Override
    public String name() {
        return "affine(" + n + "→" + m + (inputGradient == InputGradient.SEED_UNTRANSPOSED ? ", seed's M·δ" : "") + ")";
    }
}
