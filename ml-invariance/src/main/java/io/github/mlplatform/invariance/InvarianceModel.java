package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The seed's two-layer network: an MWTA {@link SparseLayer} whose output feeds an EMA
 * {@link InvariantLayer}. One {@link #step(float[])} is one iteration of the seed's inner loop:
 * the sparse step on the frame (update of W, output x with the updated row sums), then the
 * invariant step on x (EMA, update of U, renormalisation every {@code renormEvery} steps of the
 * epoch). {@link #startEpoch()} zeros the EMA state as the seed does before every epoch.
 */
public final class InvarianceModel {

    private final SparseLayer sparse;
    private final InvariantLayer invariant;

    public InvarianceModel(SparseLayer sparse, InvariantLayer invariant) {
        if (sparse.config().neurons() != invariant.config().inputs()) {
            throw new IllegalArgumentException("invariant layer inputs (" + invariant.config().inputs()
                    + ") must equal sparse layer neurons (" + sparse.config().neurons() + ")");
        }
        this.sparse = sparse;
        this.invariant = invariant;
    }

    /**
     * Both layers with weights from {@link WeightInit#initial} for {@code seed} (so every
     * implementation and precision starts from the same numbers).
     *
     * @param precision the precision of the sparse weights (the fused invariant layer is always double)
     */
    public static InvarianceModel create(Implementation impl, MwtaConfig sparseConfig, EmaInvariantConfig invariantConfig,
                                         Precision precision, long seed) {
        DenseMatrix[] init = WeightInit.initial(sparseConfig, invariantConfig, seed);
        return create(impl, sparseConfig, invariantConfig, precision, init[0], init[1]);
    }

    /** Both layers with the given initial weights. */
    public static InvarianceModel create(Implementation impl, MwtaConfig sparseConfig, EmaInvariantConfig invariantConfig,
                                         Precision precision, DenseMatrix w0, DenseMatrix u0) {
        if (sparseConfig.neurons() != invariantConfig.inputs()) {
            throw new IllegalArgumentException("EmaInvariantConfig.inputs (" + invariantConfig.inputs()
                    + ") must equal MwtaConfig.neurons (" + sparseConfig.neurons() + ")");
        }
        return switch (impl) {
            case FUSED -> new InvarianceModel(new FusedMwtaLayer(sparseConfig, precision, w0),
                    new FusedEmaInvariantLayer(invariantConfig, u0));
            case ND4J -> new InvarianceModel(new Nd4jMwtaLayer(sparseConfig, precision, w0),
                    new Nd4jEmaInvariantLayer(invariantConfig, precision, u0));
        };
    }

    public SparseLayer sparse() {
        return sparse;
    }

    public InvariantLayer invariant() {
        return invariant;
    }

    /** Zeros the invariant layer's EMA state and its within-epoch step index. */
    public void startEpoch() {
        invariant.startEpoch();
    }

    /** One learning step of both layers on frame v; returns the sparse code (reused object). */
    public SparseCode step(float[] v) {
        SparseCode code = sparse.step(v);
        invariant.step(code);
        return code;
    }

    /**
     * Both layers' outputs for v without learning (the seed's analysis loop): the sparse code is
     * returned, the invariant layer's EMA state advances, and r = W^T s goes to
     * {@code reconstruction} when it is not null.
     */
    public SparseCode infer(float[] v, float[] reconstruction) {
        SparseCode code = sparse.infer(v, reconstruction);
        invariant.infer(code);
        return code;
    }

    /** Writes both layers' exact states. */
    public void writeState(DataOutputStream out) throws IOException {
        sparse.writeState(out);
        invariant.writeState(out);
    }

    /** Reads both layers' states written by {@link #writeState} of the same kind of model. */
    public void readState(DataInputStream in) throws IOException {
        sparse.readState(in);
        invariant.readState(in);
    }

    /** e.g. "fused/FLOAT" or "nd4j/DOUBLE". */
    public String describe() {
        return sparse.implementation() + "/" + sparse.precision();
    }
}
