package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Applies every branch to the same input and concatenates the outputs along the last (feature)
 * axis: {@code y = [f₁(x) ‖ f₂(x) ‖ … ‖ fₖ(x)]}, the seed's {@code Parallel(networks)} with
 * {@code torch.cat(..., dim=-1)}. Branches are sub-modules named 0, 1, 2, …
 *
 * <p>{@link #allActivations(int)} is the seed's "all the activations" block (experiment 07): if
 * you cannot decide on an activation, use all of them, including the identity as a skip
 * connection. It maps {@code [batch, n]} to {@code [batch, 10·n]}.
 */
public class Parallel extends Module implements StaticShape {

    private final List<Module> branches = new ArrayList<>();

    public Parallel(Module... branches) {
        this(List.of(branches));
    }

    public Parallel(List<? extends Module> branches) {
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("Parallel needs at least one branch");
        }
        for (Module m : branches) {
            register(Integer.toString(this.branches.size()), m);
            this.branches.add(m);
        }
    }

    public List<Module> branches() {
        return Collections.unmodifiableList(branches);
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SDVariable[] outs = new SDVariable[branches.size()];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches.get(i).forward(g, x);
        }
        return outs.length == 1 ? outs[0] : Shapes.record(g, g.sd().concat(-1, outs), concatShape(g, outs));
    }

    /** Concatenation of the branches' static output shapes along the last axis (null if any is unknown). */
    @Override
    public long[] outputShape(long[] inputShape) {
        return concat(branches.stream().map(b -> Shapes.staticOutput(b, inputShape)).toList());
    }

    static long[] concat(List<long[]> shapes) {
        long last = 0;
        for (long[] s : shapes) {
            if (s == null || s.length != shapes.get(0).length) {
                return null;
            }
            last += s[s.length - 1];
        }
        return Shapes.withLast(shapes.get(0), last);
    }

    /** The shape of the concatenation along the last axis if every part's shape is known, else null. */
    static long[] concatShape(Graph g, SDVariable[] parts) {
        long[] first = Shapes.known(g, parts[0]);
        if (first == null) {
            return null;
        }
        long last = 0;
        for (SDVariable p : parts) {
            long[] s = Shapes.known(g, p);
            if (s == null || s.length != first.length) {
                return null;
            }
            last += s[s.length - 1];
        }
        return Shapes.withLast(first, last);
    }

    @Override
    public String describe() {
        return "Parallel(" + branches.size() + " branches, concat dim=-1)";
    }

    /** {@link #allActivations(int, long)} with seed 0 for the two fixed permutations. */
    public static Parallel allActivations(int inputSize) {
        return allActivations(inputSize, 0L);
    }

    /**
     * The seed's all-the-activations block for {@code [batch, inputSize]} inputs, output
     * {@code [batch, 10·inputSize]}, branches in the seed's order: identity, ReLU, GELU, Sigmoid,
     * LeakyReLU(0.01), LogSigmoid, SoftmaxGrouped(4), SoftmaxGrouped(8, permute=inputSize),
     * Conv1d(4), Conv1d(8, permute=inputSize). {@code inputSize} must be a multiple of 8; the
     * permutations are drawn from {@code seed} and {@code seed + 1}.
     */
    public static Parallel allActivations(int inputSize, long seed) {
        if (inputSize <= 0 || inputSize % 8 != 0) {
            throw new IllegalArgumentException("Parallel.allActivations: inputSize must be a positive multiple of 8 "
                    + "(SoftmaxGrouped(8) and Conv1d(8) group the features by 8), got " + inputSize);
        }
        return new Parallel(
                LambdaModule.identity(),
                Activation.relu(),
                Activation.gelu(),
                Activation.sigmoid(),
                Activation.leakyRelu(),
                Activation.logSigmoid(),
                new SoftmaxGrouped(4),
                new SoftmaxGrouped(8, inputSize, seed),
                new Conv1d(4),
                new Conv1d(8, inputSize, seed + 1));
    }
}
