package io.github.mlplatform.experiments;

import java.nio.file.Path;

/**
 * The options of {@code ml run} / {@code ml bench} that are not settings of the experiment (those
 * are its config record): where data and runs live.
 *
 * @param dataDir {@code --data-dir}, or null to search the usual places
 * @param outDir  {@code --out}: root of run directories (default {@code runs})
 */
public record RunOptions(Path dataDir, Path outDir) {

    /** The usual places for data, {@code runs} for run directories. */
    public static RunOptions defaults() {
        return new RunOptions(null, Path.of("runs"));
    }
}
