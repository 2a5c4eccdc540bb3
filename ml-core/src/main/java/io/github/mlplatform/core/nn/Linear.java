package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Fully connected layer {@code y = x·W + b} on inputs {@code [batch, in]}. The weight is stored
 * {@code [in, out]} (ND4J's layout; PyTorch stores its transpose), initialised like PyTorch:
 * U(−1/√in, 1/√in) for weight and bias.
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

    public Linear(long in, long out) {
        this(in, out, true);
    }

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

    @Override
    public String describe() {
        return "Linear(in=" + in + ", out=" + out + (bias ? "" : ", bias=false") + ")";
    }
}
