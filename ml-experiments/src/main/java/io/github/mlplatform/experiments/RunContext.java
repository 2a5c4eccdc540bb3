package io.github.mlplatform.experiments;

import io.github.mlplatform.core.run.RunRecord;

/**
 * What an experiment gets when it runs, besides its config.
 *
 * @param options where data and runs live
 * @param record  the run directory to write metrics, figures and the model into; on
 *                {@code --resume} it is the directory of the run being resumed
 * @param resumed true when {@code record} is an existing run to continue from its checkpoint
 */
public record RunContext(RunOptions options, RunRecord record, boolean resumed) {
}
