package io.github.mlplatform.experiments;

import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What the {@code ml bench} commands of the trained experiments share: training passes over a fixed
 * list of batches (so data loading is not measured), the best of several passes in samples per
 * second and in CPU seconds of the whole JVM, the per-op profile table of one more pass, and the
 * load average to print beside them.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    /**
     * The best of the measured passes.
     *
     * @param samplesPerSecond    the fastest pass, training samples per wall-clock second
     * @param cpuSecondsPerSample the lowest CPU time of this JVM (all threads) per training sample
     * @param path                how the last pass's steps were executed (replayed or not, and why)
     */
    public record Measured(double samplesPerSecond, double cpuSecondsPerSample, GraphExecutor.Execution path) {

        /** Wall-clock seconds for {@code samples} training samples at the best pass's speed. */
        public double seconds(long samples) {
            return samples / samplesPerSecond;
        }

        /** CPU seconds for {@code samples} training samples at the best pass's cost. */
        public double cpuSeconds(long samples) {
            return samples * cpuSecondsPerSample;
        }
    }

    /**
     * Settings of an {@code ml bench} that trains on one repeated synthetic batch (autoencoder,
     * comparative); the defaults are {@link #defaults()}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 examples</td><td>examples per step (images, or pairs for comparative)</td></tr>
     * <tr><td>{@code steps}</td><td>integer</td><td>200</td><td>training steps per measured pass</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>measured passes; the best is reported</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every op per training step (needs workers=1)</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation and data seed</td></tr>
     * <tr><td>{@code threads}</td><td>integer</td><td>0</td><td>OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "examples per step (images, or pairs for comparative)", unit = "examples") int batchSize,
            @Param(doc = "training steps per measured pass") int steps,
            @Param(doc = "measured passes; the best is reported") int repeats,
            @Param(doc = "data-parallel training threads", defaultText = "cores, at most 2") int workers,
            @Param(doc = "print the time of every op per training step (needs workers=1)") boolean profile,
            @Param(doc = "initialisation and data seed") long seed,
            @Param(doc = "OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says)") int threads) {

        public Config {
            Check.between(batchSize, 1, Check.MAX_BATCH, "batch-size");
            Check.between(steps, 1, 1_000_000, "steps");
            Check.atLeast(repeats, 1, "repeats");
            Check.atLeast(workers, 1, "workers");
            Check.that(!profile || workers == 1, "profile", "needs -P workers=1 (only the main graph is profiled)");
            Check.between(threads, 0, 256, "threads");
        }

        /**
         * Batch 64, 200 steps per pass, best of 3, cores (at most 2) workers of one OpenMP thread
         * (threads 0: OMP_NUM_THREADS, which `./ml` sets to 1), no profile, seed 42.
         */
        public static Config defaults() {
            return new Config(64, 200, 3, LenetConfig.defaultWorkers(), false, 42, 0);
        }

        /** The same with {@code workers} data-parallel workers of {@code threads} OpenMP threads each. */
        public Config withWorkersAndThreads(int newWorkers, int newThreads) {
            return new Config(batchSize, steps, repeats, newWorkers, profile, seed, newThreads);
        }
    }

    /** {@code step} repeated {@code steps} times: the batches of one pass. */
    public static List<DataSet> repeated(DataSet step, int steps) {
        return new ArrayList<>(Collections.nCopies(steps, step));
    }

    /**
     * One warm-up pass (records the graph, warms the JIT), then {@code repeats} measured passes, each
     * with a fresh trainer from {@code trainer} (given the worker count) over {@code batches}.
     */
    public static Measured bestOf(int repeats, Model model, IntFunction<Trainer> trainer, int workers, List<DataSet> batches)
            throws IOException {
        long samples = 0;
        for (DataSet d : batches) {
            samples += d.getFeatures().size(0);
        }
        trainer.apply(workers).fit(model, e -> BatchIterator.of(batches), null);
        double best = 0;
        double bestCpu = Double.POSITIVE_INFINITY;
        GraphExecutor.Execution path = null;
        for (int r = 0; r < repeats; r++) {
            Trainer t = trainer.apply(workers);
            long cpu0 = processCpuNanos();
            List<EpochMetrics> h = t.fit(model, e -> BatchIterator.of(batches), null);
            long cpu = processCpuNanos() - cpu0;
            best = Math.max(best, h.get(0).samplesPerSecond());
            bestCpu = Math.min(bestCpu, cpu / 1e9 / samples);
            path = t.executionPath();
        }
        return new Measured(best, bestCpu, path);
    }

    /**
     * A benchmark's measurement and output in one: {@link #bestOf}, then the line {@code train  N samples/s,
     * S s per epoch of 60,000 (C CPU-s of this process)  (path)} for a 60,000-image MNIST epoch, the
     * {@linkplain #printProfile profile table} when {@code profile}, and the line {@code JSON {...}} that
     * the {@code bench/reference/compare-*.sh} scripts read: {@code impl}, {@code workers},
     * {@code omp_threads}, then {@code fields} (JSON members without braces, e.g. {@code "batch":64}),
     * {@code train_samples_per_s}, {@code seconds_per_epoch}, {@code cpu_seconds_per_epoch},
     * {@code train_path} and {@code loadavg_1min}.
     */
    public static Measured report(PrintStream out, Model model, IntFunction<Trainer> trainer, int workers, int repeats,
                                  List<DataSet> batches, boolean profile, String fields) throws IOException {
        return report(out, model, trainer, workers, repeats, batches, profile, fields, 60_000);
    }

    /** {@link #report} for an epoch of {@code epochSamples} samples. */
    static Measured report(PrintStream out, Model model, IntFunction<Trainer> trainer, int workers, int repeats,
                           List<DataSet> batches, boolean profile, String fields, long epochSamples) throws IOException {
        Measured m = bestOf(repeats, model, trainer, workers, batches);
        double epochSeconds = m.seconds(epochSamples);
        double epochCpuSeconds = m.cpuSeconds(epochSamples);
        GraphExecutor.Execution path = m.path();
        out.printf(Locale.ROOT, "train   %8.0f samples/s, %.2f s per epoch of %,d (%.2f CPU-s of this process)   (%s)%n", m.samplesPerSecond(),
                epochSeconds, epochSamples, epochCpuSeconds, path);
        if (profile) {
            printProfile(out, model, trainer, batches);
        }
        out.printf(Locale.ROOT, "JSON {\"impl\":\"ml\",\"workers\":%d,\"omp_threads\":\"%s\",%s,\"train_samples_per_s\":%.1f,"
                        + "\"seconds_per_epoch\":%.3f,\"cpu_seconds_per_epoch\":%.3f,\"train_path\":\"%s\",\"loadavg_1min\":%s}%n",
                workers, String.valueOf(NativeThreads.current()), fields, m.samplesPerSecond(), epochSeconds,
                epochCpuSeconds, path == null ? "none" : path.path(), loadAverage());
        return m;
    }

    /** The line {@code backend: CPU, OMP_NUM_THREADS=1, native ops' threads: ...} that every training benchmark prints first. */
    public static void printBackend(PrintStream out) {
        out.println("backend: " + Environment.describe().get("backend") + ", OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ", native ops' threads: " + NativeThreads.describe());
    }

    /**
     * Profiles one more pass on one worker (the main graph's executor) and prints a markdown table
     * of the replayed ops, slowest first: kernel, executions per step, ms per step, share.
     */
    public static void printProfile(PrintStream out, Model model, IntFunction<Trainer> trainer, List<DataSet> batches) throws IOException {
        model.executor().startProfile();
        trainer.apply(1).fit(model, e -> BatchIterator.of(batches), null);
        GraphExecutor.Profile p = model.executor().stopProfile();
        long replays = Math.max(1, p.replays());
        double step = p.totalNanos() / 1e6 / replays;
        out.printf(Locale.ROOT, "profile over %d replayed steps: %.3f ms per step (loss + gradients)%n", p.replays(), step);
        out.println("| op (kernel) | executions per step | ms per step | share |");
        out.println("| --- | --- | --- | --- |");
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(p.entries().entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var e : rows) {
            double ms = e.getValue()[0] / 1e6 / replays;
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.1f%% |%n", e.getKey(), e.getValue()[1] / replays, ms, 100 * ms / step);
        }
    }

    /**
     * The body of an {@code ml bench} of a trained experiment: {@link #bestOf} over {@code steps}
     * copies of {@code batch}, one line "train N samples/s, S s per epoch of {@code epochSamples}
     * (C CPU-s of this process) (path)", the per-op table when {@code profile}, and the line
     * {@code JSON {...}} that the {@code bench/reference/compare-*.sh} scripts read (impl, workers,
     * omp_threads, batch, train_samples_per_s, seconds_per_epoch, cpu_seconds_per_epoch, train_path,
     * loadavg_1min). The caller prints its own header first.
     */
    public static Measured measureAndPrint(PrintStream out, Model model, IntFunction<Trainer> trainer, DataSet batch, int steps, int repeats,
                                           int workers, boolean profile, long epochSamples) throws IOException {
        printBackend(out);
        return report(out, model, trainer, workers, repeats, repeated(batch, steps), profile,
                "\"batch\":" + batch.getFeatures().size(0), epochSamples);
    }

    /** CPU time of this JVM (all threads, JIT and GC included), or 0 when the platform does not say. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The 1-minute load average from {@code /proc/loadavg} as text, or {@code "null"} where there is none (a JSON value either way). */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "null";
        }
    }
}
