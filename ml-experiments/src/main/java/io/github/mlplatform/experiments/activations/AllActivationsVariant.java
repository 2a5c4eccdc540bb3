package io.github.mlplatform.experiments.activations;

import java.util.Arrays;
import java.util.List;

/**
 * The block between the two Linear layers of {@link AllActivations}: the seed's whole
 * {@code Parallel} of ten branches, or one of its branches alone (in the seed's order, which is the
 * branch index of {@link io.github.mlplatform.layers.Parallel#allActivations(int, long)}).
 */
public enum AllActivationsVariant {
    /** All ten branches side by side, outputs concatenated. */
    ALL(-1, "all"),
    /** {@code LambdaModule(lambda x: x)}: the skip connection, "the null activation". */
    IDENTITY(0, "identity"),
    RELU(1, "ReLU"),
    GELU(2, "GELU"),
    SIGMOID(3, "Sigmoid"),
    /** LeakyReLU, slope 0.01. */
    LEAKY_RELU(4, "LeakyReLU"),
    LOG_SIGMOID(5, "LogSigmoid"),
    /** SoftmaxGrouped(group_size=4). */
    SOFTMAX_GROUPED_4(6, "SoftmaxGrouped(4)"),
    /** SoftmaxGrouped(group_size=8, permute_size=H). */
    SOFTMAX_GROUPED_8(7, "SoftmaxGrouped(8, perm)"),
    /** Conv1d(4): a shared 4×4 map of blocks of 4 features, then GELU. */
    CONV1D_4(8, "Conv1d(4)"),
    /** Conv1d(8, permute_size=H). */
    CONV1D_8(9, "Conv1d(8, perm)");

    /** How many branches the block of {@link #ALL} has. */
    public static final int BRANCHES = 10;

    private final int branch;
    private final String label;

    AllActivationsVariant(int branch, String label) {
        this.branch = branch;
        this.label = label;
    }

    /** The branch index in the seed's Parallel, or −1 for {@link #ALL}. */
    public int branch() {
        return branch;
    }

    /** The short name in tables and figures. */
    public String label() {
        return label;
    }

    /** The ten single-branch variants, in branch order. */
    public static List<AllActivationsVariant> singles() {
        return Arrays.stream(values()).filter(v -> v != ALL).toList();
    }

    /** The single variant of branch {@code b}. */
    public static AllActivationsVariant ofBranch(int b) {
        return singles().get(b);
    }
}
