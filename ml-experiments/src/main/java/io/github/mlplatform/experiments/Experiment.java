package io.github.mlplatform.experiments;

import java.io.PrintStream;

/**
 * One experiment of the seeds, runnable as {@code ml run NAME} and (optionally) benchmarkable as
 * {@code ml bench NAME}. Implementations are listed in {@link Experiments}.
 */
public interface Experiment {

    /** The CLI name, lower case with dashes (e.g. {@code lenet}, {@code invariance}). */
    String name();

    /** One line shown by {@code ml list}. */
    String description();

    /**
     * Runs the experiment: reads its options from {@code ctx.options()}, writes everything into
     * {@code ctx.record()} (config, per-epoch and final metrics, figures, model) and returns the
     * one-screen summary that the CLI prints.
     */
    String run(RunContext ctx) throws Exception;

    /** True when {@link #bench} does something. */
    default boolean hasBenchmark() {
        return false;
    }

    /** Runs the benchmark and prints its figures to {@code out}. */
    default void bench(RunOptions options, PrintStream out) throws Exception {
        throw new IllegalArgumentException("experiment '" + name() + "' has no benchmark");
    }
}
