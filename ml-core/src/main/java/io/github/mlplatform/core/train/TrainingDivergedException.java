package io.github.mlplatform.core.train;

/**
 * Training produced a NaN or infinite loss; names where, counting as people do: epoch 1 is the
 * first epoch and iteration 1 its first batch. The last checkpoint (if any) is untouched.
 */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int iteration;

    /**
     * @param epoch     1-based epoch
     * @param iteration 1-based batch within the epoch (the first batch is iteration 1)
     * @param loss      the non-finite loss
     */
    public TrainingDivergedException(int epoch, int iteration, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", iteration " + iteration
                + " (try a smaller learning rate, or check the inputs for NaN/Inf)");
        this.epoch = epoch;
        this.iteration = iteration;
    }

    /** The 1-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch within the epoch. */
    public int iteration() {
        return iteration;
    }
}
