package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Multi-winner-take-all (MWTA) sparse layer of the "variable xi invariance" seed. Weights W
 * (N neurons x M inputs, initially U(0, initMax)). One learning step on a frame v (length M, values
 * >= 0):
 * <pre>
 *   p = W v
 *   the n largest p win (ties: the larger index wins, see {@link WinnerSelection})
 *   s = p on the winners, 0 elsewhere
 *   r = W^T s                       (reconstruction of v)
 *   e = v - r
 *   W += xi * W o (s (e / max(r, eps))^T)      (o = element-wise product; only winner rows change)
 *   x = s / rowsum(W)               (output, with W already updated)
 * </pre>
 * The seed trained it on 20x20 windows moving over a tapestry of MNIST digits and fed x to the
 * {@link InvariantLayer}.
 */
public interface SparseLayer {

    MwtaConfig config();

    /** Precision of the stored weights. */
    Precision precision();

    /** "fused" or "nd4j". */
    String implementation();

    /**
     * One learning step on frame {@code v} (length M, finite values >= 0). Returns the layer's
     * reused {@link SparseCode} holding the winners and their outputs x.
     *
     * @throws InvalidWeightsException if the update left non-finite or negative weights
     */
    SparseCode step(float[] v);

    /** {@link #step(float[])} writing the dense output x (length N) into {@code outX}. */
    default float[] step(float[] v, float[] outX) {
        return step(v).toDense(outX);
    }

    /**
     * The output for {@code v} without learning (the seed's analysis loop). When
     * {@code reconstruction} is not null, r = W^T s (length M) is written into it.
     */
    SparseCode infer(float[] v, float[] reconstruction);

    /** Sum over inputs of e^2 = (v - W^T s)^2 in the last learning step (before its update). */
    double lastSquaredError();

    /** Number of learning steps done since creation (restored from checkpoints). */
    long steps();

    /** A copy of W (N x M). */
    DenseMatrix weights();

    /** Replaces W; the shape must be N x M and every value finite and >= 0. */
    void setWeights(DenseMatrix w);

    /** Row sums of W (length N). */
    double[] rowSums();

    /** Writes the exact state (weights in their stored precision, step counter). */
    void writeState(DataOutputStream out) throws IOException;

    /** Reads a state written by {@link #writeState} of the same implementation, precision and shape. */
    void readState(DataInputStream in) throws IOException;

    /** Implementation-specific counters (for logs and benchmarks). */
    default Map<String, Number> diagnostics() {
        return Map.of();
    }
}
