package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;
import java.util.Objects;

/**
 * A skip connection around a module: {@code y = x + f(x)}. The seeds use it around each
 * {@code Linear → LayerNorm → ReLU (→ Dropout)} layer of the staged networks (experiment 08) and
 * around the attention and MLP blocks of the self-attention experiment (05). The sub-module is
 * named {@code network}, as in the seed.
 *
 * <p>{@code x} and {@code f(x)} must have the same shape (no broadcasting): building a model where
 * they differ fails with an {@link IllegalArgumentException} naming both shapes. The shape of
 * {@code f(x)} comes from the modules' shape rules ({@link Shapes#staticOutput}) or, for modules
 * without one, from building {@code f} once on a small scratch graph. If the shape of {@code x} cannot be inferred at build time, the sum
 * is formed with ND4J's {@code mergeadd}, which also refuses different shapes, at run time.
 */
public class Residual extends Module implements StaticShape {

    private final Module network;

    public Residual(Module network) {
        this.network = register("network", Objects.requireNonNull(network, "Residual: network"));
    }

    public Module network() {
        return network;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] xs = Shapes.infer(g, x);
        if (xs == null) {
            SDVariable fx = network.forward(g, x);
            // unchecked: an enclosing module already validated this part on a scratch graph
            return Shapes.checking() ? sd.math().mergeAdd(new SDVariable[]{x, fx}) : x.add(fx);
        }
        long[] fs = Shapes.staticOutput(network, xs);
        if (fs == null) {
            fs = Shapes.moduleOutput(network, xs, g.dataType()); // slower: builds f on a scratch graph
        }
        SDVariable fx;
        if (fs != null) {
            fx = Shapes.record(g, Shapes.unchecked(() -> network.forward(g, x)), fs);
        } else {
            fx = network.forward(g, x);
            fs = Shapes.infer(g, fx);
        }
        if (fs != null) {
            check(xs, fs);
        }
        return Shapes.record(g, fs != null ? x.add(fx) : sd.math().mergeAdd(new SDVariable[]{x, fx}), xs);
    }

    @Override
    public long[] outputShape(long[] xs) {
        long[] fs = Shapes.staticOutput(network, xs);
        if (fs == null) {
            return null;
        }
        check(xs, fs);
        return xs.clone();
    }

    private void check(long[] xs, long[] fs) {
        if (!Arrays.equals(xs, fs)) {
            throw new IllegalArgumentException("Residual: x + f(x) needs f(x) to have the shape of x, but x is "
                    + Shapes.show(xs) + " and f(x) is " + Shapes.show(fs) + " (f = " + network.describe() + ")");
        }
    }

    @Override
    public String describe() {
        return "Residual";
    }
}
