package io.github.mlplatform.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;

import static org.assertj.core.api.Assertions.assertThat;

/** The resume check of the experiment tests whose per-epoch test metrics come from a training listener. */
public final class ResumeCheck {

    private ResumeCheck() {
    }

    /** Runs the experiment for {@code epochs} epochs, resuming the newest run when {@code resume}. */
    @FunctionalInterface
    public interface Run {
        ExperimentRunner.Outcome run(int epochs, boolean resume) throws Exception;
    }

    /**
     * {@code --resume} with one more epoch continues the same run. The record of a finished 2-epoch run
     * first loses epoch 2, as when a kill lands between the trainer's checkpoint and the listener: it
     * is listed again, without the listener's {@code testKey}; epoch 3 is trained and has it, and its
     * training loss is below epoch 1's.
     *
     * @return the run's metrics after the resume
     */
    public static JsonNode dropEpochTwoAndResumeToThree(RunRecord rec, Run run, String testKey) throws Exception {
        rec.truncateEpochs(1);
        ExperimentRunner.Outcome r = run.run(3, true);
        assertThat(r.record().dir()).isEqualTo(rec.dir());
        JsonNode metrics = Json.read(rec.file(RunRecord.METRICS));
        JsonNode epochs = metrics.get("epochs");
        assertThat(epochs).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(epochs.get(i).get("epoch").asInt()).isEqualTo(i + 1);
            assertThat(epochs.get(i).has(testKey)).as("epoch %d has %s", i + 1, testKey).isEqualTo(i != 1);
        }
        assertThat(epochs.get(2).get("train_loss").asDouble()).isLessThan(epochs.get(0).get("train_loss").asDouble());
        return metrics;
    }
}
