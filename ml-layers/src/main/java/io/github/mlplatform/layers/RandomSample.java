package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * A fixed random subset of {@code k} of the {@code n} input features: {@code y[:, j] = x[:, s[j]]}
 * where {@code s} is the first {@code k} entries of a random permutation of {@code 0..n−1} drawn
 * once from {@code seed} (the seed's {@code torch.randperm(input_size)[:subset_size]}, so the
 * subset is in random order). Each branch of the seed's staged network (experiment 08) starts with
 * {@code RandomSample(28·28, 16)}. The indices are a graph constant, so a saved model keeps them.
 */
public class RandomSample extends Module implements StaticShape {

    private final int inputSize;
    private final int k;
    private final long seed;
    private final int[] indices;

    /**
     * @param inputSize the feature count {@code n} of the input {@code [batch, n]}
     * @param k         how many features to keep, {@code 1 ≤ k ≤ n}
     * @param seed      seed of the subset
     */
    public RandomSample(int inputSize, int k, long seed) {
        if (inputSize <= 0 || k <= 0 || k > inputSize) {
            throw new IllegalArgumentException("RandomSample: need 0 < k <= inputSize, got inputSize=" + inputSize + ", k=" + k);
        }
        this.inputSize = inputSize;
        this.k = k;
        this.seed = seed;
        this.indices = Arrays.copyOf(Permutations.random(inputSize, seed), k);
    }

    public int inputSize() {
        return inputSize;
    }

    public int k() {
        return k;
    }

    public long seed() {
        return seed;
    }

    /** The chosen feature indices {@code s} (a copy), in output order. */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] out = Shapes.expect(g, x, this);
        return Shapes.record(g, Shapes.selectColumns(sd, x, inputSize, indices, g.dataType()), out);
    }

    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 2 || s[1] != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input [batch, " + inputSize + "], got " + Shapes.show(s)
                    + (s.length != 2 ? " (add a Flatten first)" : ""));
        }
        return new long[]{-1, k};
    }

    @Override
    public String describe() {
        return "RandomSample(" + k + " of " + inputSize + ", seed=" + seed + ")";
    }
}
