package io.github.mlplatform.experiments.names;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml bench mlp-names}: seconds per 10,000 training steps of the {@code mlp-names} network on
 * random minibatches of the real training examples, measured three ways in alternation so that
 * they can be compared in one session:
 *
 * <ul>
 *   <li>{@code trainer}: {@code Trainer.fit} over one epoch of the minibatches, exactly what
 *       {@code ml run mlp-names} does per step (minibatch arrays, {@code Model.feed}'s checks, the
 *       replayed graph, the ND4J SGD updater, progress and listeners);</li>
 *   <li>{@code replay}: the same minibatches through {@code GraphExecutor.run} and the same SGD
 *       arithmetic by hand ({@code g *= lr; w -= g}): the graph's cost without the Trainer's
 *       other per-step work;</li>
 *   <li>{@code ops}: the replayed ops alone (the executor's profile of the {@code replay} loop),
 *       printed per op with {@code -P profile=true};</li>
 *   <li>{@code batches}: drawing the minibatch arrays alone.</li>
 * </ul>
 *
 * The trainer figure also gives the training thread's CPU time, which other jobs on a busy machine
 * disturb less than wall time.
 *
 * The PyTorch reference of the same loop is {@code bench/reference/mlp_names_torch.py} (its
 * "seconds per 10,000 steps"). Settings: {@link Config}.
 */
public final class MlpNamesBenchmark implements Benchmark<MlpNamesBenchmark.Config> {

    /**
     * Settings of {@code ml bench mlp-names}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code steps}</td><td>integer</td><td>10000 steps</td><td>timed steps per pass</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>timed passes of each kind, alternating; the best is reported</td></tr>
     * <tr><td>{@code warmup-steps}</td><td>integer</td><td>5000 steps</td><td>untimed Trainer steps first (JIT, kernel caches)</td></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>32 examples</td><td>minibatch size</td></tr>
     * <tr><td>{@code block-size}</td><td>integer</td><td>3 characters</td><td>characters of context</td></tr>
     * <tr><td>{@code embedding}</td><td>integer</td><td>10</td><td>embedding size</td></tr>
     * <tr><td>{@code hidden}</td><td>integer</td><td>200</td><td>tanh units</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the weights and minibatches</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every replayed op per step</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "timed steps per pass", unit = "steps") int steps,
            @Param(doc = "timed passes of each kind, alternating; the best is reported") int repeats,
            @Param(doc = "untimed Trainer steps first (JIT, kernel caches)", unit = "steps") int warmupSteps,
            @Param(doc = "minibatch size", unit = "examples") int batchSize,
            @Param(doc = "characters of context", unit = "characters") int blockSize,
            @Param(doc = "embedding size") int embedding,
            @Param(doc = "tanh units") int hidden,
            @Param(doc = "seed of the weights and minibatches") long seed,
            @Param(doc = "print the time of every replayed op per step") boolean profile) {

        public Config {
            Check.atLeast(steps, 1, "steps");
            Check.atLeast(repeats, 1, "repeats");
            Check.atLeast(warmupSteps, 0, "warmup-steps");
            Check.atLeast(batchSize, 1, "batch-size");
            Check.atLeast(blockSize, 1, "block-size");
            Check.atLeast(embedding, 1, "embedding");
            Check.atLeast(hidden, 1, "hidden");
        }

        MlpNamesConfig experiment() {
            MlpNamesConfig d = MlpNamesConfig.defaults();
            return new MlpNamesConfig(steps, 0, d.lr(), d.lrAfter(), batchSize, blockSize, embedding, hidden, seed, d.splitSeed(), 0, steps);
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaults() {
        MlpNamesConfig d = MlpNamesConfig.defaults();
        return new Config(10_000, 3, 5_000, d.batchSize(), d.blockSize(), d.embedding(), d.hidden(), d.seed(), false);
    }

    /** Seconds per 10,000 steps of each kind (best pass). */
    public record Result(double trainer, double replay, double ops, double batches) {
    }

    @Override
    public void run(Config c, RunOptions options, PrintStream out) throws Exception {
        measure(c, options, out);
    }

    /** Runs the benchmark and returns its figures. */
    public static Result measure(Config c, RunOptions options, PrintStream out) throws Exception {
        MlpNamesConfig cfg = c.experiment();
        MlpNamesExperiment.Data data = MlpNamesExperiment.Data.of(MlpNamesExperiment.names(options), cfg);
        int vocab = data.vocab().size();
        String omp = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        out.printf(Locale.ROOT, "mlp-names benchmark: Embedding(%d, %d) -> Linear(%d, %d) -> tanh -> Linear(%d, %d), batch %d, float32, "
                        + "%d steps per pass, best of %d%n", vocab, c.embedding(), c.blockSize() * c.embedding(), c.hidden(), c.hidden(), vocab,
                c.batchSize(), c.steps(), c.repeats());
        out.println("backend: " + Environment.describe().get("backend") + ", OMP_NUM_THREADS=" + omp);
        Model model = Model.builder(MlpNamesExperiment.network(cfg, vocab)).inputShape(c.blockSize()).labelShape(vocab)
                .loss(Loss.crossEntropyFromLogits()).seed(c.seed()).build();
        RandomBatches batches = new RandomBatches(data.train(), vocab, c.batchSize(), 1, c.seed());
        if (c.warmupSteps() > 0) {
            trainer().fit(model, e -> batches.with(c.warmupSteps(), c.seed() + 1), null);
        }
        double bestTrainer = Double.POSITIVE_INFINITY;
        double bestTrainerCpu = Double.POSITIVE_INFINITY;
        double bestTrainerProcessCpu = Double.POSITIVE_INFINITY;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double bestReplay = Double.POSITIVE_INFINITY;
        double bestReplayCpu = Double.POSITIVE_INFINITY;
        double bestOps = Double.POSITIVE_INFINITY;
        double bestBatches = Double.POSITIVE_INFINITY;
        GraphExecutor.Profile lastProfile = null;
        for (int r = 0; r < c.repeats(); r++) {
            Trainer t = trainer();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            List<EpochMetrics> h = t.fit(model, e -> batches.with(c.steps(), c.seed() + 10 + e), null);
            bestTrainerCpu = Math.min(bestTrainerCpu, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9 / c.steps() * 10_000);
            bestTrainerProcessCpu = Math.min(bestTrainerProcessCpu, (os.getProcessCpuTime() - process0) / 1e9 / c.steps() * 10_000);
            bestTrainer = Math.min(bestTrainer, h.get(0).seconds() / c.steps() * 10_000);
            if (r == 0) {
                out.println("training steps: " + t.executionPath());
            }
            bestBatches = Math.min(bestBatches, drawOnly(batches.with(c.steps(), c.seed() + 30 + r), c.steps()) / c.steps() * 10_000);
            // plain and profiled replay passes alternate: the profile's clock reads would inflate the plain timing
            for (boolean profiled : new boolean[]{false, true}) {
                Loop l = replayLoop(model, batches.with(c.steps(), c.seed() + 20 + r), c.steps(), 0.01, profiled);
                if (profiled) {
                    lastProfile = l.profile();
                    bestOps = Math.min(bestOps, opsNanos(l.profile()) / 1e9 / l.profile().replays() * 10_000);
                } else {
                    bestReplay = Math.min(bestReplay, l.seconds() / c.steps() * 10_000);
                    bestReplayCpu = Math.min(bestReplayCpu, l.cpuSeconds() / c.steps() * 10_000);
                }
            }
        }
        out.printf(Locale.ROOT, "load average %.2f%n", loadAverage());
        out.printf(Locale.ROOT, "trainer  %7.2f s per 10,000 steps  (Trainer.fit: what ml run does; CPU: %.2f s process, %.2f s this thread)%n",
                bestTrainer, bestTrainerProcessCpu, bestTrainerCpu);
        out.printf(Locale.ROOT, "replay   %7.2f s per 10,000 steps  (GraphExecutor.run + g *= lr, w -= g by hand; CPU: %.2f s this thread)%n",
                bestReplay, bestReplayCpu);
        out.printf(Locale.ROOT, "ops      %7.2f s per 10,000 steps  (the replayed ops alone)%n", bestOps);
        out.printf(Locale.ROOT, "batches  %7.2f s per 10,000 steps  (drawing the minibatch arrays alone)%n", bestBatches);
        if (c.profile() && lastProfile != null) {
            printProfile(out, lastProfile);
        }
        out.printf(Locale.ROOT, "JSON {\"impl\":\"ml-samediff\",\"omp_threads\":\"%s\",\"trainer_seconds_per_10k_steps\":%.3f,\"trainer_cpu_seconds_per_10k_steps\":%.3f,\"trainer_thread_cpu_seconds_per_10k_steps\":%.3f,"
                + "\"replay_seconds_per_10k_steps\":%.3f,\"replay_thread_cpu_seconds_per_10k_steps\":%.3f,\"ops_seconds_per_10k_steps\":%.3f,\"batches_seconds_per_10k_steps\":%.3f,"
                + "\"load_average\":%.2f}%n", omp, bestTrainer, bestTrainerProcessCpu, bestTrainerCpu, bestReplay, bestReplayCpu, bestOps, bestBatches, loadAverage());
        return new Result(bestTrainer, bestReplay, bestOps, bestBatches);
    }

    private static Trainer trainer() {
        return new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.01)));
    }

    /** A timed replay loop and, when profiled, the executor's profile of it. */
    private record Loop(double seconds, double cpuSeconds, GraphExecutor.Profile profile) {
    }

    /**
     * {@code steps} steps through the model's executor with a hand-written SGD update, timed; with
     * {@code profile}, also the executor's per-op profile (two clock reads per op).
     */
    private static Loop replayLoop(Model model, RandomBatches it, int steps, double lr, boolean profile) {
        List<String> trainable = new ArrayList<>(model.trainableParameterNames());
        Map<String, INDArray> params = new LinkedHashMap<>();
        trainable.forEach(n -> params.put(n, model.sameDiff().getArrForVarName(n)));
        GraphExecutor ex = model.executor();
        model.setTraining(true);
        List<String> loss = List.of(Model.LOSS);
        it.reset();
        if (profile) {
            ex.startProfile();
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            DataSet d = it.next();
            GraphExecutor.Result r = ex.run(Map.of(Model.INPUT, d.getFeatures(), Model.LABELS, d.getLabels()), loss, trainable);
            for (var e : params.entrySet()) { // as the Trainer's SGD: g *= lr (the updater), w -= g
                e.getValue().subi(r.gradients().get(e.getKey()).muli(lr));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        model.setTraining(false);
        return new Loop(seconds, cpuSeconds, profile ? ex.stopProfile() : null);
    }

    /** Seconds to draw {@code steps} minibatches (arrays included) and nothing else. */
    private static double drawOnly(RandomBatches it, int steps) {
        it.reset();
        long t0 = System.nanoTime();
        long sink = 0;
        for (int s = 0; s < steps; s++) {
            sink += it.next().getFeatures().length();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink != (long) steps * it.batch() * it.inputColumns()) {
            throw new IllegalStateException("unexpected batch sizes");
        }
        return seconds;
    }

    private static long opsNanos(GraphExecutor.Profile p) {
        long sum = 0;
        for (long[] v : p.entries().values()) {
            sum += v[0];
        }
        return sum;
    }

    /** Per-op microseconds per step, largest first. */
    static void printProfile(PrintStream out, GraphExecutor.Profile p) {
        double step = p.totalNanos() / 1e3 / p.replays();
        out.printf(Locale.ROOT, "profile over %d replayed steps: %.1f us per executor call (loss + gradients)%n", p.replays(), step);
        out.println("| op (kernel) [first input's shape] | us per step | share |");
        out.println("| --- | --- | --- |");
        double listed = 0;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(p.entries().entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var e : rows) {
            double us = e.getValue()[0] / 1e3 / p.replays();
            listed += us;
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% |%n", e.getKey(), us, 100 * us / step);
        }
        out.printf(Locale.ROOT, "| (between ops: placeholder copies, checks) | %.1f | %.1f%% |%n", step - listed, 100 * (step - listed) / step);
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
