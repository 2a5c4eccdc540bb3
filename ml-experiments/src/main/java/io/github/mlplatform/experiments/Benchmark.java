package io.github.mlplatform.experiments;

import java.io.PrintStream;

/**
 * {@code ml bench NAME}: measures an experiment's speed and prints its figures. Settings are a
 * config record bound like an experiment's (see {@link Experiment}).
 *
 * @param <B> the config record
 */
public interface Benchmark<B extends Record> {

    Class<B> configType();

    B defaults();

    void run(B config, RunOptions options, PrintStream out) throws Exception;
}
