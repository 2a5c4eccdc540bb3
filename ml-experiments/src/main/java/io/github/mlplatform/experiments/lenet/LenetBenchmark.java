package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.TrainingBenchmark;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml bench lenet}: training and inference samples/s of the seed LeNet at batch 64 (or
 * {@code --batch-size}), float32, on synthetic input (fixed seeded batches, so data loading is
 * not measured). Training uses the platform's {@link Trainer} step (loss and gradients in one
 * graph execution, then plain SGD, as the PyTorch reference {@code bench/reference/lenet_torch_bench.py}).
 * {@code -P executor=session} runs every step through SameDiff's own session, for comparison with
 * the {@link GraphExecutor} replay; {@code -P profile=true} prints the time of every op per training
 * step (one worker). Settings: {@link Config}.
 */
public final class LenetBenchmark implements Benchmark<LenetBenchmark.Config> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LenetBenchmark.class);

    /** How each step is executed. */
    public enum Executor {
        /** the replaying {@link GraphExecutor} (what training uses) */
        REPLAY,
        /** SameDiff's own session on every step */
        SESSION
    }

    /**
     * Settings of {@code ml bench lenet}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
     * <tr><td>{@code limit}</td><td>integer</td><td>300 batches</td><td>batches per timed pass</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the synthetic batch and the initial weights</td></tr>
     * <tr><td>{@code repeats}</td><td>integer</td><td>3</td><td>timed passes; the best is reported</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads</td></tr>
     * <tr><td>{@code warmup-seconds}</td><td>number</td><td>10 s</td><td>untimed training first (JIT and oneDNN kernel caches)</td></tr>
     * <tr><td>{@code executor}</td><td>replay|session</td><td>replay</td><td>replay: the GraphExecutor; session: SameDiff's session on every step</td></tr>
     * <tr><td>{@code profile}</td><td>true|false</td><td>false</td><td>print the time of every op per training step (needs workers=1)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "mini-batch size", unit = "images") int batchSize,
            @Param(doc = "batches per timed pass", unit = "batches") int limit,
            @Param(doc = "seed of the synthetic batch and the initial weights") long seed,
            @Param(doc = "timed passes; the best is reported") int repeats,
            @Param(doc = "data-parallel training threads", defaultText = "cores, at most 2") int workers,
            @Param(doc = "untimed training first (JIT and oneDNN kernel caches)", unit = "s") double warmupSeconds,
            @Param(doc = "replay: the GraphExecutor; session: SameDiff's session on every step") Executor executor,
            @Param(doc = "print the time of every op per training step (needs workers=1)") boolean profile) {

        public Config {
            Check.atLeast(batchSize, 1, "batch-size");
            Check.atLeast(limit, 1, "limit");
            Check.atLeast(repeats, 1, "repeats");
            Check.atLeast(workers, 1, "workers");
            Check.nonNegative(warmupSeconds, "warmup-seconds");
            Check.that(executor != null, "executor", "is required");
            Check.that(!profile || workers == 1, "profile", "needs -P workers=1 (only the main graph is profiled)");
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaults() {
        return new Config(64, 300, 42, 3, LenetConfig.defaultWorkers(), 10, Executor.REPLAY, false);
    }

    /** The measured figures. */
    public record Result(int batchSize, double trainSamplesPerSecond, double inferenceSamplesPerSecond) {
    }

    @Override
    public void run(Config c, RunOptions options, PrintStream out) throws Exception {
        measure(c, out);
    }

    /** Runs the benchmark and returns its figures. */
    public static Result measure(Config c, PrintStream out) throws Exception {
        String executor = ConfigBinder.enumText(c.executor());
        String previous = System.setProperty("ml.exec.static", c.executor() == Executor.REPLAY ? "true" : "false");
        try {
            return measure(out, c.seed(), c.batchSize(), c.limit(), c.repeats(), c.workers(), c.warmupSeconds(), executor, c.profile());
        } finally {
            if (previous == null) {
                System.clearProperty("ml.exec.static");
            } else {
                System.setProperty("ml.exec.static", previous);
            }
        }
    }

    private static Result measure(PrintStream out, long seed, int batch, int batches, int repeats, int workers, double warmupSeconds,
                                  String executor, boolean profile) throws Exception {
        String omp = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        out.println("LeNet benchmark: batch " + batch + ", float32, synthetic input, " + batches + " batches per pass, best of " + repeats
                + ", " + workers + " data-parallel worker(s), executor " + executor);
        out.println("backend: " + Environment.describe().get("backend") + ", OMP_NUM_THREADS=" + omp
                + ", platform extension '" + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + "'");
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet ds = new DataSet(x, y);

        Model model = Model.builder(LeNet.create()).inputShape(1, 28, 28).labelShape(10).loss(Loss.crossEntropyFromLogits())
                .seed(seed).build();
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmPasses = 0;
        do {
            sgd(workers).fit(model, e -> BatchIterator.repeat(ds, 20), null);
            warmPasses++;
        } while (System.nanoTime() < warmEnd);
        LOG.info("warm-up: {} passes of 20 steps", warmPasses);
        double bestTrain = 0;
        GraphExecutor.Execution trainPath = null;
        for (int r = 0; r < repeats; r++) {
            Trainer t = sgd(workers);
            List<EpochMetrics> h = t.fit(model, e -> BatchIterator.repeat(ds, batches), null);
            bestTrain = Math.max(bestTrain, h.get(0).samplesPerSecond());
            trainPath = t.executionPath();
        }
        if (profile) {
            model.executor().startProfile();
            sgd(workers).fit(model, e -> BatchIterator.repeat(ds, batches), null);
            printProfile(out, model.executor().stopProfile());
        }
        for (int i = 0; i < 20; i++) {
            model.predict(x);
        }
        double bestInfer = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                model.predict(x);
            }
            bestInfer = Math.max(bestInfer, (double) batches * batch / ((System.nanoTime() - t0) / 1e9));
        }
        Result res = new Result(batch, bestTrain, bestInfer);
        GraphExecutor.Execution inferPath = model.executor().lastExecution();
        out.printf(Locale.ROOT, "train      %8.0f samples/s   (%s)%n", res.trainSamplesPerSecond(), trainPath);
        out.printf(Locale.ROOT, "inference  %8.0f samples/s   (%s)%n", res.inferenceSamplesPerSecond(), inferPath);
        // machine-readable line, same keys as bench/reference/lenet_torch_bench.py ("threads" = cores used)
        int cores = Math.max(workers, parseOr(omp, 1));
        out.printf(Locale.ROOT, "JSON {\"impl\":\"ml-samediff-%s\",\"threads\":%d,\"workers\":%d,\"omp_threads\":\"%s\",\"batch\":%d,"
                        + "\"train_samples_per_s\":%.1f,\"infer_samples_per_s\":%.1f,\"train_path\":\"%s\",\"infer_path\":\"%s\",\"loadavg_1min\":%s}%n",
                executor, cores, workers, omp, batch, res.trainSamplesPerSecond(), res.inferenceSamplesPerSecond(),
                trainPath == null ? "none" : trainPath.path(), inferPath == null ? "none" : inferPath.path(), TrainingBenchmark.loadAverage());
        return res;
    }

    private static Trainer sgd(int workers) {
        return new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.01))).workers(workers);
    }

    /** Per-op milliseconds per training step, largest first, with their share of the replayed step. */
    static void printProfile(PrintStream out, GraphExecutor.Profile p) {
        if (p.replays() == 0) {
            out.println("profile: no replayed steps (the graph ran through SameDiff's session)");
            return;
        }
        double step = p.totalNanos() / 1e6 / p.replays();
        out.printf(Locale.ROOT, "profile over %d replayed steps: %.2f ms per step (loss + gradients)%n", p.replays(), step);
        out.println("| op (kernel) | executions per step | ms per step | share |");
        out.println("| --- | --- | --- | --- |");
        double listed = 0;
        List<Map.Entry<String, long[]>> rows = new java.util.ArrayList<>(p.entries().entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var e : rows) {
            double ms = e.getValue()[0] / 1e6 / p.replays();
            listed += ms;
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.1f%% |%n", e.getKey(), e.getValue()[1] / p.replays(), ms, 100 * ms / step);
        }
        out.printf(Locale.ROOT, "| (between ops: placeholder copy, checks) | | %.3f | %.1f%% |%n", step - listed, 100 * (step - listed) / step);
    }

    private static int parseOr(String s, int dflt) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }


}
