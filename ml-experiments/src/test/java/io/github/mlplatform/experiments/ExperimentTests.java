package io.github.mlplatform.experiments;

import io.github.mlplatform.experiments.config.Setting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the end-to-end experiment tests share: one run of a built-in experiment through the CLI's planner and runner. */
public final class ExperimentTests {

    private ExperimentTests() {
    }

    /**
     * Runs experiment {@code name} into {@code out} with the settings {@code given} and then {@code params}
     * ({@code -P key=value}, in map order), resuming the newest run there when {@code resume}.
     */
    public static ExperimentRunner.Outcome run(String name, Path out, boolean resume, List<Setting> given, Map<String, String> params)
            throws Exception {
        List<Setting> all = new ArrayList<>(given);
        params.forEach((k, v) -> all.add(Setting.param(k, v)));
        return ExperimentRunner.execute(plan(Experiments.byName(name), all, out, resume), Map.of());
    }

    private static <C extends Record> ExperimentRunner.Plan<C> plan(Experiment<C> e, List<Setting> given, Path out, boolean resume)
            throws java.io.IOException {
        return ExperimentRunner.plan(e, given, new RunOptions(null, out), resume);
    }
}
