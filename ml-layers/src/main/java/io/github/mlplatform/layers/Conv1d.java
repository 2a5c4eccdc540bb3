package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * A size-preserving 1-D convolution over the feature vector {@code [batch, n]} treated as a
 * one-channel sequence, optionally after a fixed seeded random permutation of the features (so the
 * "neighbourhoods" are random sets of features). One of the branches of the seed's
 * all-the-activations block ({@code Conv1d(4)}, {@code Conv1d(8, permute_size=input_size)}).
 * Two forms:
 *
 * <ul>
 *   <li>{@link Mode#BLOCKS} (default, the seed's): {@code nn.Conv1d(1, k, kernel_size=k, stride=k)}
 *       then {@code Flatten} then {@code GELU}. The features are cut into {@code m = n/k}
 *       non-overlapping blocks; each block is mapped by the same {@code k×k} matrix to {@code k}
 *       channels: {@code z[c, p] = b[c] + Σⱼ W[j, c]·u[p·k + j]}, and the output is
 *       {@code y[c·m + p] = GELU(z[c, p])} (channel-major, as PyTorch's flatten of
 *       {@code [batch, k, m]}). Parameters {@code weight [k, k]} ({@code W[j, c]} = PyTorch's
 *       {@code weight[c, 0, j]}) and {@code bias [k]}. Needs {@code n} to be a multiple of
 *       {@code k}. The permutation is not undone (as in the seed).</li>
 *   <li>{@link Mode#SAME}: one output channel, stride 1, zero "same" padding ({@code ⌊(k−1)/2⌋}
 *       left, the rest right, as PyTorch's {@code padding='same'}):
 *       {@code y[i] = b + Σⱼ w[j]·u[i + j − ⌊(k−1)/2⌋]}, no activation; parameters
 *       {@code weight [k]} and {@code bias [1]}. The permutation is undone after the convolution,
 *       so output feature {@code i} belongs to input feature {@code i}.</li>
 * </ul>
 *
 * Weights and bias start from U(−1/√k, 1/√k), PyTorch's default for a one-input-channel
 * convolution. With a permutation, {@code permuteSize} must equal {@code n}; it is drawn from
 * {@code seed} once and stored as a graph constant, so a saved model keeps it.
 */
public class Conv1d extends Module implements StaticShape {

    /** Which of the two convolutions (see the class description). */
    public enum Mode {
        /** The seed's: {@code k} channels, kernel {@code k}, stride {@code k}, flatten, GELU. */
        BLOCKS,
        /** One channel, kernel {@code k}, stride 1, "same" zero padding, no activation. */
        SAME
    }

    private final int kernel;
    private final int permuteSize;
    private final long seed;
    private final Mode mode;
    private final int[] permutation;
    private final Parameter weight;
    private final Parameter bias;

    /** The seed's {@code Conv1d(k)}: {@link Mode#BLOCKS}, no permutation. */
    public Conv1d(int kernel) {
        this(kernel, 0, 0L, Mode.BLOCKS);
    }

    /** The seed's {@code Conv1d(k, permute_size)}: {@link Mode#BLOCKS} after a fixed permutation drawn from {@code seed}. */
    public Conv1d(int kernel, int permuteSize, long seed) {
        this(kernel, permuteSize, seed, Mode.BLOCKS);
    }

    /**
     * @param kernel      kernel size {@code k}, positive
     * @param permuteSize 0 for no permutation, else the feature count {@code n}
     * @param seed        seed of the permutation (ignored without one)
     * @param mode        {@link Mode#BLOCKS} (the seed's) or {@link Mode#SAME}
     */
    public Conv1d(int kernel, int permuteSize, long seed, Mode mode) {
        if (kernel <= 0) {
            throw new IllegalArgumentException("Conv1d: kernel must be positive, got " + kernel);
        }
        if (permuteSize < 0) {
            throw new IllegalArgumentException("Conv1d: permuteSize must be 0 (no permutation) or the feature count, got " + permuteSize);
        }
        if (mode == null) {
            throw new IllegalArgumentException("Conv1d: mode is required (BLOCKS or SAME)");
        }
        if (mode == Mode.BLOCKS && permuteSize > 0 && permuteSize % kernel != 0) {
            throw new IllegalArgumentException("Conv1d: permuteSize (the feature count) " + permuteSize
                    + " is not a multiple of the kernel " + kernel + " (BLOCKS mode cuts the features into blocks of the kernel size)");
        }
        this.kernel = kernel;
        this.permuteSize = permuteSize;
        this.seed = seed;
        this.mode = mode;
        this.permutation = permuteSize > 0 ? Permutations.random(permuteSize, seed) : null;
        Initializer init = Initializer.fanInUniform(kernel);
        if (mode == Mode.BLOCKS) {
            this.weight = parameter("weight", init, kernel, kernel);
            this.bias = parameter("bias", init, kernel);
        } else {
            this.weight = parameter("weight", init, kernel);
            this.bias = parameter("bias", init, 1);
        }
    }

    /** {@link Mode#SAME} convolution without permutation. */
    public static Conv1d same(int kernel) {
        return new Conv1d(kernel, 0, 0L, Mode.SAME);
    }

    /** {@link Mode#SAME} convolution after a fixed permutation of {@code permuteSize} features drawn from {@code seed}. */
    public static Conv1d same(int kernel, int permuteSize, long seed) {
        return new Conv1d(kernel, permuteSize, seed, Mode.SAME);
    }

    public int kernel() {
        return kernel;
    }

    public int permuteSize() {
        return permuteSize;
    }

    public long seed() {
        return seed;
    }

    public Mode mode() {
        return mode;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** The fixed permutation {@code π} ({@code u[:, i] = x[:, π[i]]}), or null without one. */
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] s = Shapes.expect(g, x, this);
        SDVariable u = permutation == null ? x : Shapes.selectColumns(sd, x, permuteSize, permutation, g.dataType());
        return Shapes.record(g, mode == Mode.BLOCKS ? blocks(g, u) : same(g, u), s);
    }

    private SDVariable blocks(Graph g, SDVariable u) {
        SameDiff sd = g.sd();
        // [batch, n] -> [batch, m, k] (fails unless k divides n) -> [batch·m, k]
        SDVariable b3 = sd.reshape(u, Shapes.batchShape(sd, u, -1, kernel));
        SDVariable flat = sd.reshape(b3, -1, kernel);
        // matmul + add, not nn().linear: SameDiff's xw_plus_b backward fails at batch 1 ("this.x is null")
        SDVariable z = flat.mmul(g.param(weight)).add(g.param(bias));
        // [batch, m, k] -> channel-major [batch, k, m] -> [batch, n]
        SDVariable zt = sd.permute(sd.reshape(z, Shapes.batchShape(sd, u, -1, kernel)), 0, 2, 1);
        SDVariable y = sd.reshape(zt, sd.shape(u));
        return y.mul(0.5).mul(sd.math().erf(y.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    }

    private SDVariable same(Graph g, SDVariable u) {
        SameDiff sd = g.sd();
        Conv1DConfig cfg = Conv1DConfig.builder().k(kernel).s(1).p(0).d(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCW").build();
        SDVariable w = sd.reshape(g.param(weight), kernel, 1, 1); // [kW, inChannels, outChannels]
        SDVariable y = sd.squeeze(sd.cnn().conv1d(sd.expandDims(u, 1), w, g.param(bias), cfg), 1);
        return permutation == null ? y : Shapes.selectColumns(sd, y, permuteSize, Permutations.inverse(permutation), g.dataType());
    }

    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException(describe() + ": expected input [batch, features], got " + Shapes.show(s)
                    + " (add a Flatten first)");
        }
        long n = s[1];
        if (mode == Mode.BLOCKS && n % kernel != 0) {
            throw new IllegalArgumentException(describe() + ": the feature count " + n + " is not a multiple of the kernel "
                    + kernel + " (input " + Shapes.show(s) + ")");
        }
        if (permuteSize > 0 && n != permuteSize) {
            throw new IllegalArgumentException(describe() + ": permuteSize " + permuteSize + " must equal the feature count, got "
                    + n + " features (input " + Shapes.show(s) + ")");
        }
        return s.clone();
    }

    @Override
    public String describe() {
        String perm = permuteSize > 0 ? ", permute_size=" + permuteSize + ", seed=" + seed : "";
        return mode == Mode.BLOCKS
                ? "Conv1d(1, " + kernel + ", kernel_size=" + kernel + ", stride=" + kernel + perm + ") + Flatten + GELU"
                : "Conv1d(1, 1, kernel_size=" + kernel + ", padding=same" + perm + ")";
    }
}
