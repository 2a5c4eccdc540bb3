package io.github.mlplatform.regression.backprop;

import java.util.function.DoubleUnaryOperator;

/**
 * A scalar function applied element by element (seed 003's {@code MapLayer}), for activations:
 * {@code yᵢ = f(xᵢ)}, {@code ∂E/∂xᵢ = f'(xᵢ)·∂E/∂yᵢ}. Any length in, the same length out; no
 * parameters.
 *
 * <p>The factories are the functions of the seed: {@link #halfSquare()} ({@code x²/2}),
 * {@link #relu()} and {@link #leakyRelu(double)}, {@link #tanh()} (the seed's {@code dtanh}), and
 * {@link #sigmoid()}.
 */
public final class MapLayer implements Layer {

    private final String function;
    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    private double[] input;

    /**
     * {@code y = f(x)} element-wise with derivative {@code df}.
     *
     * @param function the name shown in tables, e.g. {@code tanh}
     * @param f        the function
     * @param df       its derivative (not checked here; the tests check the library's own against finite differences)
     */
    public MapLayer(String function, DoubleUnaryOperator f, DoubleUnaryOperator df) {
        if (function == null || f == null || df == null) {
            throw new IllegalArgumentException("map: function name, f and df must not be null");
        }
        this.function = function;
        this.f = f;
        this.df = df;
    }

    /** {@code x²/2}, derivative {@code x} (the seed's squaring layer {@code MapLayer(lambda x: x*x/2.0, lambda d: d)}). */
    public static MapLayer halfSquare() {
        return new MapLayer("x²/2", x -> x * x / 2.0, x -> x);
    }

    /** {@code max(0, x)}, derivative {@code [x > 0]} (the seed's "add a RELU" with {@code leak = 0}). */
    public static MapLayer relu() {
        return leakyRelu(0);
    }

    /**
     * {@code x} for {@code x > 0}, {@code leak·x} otherwise; derivative {@code 1} or {@code leak}.
     * Written as {@code (x(1 + leak) + |x|(1 − leak))/2}. The seed wrote
     * {@code (x(1 + leak/2) + |x|(1 − leak/2))/2}, whose negative slope is {@code leak/2} while its
     * derivative said {@code leak}; the seed only ran {@code leak = 0}, where both agree.
     *
     * @throws IllegalArgumentException if {@code leak} is not finite
     */
    public static MapLayer leakyRelu(double leak) {
        if (!Double.isFinite(leak)) {
            throw new IllegalArgumentException("leakyRelu: leak must be a finite number, got " + leak);
        }
        String name = leak == 0 ? "relu" : "leaky-relu(" + leak + ")";
        return new MapLayer(name, x -> (x * (1 + leak) + Math.abs(x) * (1 - leak)) / 2, x -> x > 0 ? 1 : leak);
    }

    /** {@code tanh x}, derivative {@code (1 + tanh x)(1 − tanh x)} (the seed's {@code dtanh}). */
    public static MapLayer tanh() {
        return new MapLayer("tanh", Math::tanh, x -> {
            double v = Math.tanh(x);
            return (1 + v) * (1 - v);
        });
    }

    /** {@code σ(x) = 1/(1 + e^−x)}, derivative {@code σ(x)(1 − σ(x))}. */
    public static MapLayer sigmoid() {
        return new MapLayer("sigmoid", MapLayer::logistic, x -> {
            double s = logistic(x);
            return s * (1 - s);
        });
    }

    private static double logistic(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Override
    public double[] forward(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException(name() + ": input must not be null");
        }
        input = x.clone();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    @Override
    public double[] backprop(double[] dEdy, double alpha) {
        if (input == null) {
            throw new IllegalStateException(name() + ": backprop before forward");
        }
        Layer.requireLength(dEdy, input.length, "dE/dy", name());
        double[] dEdx = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            dEdx[i] = df.applyAsDouble(input[i]) * dEdy[i];
        }
        return dEdx;
    }

    /** The function at one point. */
    public double value(double x) {
        return f.applyAsDouble(x);
    }

    /** The derivative at one point. */
    public double derivative(double x) {
        return df.applyAsDouble(x);
    }

    @Override
    public Layer copy() {
        MapLayer c = new MapLayer(function, f, df);
        c.input = input == null ? null : input.clone();
        return c;
    }

    @Override
    public String name() {
        return "map(" + function + ")";
    }
}
