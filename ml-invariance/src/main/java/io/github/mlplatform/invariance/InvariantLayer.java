package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * EMA invariant layer with variable learning rate ("variable xi") of the seed. Weights U
 * (K neurons x N sparse inputs, initially U(0, initMax)) and state o (length K, zeroed at each
 * epoch start). One learning step on the sparse output x (length N):
 * <pre>
 *   o += alpha * (U x - o)
 *   r = U^T o                         (reconstruction of x)
 *   e = x - r
 *   zeta = leta where x > 0, seta elsewhere
 *   U += U o (o (zeta o e / max(r, eps))^T)          (o between matrices = element-wise product)
 *   if i % renormEvery == 0:  U = renormSum * U / rowsum(U)   (i = step index within the epoch)
 * </pre>
 * The small rate {@code seta} for inputs that are off keeps every sparse feature represented
 * (with a uniform rate some were "entirely left out"); the periodic row renormalisation was, in
 * the seed's words, "incredibly important". The seed read invariant features off U W
 * (prototypes) and the top-9 columns of each row of U (affinity groups).
 */
public interface InvariantLayer {

    EmaInvariantConfig config();

    /** "fused" or "nd4j". */
    String implementation();

    /** Precision of the stored weights. */
    Precision precision();

    /** Zeros o and the within-epoch step index (the seed does this at the start of every epoch). */
    void startEpoch();

    /**
     * One learning step on the sparse layer's output.
     *
     * @throws InvalidWeightsException if the update left non-finite or negative weights
     */
    void step(SparseCode x);

    /** Only the EMA update {@code o += alpha (U x - o)}, without learning (the seed's analysis loop). */
    void infer(SparseCode x);

    /** A copy of o (length K). */
    double[] state();

    /** Index within the epoch of the next step (0 after {@link #startEpoch()}). */
    int stepInEpoch();

    /** Number of learning steps done since creation (restored from checkpoints). */
    long steps();

    /** A copy of U (K x N). */
    DenseMatrix weights();

    /** Replaces U; the shape must be K x N and every value finite and >= 0. */
    void setWeights(DenseMatrix u);

    /** Writes the exact state (weights, o, step counters). */
    void writeState(DataOutputStream out) throws IOException;

    /** Reads a state written by {@link #writeState} of the same implementation, precision and shape. */
    void readState(DataInputStream in) throws IOException;

    /** Implementation-specific counters (for logs and benchmarks). */
    default Map<String, Number> diagnostics() {
        return Map.of();
    }
}
