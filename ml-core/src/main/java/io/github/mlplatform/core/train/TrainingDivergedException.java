package io.github.mlplatform.core.train;

/** Training produced a NaN or infinite loss; names where. The last checkpoint (if any) is untouched. */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int iteration;

    public TrainingDivergedException(int epoch, int iteration, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", iteration " + iteration
                + " (try a smaller learning rate, or check the inputs for NaN/Inf)");
        this.epoch = epoch;
        this.iteration = iteration;
    }

    public int epoch() {
        return epoch;
    }

    public int iteration() {
        return iteration;
    }
}
