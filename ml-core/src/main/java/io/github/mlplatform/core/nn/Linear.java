package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Fully connected layer {@code y = x·W + b}.
 *
 * <ul>
 *   <li>input: {@code [batch, in]} (put a {@link Flatten} before it for images);</li>
 *   <li>output: {@code [batch, out]};</li>
 *   <li>parameters: {@code weight [in, out]} (ND4J's layout; PyTorch stores its transpose) and,
 *       unless {@code bias = false}, {@code bias [out]}; both initialised like PyTorch, U(−1/√in, 1/√in).</li>
 * </ul>
 *
 * <p>The graph is a matrix product plus a broadcast add, not SameDiff's fused {@code xw_plus_b}: the
 * latter's gradient fails for a batch of one in 1.0.0-M2.1 ({@code NullPointerException: this.x is
 * null}), and it was not faster (LeNet training step, both forms side by side).
 */
public class Linear extends Module {

    private final long in;
    private final long out;
    private final boolean bias;
    private final Parameter weight;
    private final Parameter biasParam;

    /** {@code Linear(in, out)} with a bias. */
    public Linear(long in, long out) {
        this(in, out, true);
    }

    /**
     * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
     */
    public Linear(long in, long out, boolean bias) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.bias = bias;
        this.weight = parameter("weight", Initializer.fanInUniform(in), in, out);
        this.biasParam = bias ? parameter("bias", Initializer.fanInUniform(in), out) : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for {@code bias = false}. */
    public Parameter bias() {
        return biasParam;
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SDVariable xw = x.mmul(g.param(weight));
        return bias ? xw.add(g.param(biasParam)) : xw;
    }

    /**
     * {@code [batch, out]} for input {@code [batch, in]}.
     *
     * @throws ShapeMismatchException for any other input shape, e.g. "expected input [batch, 700],
     *                                got [batch, 784] (mat1 and mat2 shapes cannot be multiplied: batch×784 and 700×128)"
     */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 2 || s[1] != in) {
            String hint = s.length == 2 ? " (mat1 and mat2 shapes cannot be multiplied: batch×" + s[1] + " and " + in + "×" + out + ")"
                    : s.length > 2 ? " (Linear takes [batch, features]: put a Flatten before it)" : "";
            throw new ShapeMismatchException(this, "expected input [batch, " + in + "], got " + Shape.show(s) + hint);
        }
        return new long[]{s[0], out};
    }

    @Override
    public String describe() {
        return "Linear(in=" + in + ", out=" + out + (bias ? "" : ", bias=false") + ")";
    }
}
