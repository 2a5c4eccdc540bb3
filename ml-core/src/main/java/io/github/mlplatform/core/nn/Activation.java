package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A parameter-free element-wise (or row-wise) function as a module, with a readable name for the
 * model summary. Input: any shape {@code [batch, ...]}; output: the same shape (the row-wise
 * softmax variants work over the last axis). The built-ins match PyTorch's defaults; {@link #lecunTanh()} is the seed LeNet's
 * {@code 1.7159·tanh(2x/3)}.
 */
public class Activation extends Module {

    private final String name;
    private final BiFunction<Graph, SDVariable, SDVariable> fn;
    private final boolean preservesShape;

    /**
     * A custom function whose output shape is not known at build time (the model's shape check
     * stops at it); use {@link #Activation(String, BiFunction, boolean)} for an element- or
     * row-wise function.
     */
    public Activation(String name, BiFunction<Graph, SDVariable, SDVariable> fn) {
        this(name, fn, false);
    }

    /**
     * @param name           the name shown in the model summary
     * @param fn             adds the function to the graph
     * @param preservesShape whether the output has the input's shape (true for element- and
     *                       row-wise functions), so the model's build-time shape check passes through
     */
    public Activation(String name, BiFunction<Graph, SDVariable, SDVariable> fn, boolean preservesShape) {
        this.name = Objects.requireNonNull(name, "name");
        this.fn = Objects.requireNonNull(fn, "fn");
        this.preservesShape = preservesShape;
    }

    /** The input shape for the built-ins and shape-preserving custom functions; null (unknown) otherwise. */
    @Override
    public long[] outputShape(long[] inputShape) {
        return preservesShape ? inputShape.clone() : null;
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
        return new Activation("Identity()", (g, x) -> g.sd().identity(x), true);
    }

    /** {@code max(0, x)}. */
    public static Activation relu() {
        return new Activation("ReLU()", (g, x) -> g.sd().nn().relu(x, 0), true);
    }

    /** {@code tanh(x)}. */
    public static Activation tanh() {
        return new Activation("Tanh()", (g, x) -> g.sd().math().tanh(x), true);
    }

    /** {@code 1/(1+e^{−x})}. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid()", (g, x) -> g.sd().nn().sigmoid(x), true);
    }

    /** Exact GELU {@code x·Φ(x) = 0.5·x·(1 + erf(x/√2))}, PyTorch's default (not the tanh approximation). */
    public static Activation gelu() {
        return new Activation("GELU()", (g, x) -> x.mul(0.5).mul(g.sd().math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)), true);
    }

    /** {@code x} for x > 0, {@code 0.01·x} otherwise (PyTorch's default slope). */
    public static Activation leakyRelu() {
        return leakyRelu(0.01);
    }

    /** {@code x} for x > 0, {@code slope·x} otherwise; see {@link #leakyRelu(SDVariable, double)}. */
    public static Activation leakyRelu(double slope) {
        return new Activation("LeakyReLU(" + slope + ")", (g, x) -> leakyRelu(x, slope), true);
    }

    /** {@code log σ(x)}, computed as PyTorch does; see {@link #logSigmoid(SDVariable)}. */
    public static Activation logSigmoid() {
        return new Activation("LogSigmoid()", (g, x) -> logSigmoid(x), true);
    }

    /** {@code log(1 + e^x)}, PyTorch's {@code Softplus()} (beta 1, threshold 20); see {@link #softplus(SDVariable)}. */
    public static Activation softplus() {
        return new Activation("Softplus(beta=1, threshold=20)", (g, x) -> softplus(x), true);
    }

    /** Softmax over the last (feature) axis of {@code [batch, features]}; see {@link #softmax(SDVariable, int)}. */
    public static Activation softmax() {
        return new Activation("Softmax(dim=-1)", (g, x) -> softmax(x, -1), true);
    }

    /** Log-softmax over the last (feature) axis; see {@link #logSoftmax(SDVariable, int)}. */
    public static Activation logSoftmax() {
        return new Activation("LogSoftmax(dim=-1)", (g, x) -> logSoftmax(x, -1), true);
    }

    // ------------------------------------------------------------------------------------------
    // The functions themselves, for modules and losses that need them inside a larger graph.
    //
    // SameDiff 1.0.0-M2.1's own ops for these lose everything at the extremes: log_softmax is
    // log(softmax) (float [120, 0, 0] gives [0, −∞, −∞]), softplus overflows (softplus(1000) = ∞, so
    // −softplus(−x) is −∞ for log σ(−1000)), the double softmax kernel gives NaN for a row of
    // several whose maximum is below about −745, and leakyrelu rounds its slope to float and has
    // gradient 1 at 0. The forms below match PyTorch 1.13 forward and backward (numerics/torch_reference.py).
    // Selections use masks from comparisons (which carry no gradient) or compare-and-set with a
    // scalar; SameDiff's where has no gradient, and replaceWhere with an array input gives both
    // inputs the gradient that belongs to the first.

    /**
     * Softmax over {@code axis} ({@code -1} for the last, or a non-negative axis):
     * {@code e^{x − m} / Σ e^{x − m}} with {@code m} the maximum along {@code axis}. In double the
     * maximum is subtracted in the graph before SameDiff's softmax (whose double kernel does not do it
     * for several rows); float and half precision use SameDiff's kernel alone, which is right at the
     * extremes on every rank ({@code StableFunctionsTest}) and saves the maximum and its gradient:
     * {@code reduce_max_bp} alone was 37% of a self-attention training step (docs/results.md,
     * "Self-attention").
     */
    public static SDVariable softmax(SDVariable x, int axis) {
        SameDiff sd = x.getSameDiff();
        if (x.dataType() != DataType.DOUBLE) {
            checkAxis(axis);
            return sd.nn().softmax(x, axis);
        }
        return sd.nn().softmax(x.sub(keepingAxis(sd.max(x, false, axis), axis)), axis);
    }

    /**
     * Log-softmax over {@code axis} ({@code -1} for the last, or a non-negative axis) as
     * {@code x − logsumexp(x)}: {@code (x − m) − log Σ e^{x − m}} with {@code m} the maximum along
     * {@code axis}. Finite for finite input: float {@code [120, 0, 0]} gives {@code [0, −120, −120]},
     * as PyTorch does.
     */
    public static SDVariable logSoftmax(SDVariable x, int axis) {
        SameDiff sd = x.getSameDiff();
        SDVariable shifted = x.sub(keepingAxis(sd.max(x, false, axis), axis));
        return shifted.sub(keepingAxis(sd.math().log(sd.sum(sd.math().exp(shifted), false, axis)), axis));
    }

    /**
     * A reduction over {@code axis} with that axis put back as size 1, for broadcasting. Not
     * {@code keepDims}: in SameDiff 1.0.0-M2.1 a keepDims reduction over axis −1 of a rank-3 or
     * rank-4 array returns wrong values (rank 2 is right); the reduction without keepDims and
     * {@code expandDims} are right for every rank.
     */
    private static SDVariable keepingAxis(SDVariable reduced, int axis) {
        checkAxis(axis);
        return reduced.getSameDiff().expandDims(reduced, axis);
    }

    private static void checkAxis(int axis) {
        if (axis < -1) {
            throw new IllegalArgumentException("axis must be -1 (the last) or non-negative, got " + axis);
        }
    }

    /**
     * {@code log σ(x) = min(x, 0) − log1p(e^{−|x|})}, PyTorch's formula: −1000 at −1000 (not −∞),
     * and its gradient ({@code 1/(1+e^{−|x|})} for x &lt; 0, {@code e^{−|x|}/(1+e^{−|x|})} for x ≥ 0, so ½ at 0).
     */
    public static SDVariable logSigmoid(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        SDVariable min0 = sd.replaceWhere(x, 0.0, Conditions.greaterThanOrEqual(0.0));      // min(x, 0), slope 0 at 0
        SDVariable sign = sd.lt(x, 0.0).castTo(x.dataType()).mul(2.0).sub(1.0);             // +1 for x < 0, −1 otherwise
        SDVariable negAbs = x.mul(sign);                                                    // −|x|, exact, also for ±∞
        return min0.sub(sd.math().log1p(sd.math().exp(negAbs)));
    }

    /** PyTorch's softplus threshold: above it, {@code softplus(x) = x}. */
    public static final double SOFTPLUS_THRESHOLD = 20;

    /**
     * {@code log(1 + e^x)} as PyTorch's {@code Softplus()}: {@code x} itself above 20, else
     * {@code log1p(e^x)} (which cannot overflow there). SameDiff's softplus gives ∞ from about 89
     * (float) or 710 (double).
     */
    public static SDVariable softplus(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        // x above the threshold, 0 elsewhere; plus log1p(e^x) at or below it, log1p(e^−∞) = 0 elsewhere
        SDVariable above = sd.replaceWhere(x, 0.0, Conditions.lessThanOrEqual(SOFTPLUS_THRESHOLD));
        SDVariable below = sd.replaceWhere(x, Double.NEGATIVE_INFINITY, Conditions.greaterThan(SOFTPLUS_THRESHOLD));
        return above.add(sd.math().log1p(sd.math().exp(below)));
    }

    /**
     * {@code x} for x &gt; 0, {@code slope·x} otherwise, as PyTorch: the gradient at 0 is
     * {@code slope}, and the slope keeps the graph's precision (SameDiff's leakyrelu rounds it to
     * float and has gradient 1 at 0).
     */
    public static SDVariable leakyRelu(SDVariable x, double slope) {
        SameDiff sd = x.getSameDiff();
        SDVariable positive = sd.gt(x, 0.0).castTo(x.dataType());
        // exactly 1 where x > 0 and exactly slope elsewhere
        SDVariable factor = positive.add(positive.rsub(1.0).mul(slope));
        return x.mul(factor);
    }

    /** LeCun's scaled tanh {@code 1.7159·tanh(2x/3)}, the activation of the seed LeNet. */
    public static Activation lecunTanh() {
        return new Activation("LambdaModule(1.7159*tanh(2*x/3))", (g, x) -> g.sd().math().tanh(x.mul(2.0 / 3.0)).mul(1.7159), true);
    }
}
