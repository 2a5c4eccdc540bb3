package io.github.mlplatform.experiments;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The options of {@code ml run} / {@code ml bench} as given on the command line. Unset numbers are
 * empty so that each experiment applies its own defaults (the seeds' values).
 *
 * @param epochs    {@code --epochs}
 * @param batchSize {@code --batch-size}
 * @param seed      {@code --seed} (default 42)
 * @param limit     {@code --limit}: at most this many training examples (or steps, per experiment)
 * @param dataDir   {@code --data-dir}, or null to search the usual places
 * @param outDir    {@code --out}: root of run directories (default {@code runs})
 * @param resume    {@code --resume}: continue the newest run of this experiment from its checkpoint
 * @param params    {@code -P key=value}: experiment-specific settings (e.g. {@code stream=ribbon})
 */
public record RunOptions(OptionalInt epochs, OptionalInt batchSize, long seed, OptionalInt limit, Path dataDir,
                         Path outDir, boolean resume, Map<String, String> params) {

    public RunOptions {
        params = Map.copyOf(params);
    }

    /** An experiment-specific setting, or the default when absent. */
    public String param(String key, String defaultValue) {
        return params.getOrDefault(key, defaultValue);
    }

    /** An integer experiment-specific setting; a malformed value is an error naming the key. */
    public int intParam(String key, int defaultValue) {
        String v = params.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-P " + key + "=" + v + ": expected a whole number");
        }
    }

    /** A floating-point experiment-specific setting; a malformed value is an error naming the key. */
    public double doubleParam(String key, double defaultValue) {
        String v = params.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-P " + key + "=" + v + ": expected a number");
        }
    }
}
