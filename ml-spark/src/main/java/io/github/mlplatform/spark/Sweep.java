package io.github.mlplatform.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link SweepPlan} on Spark: configurations that already have a finished run with the same
 * config are taken as they are (a sweep run again resumes), every other one becomes one Spark task
 * (one partition each), and the driver gathers the results in plan order. A configuration that
 * fails is a result with status {@code failed}, not a failed Spark task; a task whose executor dies
 * is retried by Spark ({@code spark.task.maxFailures}) and resumes from the experiment's checkpoint
 * when it keeps one.
 */
public final class Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    private Sweep() {
    }

    /**
     * What a sweep came to.
     *
     * @param results     one per configuration, in plan order
     * @param wallSeconds wall time from the first task submitted to the last result, in seconds
     * @param ran         configurations run now (the others were reused)
     */
    public record Outcome(List<TaskResult> results, double wallSeconds, int ran) {
    }

    /**
     * Runs the plan's configurations that have no finished run yet on {@code sc}, printing one
     * progress line per finished task to {@code progress}.
     */
    public static Outcome run(SweepPlan plan, JavaSparkContext sc, PrintWriter progress) throws IOException {
        Files.createDirectories(plan.outDir().resolve(SweepPlan.RUNS));
        Map<String, TaskResult> byId = new HashMap<>();
        List<SweepTask> todo = new ArrayList<>();
        for (SweepTask t : plan.tasks()) {
            Optional<Path> done = t.finishedRun(plan.spec().experiment(), configOf(t));
            if (done.isPresent()) {
                byId.put(t.id(), TaskResult.of(t, done.get(), true, 0, "-"));
            } else {
                todo.add(t);
            }
        }
        int total = plan.tasks().size();
        progress.printf(Locale.ROOT, "ml sweep %s: %d configurations, %d finished earlier, %d to run on %s (%d task slots)%n",
                plan.spec().experiment(), total, byId.size(), todo.size(), sc.master(), sc.defaultParallelism());
        progress.flush();
        long t0 = System.nanoTime();
        if (!todo.isEmpty()) {
            Progress listener = new Progress(todo, byId.size(), total, progress);
            sc.sc().addSparkListener(listener);
            try {
                List<TaskResult> results = sc.parallelize(todo, todo.size()).map(SweepTask::run).collect();
                for (TaskResult r : results) {
                    byId.put(r.id(), r);
                }
            } finally {
                sc.sc().removeSparkListener(listener);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<TaskResult> ordered = new ArrayList<>();
        for (SweepTask t : plan.tasks()) {
            ordered.add(byId.get(t.id()));
        }
        return new Outcome(ordered, wall, todo.size());
    }

    private static Map<String, Object> configOf(SweepTask t) throws IOException {
        return configOf(io.github.mlplatform.experiments.Experiments.byName(t.experiment()), t);
    }

    private static <C extends Record> Map<String, Object> configOf(io.github.mlplatform.experiments.Experiment<C> e, SweepTask t)
            throws IOException {
        return io.github.mlplatform.experiments.ExperimentRunner.plan(e, t.settings(), t.options(), false).configMap();
    }

    /** Prints "[k/n] id: status (seconds)" as Spark reports each task's end; reads the status from the run directory. */
    private static final class Progress extends SparkListener {
        private final List<SweepTask> tasks;
        private final int total;
        private final PrintWriter out;
        private final AtomicInteger done;
        private final Map<Long, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

        Progress(List<SweepTask> tasks, int alreadyDone, int total, PrintWriter out) {
            this.tasks = tasks;
            this.total = total;
            this.out = out;
            this.done = new AtomicInteger(alreadyDone);
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            started.put(start.taskInfo().taskId(), System.nanoTime());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            int index = end.taskInfo().index();
            if (index < 0 || index >= tasks.size()) {
                return;
            }
            SweepTask t = tasks.get(index);
            double secs = end.taskInfo().duration() / 1000.0;
            String line;
            if (end.taskInfo().successful()) {
                line = String.format(Locale.ROOT, "[%d/%d] %s: %s (%.1f s on %s)", done.incrementAndGet(), total, t.id(), statusOf(t),
                        secs, end.taskInfo().host());
            } else {
                line = String.format(Locale.ROOT, "[%d/%d] %s: task attempt %d lost (%s); Spark retries it", done.get(), total, t.id(),
                        end.taskInfo().attemptNumber(), end.reason());
            }
            synchronized (out) {
                out.println(line);
                out.flush();
            }
            LOG.debug(line);
        }

        private static String statusOf(SweepTask t) {
            try {
                return io.github.mlplatform.core.run.RunRecord.latest(t.dir(), t.experiment())
                        .map(SweepTask::status).orElse("no run directory");
            } catch (IOException ex) {
                return "?";
            }
        }
    }
}
