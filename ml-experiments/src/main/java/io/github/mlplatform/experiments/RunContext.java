package io.github.mlplatform.experiments;

import io.github.mlplatform.core.run.RunRecord;

/**
 * What an experiment gets when it runs.
 *
 * @param options the command-line options
 * @param record  the run directory to write config, metrics, figures and the model into; on
 *                {@code --resume} it is the directory of the run being resumed
 * @param resumed true when {@code record} is an existing run to continue from its checkpoint
 */
public record RunContext(RunOptions options, RunRecord record, boolean resumed) {
}
