package io.github.mlplatform.invariance;

/**
 * Thrown when a step leaves a layer's weights non-finite (NaN, infinite) or negative. The
 * multiplicative updates of both layers keep weights non-negative only while
 * {@code xi * s * (v - r) / r > -1} and {@code o * zeta * (x - r) / r > -1}; too large learning
 * constants break that. Training stops with this error naming the layer and the step.
 */
public final class InvalidWeightsException extends IllegalStateException {

    private final String layer;
    private final long step;

    /**
     * @param layer  "sparse" or "invariant"
     * @param step   the layer's step counter (number of learning steps since creation, 1-based: the
     *               step that produced the bad weights)
     * @param detail what was wrong (e.g. "min weight -0.01 in row 17")
     */
    public InvalidWeightsException(String layer, long step, String detail) {
        super(layer + " layer weights became invalid at step " + step + ": " + detail
                + " (weights must stay finite and >= 0; lower the learning constants)");
        this.layer = layer;
        this.step = step;
    }

    /** Same error with the trainer's position added to the message. */
    public InvalidWeightsException(InvalidWeightsException cause, String context) {
        super(cause.getMessage() + "; " + context, cause);
        this.layer = cause.layer;
        this.step = cause.step;
    }

    /** "sparse" or "invariant". */
    public String layer() {
        return layer;
    }

    /** The layer's step counter at the failing step (1-based). */
    public long step() {
        return step;
    }
}
