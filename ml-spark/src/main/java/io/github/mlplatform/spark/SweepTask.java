package io.github.mlplatform.spark;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Setting;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One configuration of a sweep: runs the experiment with these settings exactly as {@code ml run}
 * does ({@link ExperimentRunner#plan} then {@link ExperimentRunner#execute}), with its run directory
 * under {@code runsRoot/id/NAME/<timestamp>}. Serializable: Spark ships it to an executor, which
 * must reach {@code runsRoot} (and {@code dataDir}) under the same path.
 *
 * @param id         the configuration's name and directory, e.g. {@code winners=6,seed=43}
 * @param experiment the experiment's name
 * @param keys       setting keys, in order: fixed settings, then swept ones, then {@code seed}
 * @param values     their values as text
 * @param swept      how many of the last keys are swept (grid and seed): the configuration's parameters
 * @param runsRoot   absolute path of the sweep's {@code runs} directory
 * @param dataDir    {@code --data-dir} as an absolute path, or null for the usual places
 */
public record SweepTask(String id, String experiment, List<String> keys, List<String> values, int swept, String runsRoot,
                        String dataDir) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SweepTask {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
    }

    /** The settings as {@code ml run} would get them from {@code -P}. */
    public List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            boolean isSwept = i >= keys.size() - swept;
            out.add(new Setting(keys.get(i), values.get(i), (isSwept ? "--grid " : "-P ") + keys.get(i) + "=" + values.get(i)));
        }
        return out;
    }

    /** The swept parameters of this configuration: key → value, in grid order, seed last. */
    public Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = keys.size() - swept; i < keys.size(); i++) {
            out.put(keys.get(i), values.get(i));
        }
        return out;
    }

    /** The directory holding this configuration's runs ({@code NAME/<timestamp>} below it). */
    public Path dir() {
        return Path.of(runsRoot, id);
    }

    /** The run options this configuration's runs use. */
    public RunOptions options() {
        return new RunOptions(dataDir == null ? null : Path.of(dataDir), dir());
    }

    /**
     * Runs the configuration unless a finished run with the same config exists (then returns that
     * one, {@code reused}). A run that an earlier attempt left unfinished with a checkpoint (a killed
     * executor) is resumed. Never throws for a failing experiment: the failure is recorded in its
     * run directory and returned as status {@code failed} with a one-line error.
     */
    public TaskResult run() {
        long t0 = System.nanoTime();
        Experiment<?> e;
        try {
            e = Experiments.byName(experiment);
        } catch (RuntimeException ex) {
            return TaskResult.failed(this, null, Errors.oneLine(ex), 0, worker());
        }
        return run(e, t0);
    }

    private <C extends Record> TaskResult run(Experiment<C> e, long t0) {
        AtomicReference<Path> runDir = new AtomicReference<>();
        try {
            ExperimentRunner.Plan<C> plan = ExperimentRunner.plan(e, settings(), options(), false);
            Optional<Path> done = finishedRun(e.name(), plan.configMap());
            if (done.isPresent()) {
                return TaskResult.of(this, done.get(), true, 0, worker());
            }
            if (e.checkpoint().isPresent() && unfinishedWithCheckpoint(e.name(), e.checkpoint().get(), plan.configMap())) {
                plan = ExperimentRunner.plan(e, settings(), options(), true);
            }
            ExperimentRunner.Outcome o = ExperimentRunner.execute(plan, Environment.describe(), r -> {
                runDir.set(r.dir());
                r.note("sweep_configuration", id);
            });
            return TaskResult.of(this, o.record().dir(), false, seconds(t0), worker());
        } catch (Exception | Error ex) { // out of memory and stack overflow too: the JVM goes on with the other tasks
            return TaskResult.failed(this, runDir.get(), Errors.oneLine(ex), seconds(t0), worker());
        }
    }

    /** The newest finished run of this configuration whose {@code config.json} equals {@code config}. */
    public Optional<Path> finishedRun(String name, Map<String, Object> config) throws java.io.IOException {
        String wanted = Json.mapper().writeValueAsString(config);
        return RunRecord.latest(dir(), name, d -> "finished".equals(status(d)) && sameConfig(d, wanted));
    }

    private boolean unfinishedWithCheckpoint(String name, String checkpoint, Map<String, Object> config) throws java.io.IOException {
        String wanted = Json.mapper().writeValueAsString(config);
        return RunRecord.latest(dir(), name, d -> Files.isRegularFile(d.resolve(checkpoint)) && sameConfig(d, wanted)).isPresent();
    }

    /** The {@code status} of a run directory's {@code metrics.json}, or null when unreadable. */
    static String status(Path runDir) {
        try {
            return Json.read(runDir.resolve(RunRecord.METRICS)).path("status").asText(null);
        } catch (Exception ex) {
            return null;
        }
    }

    private static boolean sameConfig(Path runDir, String wantedJson) {
        try {
            return Json.read(runDir.resolve(RunRecord.CONFIG)).equals(Json.mapper().readTree(wantedJson));
        } catch (Exception ex) {
            return false;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** host:pid of the JVM running this task (an executor's, or the driver's in local mode). */
    static String worker() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception ex) {
            host = "?";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
