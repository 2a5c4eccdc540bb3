package io.github.mlplatform.core.train;

/** Observes training; both methods default to doing nothing. */
public interface TrainingListener {

    /** After each batch: 1-based epoch, 0-based iteration within the epoch, the batch's loss and size. */
    default void onIteration(int epoch, int iteration, double loss, int batchSize) {
    }

    /** After each epoch (and its evaluation). */
    default void onEpoch(EpochMetrics metrics) {
    }
}
