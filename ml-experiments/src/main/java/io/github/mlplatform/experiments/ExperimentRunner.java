package io.github.mlplatform.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Setting;
import io.github.mlplatform.viz.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code ml run NAME} without the command line: {@link #plan} decides everything that can be wrong
 * with the arguments (settings, {@code --resume}) before anything is written; {@link #execute} then
 * creates (or re-opens) the run directory, writes {@code config.json}, runs the experiment and
 * records the outcome.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private ExperimentRunner() {
    }

    /**
     * A checked run, nothing written yet.
     *
     * @param experiment    the experiment
     * @param config        the checked settings
     * @param options       where data and runs live
     * @param resumeDir     the run to continue, or null for a new run
     * @param configChanged true when a resumed run continues with different resumable settings (e.g. more epochs)
     */
    public record Plan<C extends Record>(Experiment<C> experiment, C config, RunOptions options, Path resumeDir,
                                         boolean configChanged) {

        /** The config as {@code config.json} holds it. */
        public Map<String, Object> configMap() {
            return ConfigBinder.of(experiment.configType()).toMap(config);
        }
    }

    /** A finished run. */
    public record Outcome(RunRecord record, String summary) {
    }

    /** The name used in messages and help: {@code ml run NAME}. */
    public static String subject(Experiment<?> e) {
        return "ml run " + e.name();
    }

    /**
     * Binds the settings onto the experiment's defaults (or, with {@code resume}, onto the config of
     * the newest run that has a checkpoint, refusing settings that differ from it). Every problem
     * is an {@link IllegalArgumentException} with a one-line message; nothing is written.
     */
    public static <C extends Record> Plan<C> plan(Experiment<C> e, List<Setting> given, RunOptions options, boolean resume)
            throws IOException {
        ConfigBinder<C> binder = ConfigBinder.of(e.configType());
        String subject = subject(e);
        checkOut(options.outDir());
        if (!resume) {
            return new Plan<>(e, binder.bind(e.defaults(), given, subject), options, null, false);
        }
        String checkpoint = e.checkpoint().orElseThrow(() -> new IllegalArgumentException(
                "--resume: '" + e.name() + "' keeps no checkpoints, so its runs cannot be resumed"));
        Path dir = RunRecord.latest(options.outDir(), e.name(), d -> Files.isRegularFile(d.resolve(checkpoint)))
                .orElseThrow(() -> new IllegalArgumentException("--resume: no run of '" + e.name() + "' with a checkpoint ("
                        + checkpoint + ") under " + options.outDir().resolve(e.name())));
        Path configFile = dir.resolve(RunRecord.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("--resume: " + dir + " has no " + RunRecord.CONFIG + "; cannot tell what it was run with");
        }
        JsonNode stored;
        try {
            stored = Json.read(configFile);
        } catch (IOException ex) {
            throw new IllegalArgumentException("--resume: cannot read " + configFile + ": " + ex.getMessage(), ex);
        }
        C before = binder.fromJson(stored, e.defaults(), "--resume: " + configFile);
        C after = binder.bind(before, given, subject);
        List<String> refused = binder.differences(before, after, false);
        if (!refused.isEmpty()) {
            String mayChange = binder.keys().stream().filter(k -> k.param().resumable()).map(ConfigBinder.Key::key)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("--resume: the checkpoint in " + dir + " was trained with a different config: "
                    + String.join(", ", refused) + " (a resumed run may change only " + (mayChange.isEmpty() ? "nothing" : mayChange)
                    + "; start a new run without --resume)");
        }
        LOG.info("resuming {} (newest run with a checkpoint)", dir);
        return new Plan<>(e, after, options, dir, !binder.differences(before, after, true).isEmpty());
    }

    /** {@code --out} must be a directory or not exist yet. */
    static void checkOut(Path out) {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": not a directory");
        }
    }

    /**
     * Runs a plan: creates (or re-opens) the run directory, writes {@code config.json} (for a resumed
     * run only when a resumable setting changed), runs the experiment, writes the summary, marks the
     * run finished or failed and writes its report. A failure is rethrown after it is recorded.
     */
    public static <C extends Record> Outcome execute(Plan<C> plan, Map<String, Object> environment) throws Exception {
        return execute(plan, environment, r -> { });
    }

    /** {@link #execute(Plan, Map)}, telling {@code started} the run directory before the experiment runs. */
    public static <C extends Record> Outcome execute(Plan<C> plan, Map<String, Object> environment, Consumer<RunRecord> started)
            throws Exception {
        boolean resumed = plan.resumeDir() != null;
        RunRecord record = resumed ? RunRecord.open(plan.resumeDir())
                : RunRecord.create(plan.options().outDir(), plan.experiment().name(), environment);
        try {
            started.accept(record);
            if (!resumed || plan.configChanged()) {
                record.writeConfig(plan.configMap());
            }
            String summary = plan.experiment().run(plan.config(), new RunContext(plan.options(), record, resumed));
            record.writeSummary(summary);
            record.finish("finished");
            return new Outcome(record, summary);
        } catch (Exception | Error ex) {
            try {
                record.note("error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
                record.finish("failed");
            } catch (RuntimeException | Error suppressed) {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        } finally {
            writeReportQuietly(record.dir());
        }
    }

    /** Writes the run's report, logging (not throwing) a failure so the run's own outcome is what the user sees. */
    static void writeReportQuietly(Path runDir) {
        try {
            RunReport.write(runDir);
        } catch (Exception | OutOfMemoryError e) {
            LOG.warn("could not write the report of {}: {}", runDir, e.getMessage());
        }
    }
}
