package io.github.mlplatform.experiments;

import java.util.Optional;

/**
 * One experiment of the seeds, runnable as {@code ml run NAME} and (optionally) benchmarkable as
 * {@code ml bench NAME}. Implementations are listed in {@link Experiments}.
 *
 * <p>Its settings are one immutable config record {@code C} whose components carry
 * {@link io.github.mlplatform.experiments.config.Param}: the CLI binds {@code -P key=value} and the
 * common options ({@code --epochs}, {@code --batch-size}, {@code --seed}, {@code --limit} set the keys
 * of the same name) onto {@link #defaults()} with
 * {@link io.github.mlplatform.experiments.config.ConfigBinder}, rejects unknown keys and bad values
 * before anything is written, writes the result to the run's {@code config.json} and hands it to
 * {@link #run}.
 *
 * @param <C> the config record
 */
public interface Experiment<C extends Record> {

    /** The CLI name, lower case with dashes (e.g. {@code lenet}, {@code invariance}). */
    String name();

    /** One line shown by {@code ml list}. */
    String description();

    /** The config record's class. */
    Class<C> configType();

    /** The settings of {@code ml run NAME} without options: the seed's recipe. */
    C defaults();

    /**
     * Runs the experiment with a checked config: writes everything into {@code ctx.record()}
     * (per-epoch and final metrics, figures, model; the CLI has written {@code config.json}) and
     * returns the one-screen summary that the CLI prints.
     */
    String run(C config, RunContext ctx) throws Exception;

    /**
     * The file, relative to a run directory, whose presence means the run can be continued with
     * {@code --resume}; empty when the experiment keeps no checkpoints.
     */
    default Optional<String> checkpoint() {
        return Optional.empty();
    }

    /** {@code ml bench NAME}, if the experiment has one. */
    default Optional<Benchmark<?>> benchmark() {
        return Optional.empty();
    }
}
