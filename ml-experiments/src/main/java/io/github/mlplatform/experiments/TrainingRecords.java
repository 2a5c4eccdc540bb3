package io.github.mlplatform.experiments;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.experiments.topology.TopologyExperiment;

import java.util.List;

/** What an experiment trained by one {@link Trainer#fit} writes about that training into its run record. */
public final class TrainingRecords {

    private TrainingRecords() {
    }

    /**
     * After {@code fit}: the record's epoch list becomes the trainer's history
     * ({@link TopologyExperiment#keepEveryEpoch}), the note {@code execution_path} says how the steps
     * ran, and the final metrics get {@code epochs}, {@code train_loss} (the last epoch's),
     * {@code train_seconds}, {@code seconds_per_epoch} and {@code train_samples_per_s} (mean over the
     * epochs).
     *
     * @param history the trainer's history, not empty
     * @return the seconds of training, summed over the epochs
     */
    public static double afterFit(RunRecord rec, Trainer trainer, List<EpochMetrics> history) {
        TopologyExperiment.keepEveryEpoch(rec, history);
        if (trainer.executionPath() != null) {
            rec.note("execution_path", trainer.executionPath().toString());
        }
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        rec.putFinal("epochs", history.size());
        rec.putFinal("train_loss", history.get(history.size() - 1).trainLoss());
        rec.putFinal("train_seconds", seconds);
        rec.putFinal("seconds_per_epoch", seconds / history.size());
        rec.putFinal("train_samples_per_s", history.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0));
        return seconds;
    }
}
