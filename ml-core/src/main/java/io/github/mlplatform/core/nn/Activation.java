package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A parameter-free element-wise (or row-wise) function as a module, with a readable name for the
 * model summary. The built-ins match PyTorch's defaults; {@link #lecunTanh()} is the seed LeNet's
 * {@code 1.7159·tanh(2x/3)}.
 */
public class Activation extends Module {

    private final String name;
    private final BiFunction<Graph, SDVariable, SDVariable> fn;

    public Activation(String name, BiFunction<Graph, SDVariable, SDVariable> fn) {
        this.name = Objects.requireNonNull(name, "name");
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return fn.apply(g, x);
    }

    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name;
    }

    /** {@code x}. */
    public static Activation identity() {
        return new Activation("Identity()", (g, x) -> g.sd().identity(x));
    }

    /** {@code max(0, x)}. */
    public static Activation relu() {
        return new Activation("ReLU()", (g, x) -> g.sd().nn().relu(x, 0));
    }

    /** {@code tanh(x)}. */
    public static Activation tanh() {
        return new Activation("Tanh()", (g, x) -> g.sd().math().tanh(x));
    }

    /** {@code 1/(1+e^{−x})}. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid()", (g, x) -> g.sd().nn().sigmoid(x));
    }

    /** Exact GELU {@code x·Φ(x) = 0.5·x·(1 + erf(x/√2))}, PyTorch's default (not the tanh approximation). */
    public static Activation gelu() {
        return new Activation("GELU()", (g, x) -> x.mul(0.5).mul(g.sd().math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)));
    }

    /** {@code x} for x ≥ 0, {@code 0.01·x} otherwise (PyTorch's default slope). */
    public static Activation leakyRelu() {
        return leakyRelu(0.01);
    }

    /** {@code x} for x ≥ 0, {@code slope·x} otherwise. */
    public static Activation leakyRelu(double slope) {
        return new Activation("LeakyReLU(" + slope + ")", (g, x) -> g.sd().nn().leakyRelu(x, slope));
    }

    /** {@code log σ(x) = −softplus(−x)}, computed stably. */
    public static Activation logSigmoid() {
        return new Activation("LogSigmoid()", (g, x) -> g.sd().nn().softplus(x.neg()).neg());
    }

    /** Softmax over the last (feature) axis of {@code [batch, features]}. */
    public static Activation softmax() {
        return new Activation("Softmax(dim=-1)", (g, x) -> g.sd().nn().softmax(x, -1));
    }

    /** Log-softmax over the last (feature) axis. */
    public static Activation logSoftmax() {
        return new Activation("LogSoftmax(dim=-1)", (g, x) -> g.sd().nn().logSoftmax(x));
    }

    /** LeCun's scaled tanh {@code 1.7159·tanh(2x/3)}, the activation of the seed LeNet. */
    public static Activation lecunTanh() {
        return new Activation("LambdaModule(1.7159*tanh(2*x/3))", (g, x) -> g.sd().math().tanh(x.mul(2.0 / 3.0)).mul(1.7159));
    }
}
