package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Softmax within consecutive groups of {@code g} features of {@code [batch, n]}:
 * {@code y[b, i] = exp(x[b, i]) / Σ_{j ∈ group(i)} exp(x[b, j])} with
 * {@code group(i) = {g·⌊i/g⌋, …, g·⌊i/g⌋ + g − 1}}; each group of the output sums to 1. One of the
 * branches of the seed's all-the-activations block ({@code SoftmaxGrouped(group_size=4)}): a
 * "winner-take-most" competition among neighbouring units.
 *
 * <p>With a permute size {@code P} (which must equal {@code n}) the groups are formed after a fixed
 * random permutation {@code π} of the features, drawn once from {@code seed}: {@code u = x[:, π]},
 * softmax within consecutive groups of {@code u}, then the permutation is undone so output feature
 * {@code i} belongs to input feature {@code i} (so the groups are random sets of features, not
 * neighbours). The seed leaves its output permuted; the two differ only by a fixed permutation of
 * the output features, which the following {@code Linear} layer absorbs. The permutation is a
 * constant of the graph, so a saved model keeps it.
 *
 * <p>The feature count must be a multiple of {@code g}: building a model on other input fails with
 * an {@link IllegalArgumentException} naming both numbers.
 */
public class SoftmaxGrouped extends Module implements StaticShape {

    private final int groupSize;
    private final int permuteSize;
    private final long seed;
    private final int[] permutation;

    /** Groups of {@code groupSize} consecutive features, no permutation. */
    public SoftmaxGrouped(int groupSize) {
        this(groupSize, 0, 0L);
    }

    /** Groups of {@code groupSize} features after a fixed random permutation of {@code permuteSize} features (seed 0). */
    public SoftmaxGrouped(int groupSize, int permuteSize) {
        this(groupSize, permuteSize, 0L);
    }

    /**
     * @param groupSize   features per softmax group, positive
     * @param permuteSize 0 for no permutation, else the feature count {@code n}
     * @param seed        seed of the permutation (ignored without one)
     */
    public SoftmaxGrouped(int groupSize, int permuteSize, long seed) {
        if (groupSize <= 0) {
            throw new IllegalArgumentException("SoftmaxGrouped: groupSize must be positive, got " + groupSize);
        }
        if (permuteSize < 0) {
            throw new IllegalArgumentException("SoftmaxGrouped: permuteSize must be 0 (no permutation) or the feature count, got " + permuteSize);
        }
        if (permuteSize > 0 && permuteSize % groupSize != 0) {
            throw new IllegalArgumentException("SoftmaxGrouped: permuteSize (the feature count) " + permuteSize
                    + " is not a multiple of groupSize " + groupSize);
        }
        this.groupSize = groupSize;
        this.permuteSize = permuteSize;
        this.seed = seed;
        this.permutation = permuteSize > 0 ? Permutations.random(permuteSize, seed) : null;
    }

    public int groupSize() {
        return groupSize;
    }

    public int permuteSize() {
        return permuteSize;
    }

    public long seed() {
        return seed;
    }

    /** The fixed permutation {@code π} ({@code u[:, i] = x[:, π[i]]}), or null without one. */
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] s = Shapes.expect(g, x, this);
        SDVariable in = permutation == null ? x : Shapes.selectColumns(sd, x, permuteSize, permutation, g.dataType());
        // [batch, n] -> [batch, n/g, g]; the -1 can only be resolved when n is a multiple of g
        SDVariable grouped = sd.reshape(in, Shapes.batchShape(sd, in, -1, groupSize));
        // Activation.softmax subtracts each group's maximum first: SameDiff's double softmax kernel gives NaN
        // for a group whose maximum is below about -745 when there are several
        SDVariable y = sd.reshape(Activation.softmax(grouped, -1), sd.shape(in));
        SDVariable out = permutation == null ? y : Shapes.selectColumns(sd, y, permuteSize, Permutations.inverse(permutation), g.dataType());
        return Shapes.record(g, out, s);
    }

    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException(describe() + ": expected input [batch, features], got " + Shapes.show(s)
                    + " (add a Flatten first)");
        }
        long n = s[1];
        if (n % groupSize != 0) {
            throw new IllegalArgumentException(describe() + ": the feature count " + n + " is not a multiple of the group size "
                    + groupSize + " (input " + Shapes.show(s) + ")");
        }
        if (permuteSize > 0 && n != permuteSize) {
            throw new IllegalArgumentException(describe() + ": permuteSize " + permuteSize + " must equal the feature count, got "
                    + n + " features (input " + Shapes.show(s) + ")");
        }
        return s.clone();
    }

    @Override
    public String describe() {
        return "SoftmaxGrouped(group_size=" + groupSize + (permuteSize > 0 ? ", permute_size=" + permuteSize + ", seed=" + seed : "") + ")";
    }
}
