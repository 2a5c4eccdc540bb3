package io.github.mlplatform.experiments.names;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Embedding;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.Names;
import io.github.mlplatform.datasets.WordsDataset;
import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.datasets.text.ContextWindows;
import io.github.mlplatform.datasets.text.Words;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ml run mlp-names}: the character-level MLP of Bengio et al. (2003) on makemore's
 * {@code names.txt}, as in the makemore MLP lecture (seed 004's last example): the previous
 * {@code block-size} characters, each looked up in a trainable embedding table, concatenated, a
 * tanh hidden layer and logits over the 27 symbols, trained with cross-entropy by plain SGD on
 * random minibatches.
 *
 * <p>Records the train/dev/test loss (mean cross-entropy over every example of the split), the
 * per-epoch train and dev loss, the minibatch loss every {@code epoch-steps/10} steps
 * ({@code figures/loss.png}), names sampled from the trained model and how many of them are names
 * of the training set, the character embeddings ({@code figures/embedding.png}: the table itself
 * for {@code -P embedding=2}, its first two principal components otherwise), seconds per 10,000
 * steps, and which execution path the training steps took. Checkpoints after every epoch;
 * {@code --resume} continues a killed run with the same minibatches.
 */
public final class MlpNamesExperiment implements Experiment<MlpNamesConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(MlpNamesExperiment.class);

    /** The checkpoint file of a run directory (the {@code Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";
    /** The minibatch-loss curve, kept next to the checkpoints so that a resumed run continues it. */
    static final String CURVE = "checkpoints/loss-curve.json";
    /** Batch size of the evaluations (whole splits). */
    private static final int EVAL_BATCH = 8192;

    @Override
    public String name() {
        return "mlp-names";
    }

    @Override
    public String description() {
        return "character-level MLP (Bengio et al. 2003) on names, makemore's MLP lecture (seed 004)";
    }

    @Override
    public Class<MlpNamesConfig> configType() {
        return MlpNamesConfig.class;
    }

    @Override
    public MlpNamesConfig defaults() {
        return MlpNamesConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new MlpNamesBenchmark());
    }

    /** Loads names.txt: explicit dir, ML_DATA_DIR, cache, system dir, download. */
    static Words names(RunOptions o) throws IOException {
        WordsDataset.Builder b = Names.builder();
        if (o.dataDir() != null) {
            b.dataDir(o.dataDir());
        }
        return b.build().load();
    }

    /** The network: Embedding(vocab, embedding) → Flatten → Linear(block·embedding, hidden) → tanh → Linear(hidden, vocab). */
    static Sequential network(MlpNamesConfig c, int vocab) {
        return new Sequential(new Embedding(vocab, c.embedding()), new Flatten(), new Linear((long) c.blockSize() * c.embedding(), c.hidden()),
                Activation.tanh(), new Linear(c.hidden(), vocab));
    }

    /** The data of a run: vocabulary, the split by word and its next-character examples. */
    record Data(Words words, CharVocabulary vocab, Words.Split split, ContextWindows train, ContextWindows dev, ContextWindows test) {
        static Data of(Words words, MlpNamesConfig c) {
            CharVocabulary vocab = CharVocabulary.of(words.words());
            Words.Split s = words.split(c.splitSeed());
            return new Data(words, vocab, s, ContextWindows.of(s.train(), vocab, c.blockSize()), ContextWindows.of(s.dev(), vocab, c.blockSize()),
                    ContextWindows.of(s.test(), vocab, c.blockSize()));
        }
    }

    @Override
    public String run(MlpNamesConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        Data data = Data.of(names(ctx.options()), cfg);
        int vocab = data.vocab().size();
        rec.note("data", data.words().source() + " (" + data.words().size() + " names)");
        rec.note("vocabulary", data.vocab().toString());
        rec.note("split", String.format(Locale.ROOT, "%d/%d/%d names, %d/%d/%d examples (train/dev/test, split seed %d)",
                data.split().train().size(), data.split().dev().size(), data.split().test().size(),
                data.train().size(), data.dev().size(), data.test().size(), cfg.splitSeed()));

        Sequential net = network(cfg, vocab);
        Model model = Model.builder(net).inputShape(cfg.blockSize()).labelShape(vocab).loss(Loss.crossEntropyFromLogits())
                .seed(cfg.seed()).build();
        rec.note("model", model.description());
        DataSet trainAll = RandomBatches.all(data.train(), vocab);
        DataSet devAll = RandomBatches.all(data.dev(), vocab);
        DataSet testAll = RandomBatches.all(data.test(), vocab);
        Embedding table = (Embedding) net.modules().get(0);
        for (DataSet d : List.of(trainAll, devAll, testAll)) {
            table.checkIndices(d.getFeatures()); // the graph would map a bad index to a zero vector silently
        }

        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        int resumedEpoch = ctx.resumed() && Trainer.hasCheckpoint(checkpoints)
                ? Json.read(rec.file(CHECKPOINT)).path("epoch").asInt() : 0;
        LossCurve curve = LossCurve.resume(rec.file(CURVE), Math.max(1, cfg.epochSteps() / 10), (long) resumedEpoch * cfg.epochSteps());
        RandomBatches batches = new RandomBatches(data.train(), vocab, cfg.batchSize(), 1, cfg.seed());
        StepClock cpu = new StepClock();
        Trainer trainer = new Trainer(cfg.trainer()).checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(int epoch, int iteration, double loss, int batchSize) {
                        curve.add((long) (epoch - 1) * cfg.epochSteps() + iteration + 1, loss);
                        if (epoch > 1) { // the first epoch records the graph and warms up the JIT
                            cpu.step(iteration == 0);
                        }
                    }

                    @Override
                    public void onEpoch(EpochMetrics m) {
                        curve.flush();
                        try {
                            curve.write(rec.file(CURVE));
                        } catch (IOException e) {
                            LOG.warn("could not write {}: {}", CURVE, e.getMessage());
                        }
                        rec.addEpoch(epochRow(m, cfg));
                    }
                });
        ViewIterator devIt = new ViewIterator(devAll, EVAL_BATCH);
        List<EpochMetrics> history = trainer.fit(model,
                epoch -> batches.with(cfg.stepsIn(epoch), RandomBatches.epochSeed(cfg.seed(), epoch)), devIt);
        rec.truncateEpochs(0);
        history.forEach(m -> rec.addEpoch(epochRow(m, cfg)));
        GraphExecutor.Execution path = trainer.executionPath();
        rec.note("execution_path", path == null ? "no steps trained in this invocation (the checkpoint had them all)" : path.toString());

        Evaluation train = model.evaluate(new ViewIterator(trainAll, EVAL_BATCH));
        Evaluation dev = model.evaluate(devIt);
        Evaluation test = model.evaluate(new ViewIterator(testAll, EVAL_BATCH));
        model.save(rec.file("mlp-names.model"));

        List<String> sampled = new NameSampler(model, data.vocab(), cfg.blockSize()).sample(cfg.samples(), cfg.seed());
        Set<String> trainNames = new HashSet<>(data.split().train());
        long known = sampled.stream().filter(trainNames::contains).count();

        double secondsPer10k = secondsPer10k(history, cfg);
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        rec.putFinal("train_loss", train.loss());
        rec.putFinal("dev_loss", dev.loss());
        rec.putFinal("test_loss", test.loss());
        rec.putFinal("dev_accuracy", dev.accuracy());
        rec.putFinal("steps", history.stream().mapToLong(m -> cfg.stepsIn(m.epoch() - 1)).sum());
        rec.putFinal("train_seconds", trainSeconds);
        rec.putFinal("seconds_per_10k_steps", secondsPer10k);
        rec.putFinal("cpu_seconds_per_10k_steps", cpu.processSecondsPer(10_000));
        rec.putFinal("thread_cpu_seconds_per_10k_steps", cpu.threadSecondsPer(10_000));
        rec.putFinal("samples", sampled);
        rec.putFinal("samples_in_training_set", known);
        rec.putFinal("uniform_loss", Math.log(vocab));

        MlpNamesFigures.lossCurve(rec.figuresDir().resolve("loss.png"), curve, history, cfg);
        MlpNamesFigures.embedding(rec.figuresDir().resolve("embedding.png"), model.stateDict().get("0.weight"), data.vocab());

        return String.format(Locale.ROOT, """
                MLP on names (%s)
                  network           Embedding(%d, %d) -> Flatten -> Linear(%d, %d) -> tanh -> Linear(%d, %d), %d parameters
                  training          %d steps of SGD, batch %d, %s (seed %d)
                  loss              train %.4f   dev %.4f   test %.4f   (uniform guess ln %d = %.4f; lecture's dev 2.17)
                  samples           %s
                                    %d of %d are names of the training set
                  speed             %.2f s per 10,000 steps, %.2f s of CPU (process; training thread %.2f s) (%s)
                  run directory     %s
                """, data.words().source(), vocab, cfg.embedding(), cfg.blockSize() * cfg.embedding(), cfg.hidden(), cfg.hidden(), vocab,
                net.parameterCount(), cfg.steps(), cfg.batchSize(), schedule(cfg), cfg.seed(), train.loss(), dev.loss(), test.loss(), vocab, Math.log(vocab), String.join(" ", sampled),
                known, sampled.size(), secondsPer10k, cpu.processSecondsPer(10_000), cpu.threadSecondsPer(10_000), path == null ? "no steps in this invocation" : path.path(), rec.dir());
    }

    /** The learning-rate schedule in words, e.g. "lr 0.1, 0.01 from step 100000". */
    static String schedule(MlpNamesConfig cfg) {
        if (cfg.decayStep() == 0 || cfg.decayStep() >= cfg.steps()) {
            return "lr " + ConfigBinder.text(cfg.lr());
        }
        String s = "lr " + ConfigBinder.text(cfg.lr()) + ", " + ConfigBinder.text(cfg.lrAfter()) + " from step " + cfg.decayStep();
        return 2L * cfg.decayStep() < cfg.steps() ? s + " (and ×" + ConfigBinder.text(cfg.lrAfter() / cfg.lr()) + " every "
                + cfg.decayStep() + " steps after)" : s;
    }

    /** One row of the per-epoch metrics. */
    static Map<String, Object> epochRow(EpochMetrics m, MlpNamesConfig cfg) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", m.epoch());
        row.put("train_loss", m.trainLoss());
        if (m.test() != null) {
            row.put("dev_loss", m.test().loss());
            row.put("dev_accuracy", m.test().accuracy());
        }
        row.put("lr", m.learningRate());
        row.put("seconds", m.seconds());
        row.put("steps_per_s", m.samplesPerSecond() / cfg.batchSize());
        return row;
    }

    /**
     * Seconds per 10,000 steps over the epochs after the first (the first records the graph and
     * warms the JIT up, as the reference script leaves out its first 1,000 steps), or over all
     * epochs when there is only one.
     */
    static double secondsPer10k(List<EpochMetrics> history, MlpNamesConfig cfg) {
        double seconds = 0;
        long steps = 0;
        for (EpochMetrics m : history) {
            if (m.epoch() == 1 && history.size() > 1) {
                continue;
            }
            seconds += m.seconds();
            steps += cfg.stepsIn(m.epoch() - 1);
        }
        return steps == 0 ? Double.NaN : seconds / steps * 10_000;
    }

    /**
     * CPU time per step, between the ends of consecutive steps within an epoch (the evaluation
     * between epochs is left out): of the training thread (with one OpenMP thread the ops run on
     * it) and of the whole process (the JIT compiler and the garbage collector included, like
     * Python's {@code time.process_time()} in the reference script). Both are disturbed much less
     * than wall time by other jobs on the machine.
     */
    static final class StepClock {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private long lastThread = -1;
        private long lastProcess = -1;
        private long threadNanos;
        private long processNanos;
        private long steps;

        /** At the end of a step; {@code first} when it is an epoch's first (nothing is timed up to it). */
        void step(boolean first) {
            long t = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            long p = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
            if (t < 0 || p < 0) {
                return;
            }
            if (!first && lastThread >= 0) {
                threadNanos += t - lastThread;
                processNanos += p - lastProcess;
                steps++;
            }
            lastThread = t;
            lastProcess = p;
        }

        /** CPU seconds of the training thread per {@code n} steps, NaN when nothing was timed. */
        double threadSecondsPer(long n) {
            return steps == 0 ? Double.NaN : threadNanos / 1e9 / steps * n;
        }

        /** CPU seconds of the process per {@code n} steps, NaN when nothing was timed. */
        double processSecondsPer(long n) {
            return steps == 0 ? Double.NaN : processNanos / 1e9 / steps * n;
        }
    }

    /** The mean minibatch loss per {@code every} steps, as (step, mean) points. */
    static final class LossCurve {
        final int every;
        final List<double[]> points = new ArrayList<>();
        private double sum;
        private int count;
        private long lastStep;

        LossCurve(int every) {
            this.every = every;
        }

        /** The curve written by an earlier invocation, without its points after {@code upToStep} (a resumed run repeats those). */
        static LossCurve resume(Path file, int every, long upToStep) throws IOException {
            LossCurve c = new LossCurve(every);
            if (upToStep > 0 && Files.isRegularFile(file)) {
                JsonNode n = Json.read(file);
                if (n.path("every").asInt() == every) {
                    for (JsonNode p : n.path("points")) {
                        if (p.get(0).asLong() <= upToStep) {
                            c.points.add(new double[]{p.get(0).asDouble(), p.get(1).asDouble()});
                        }
                    }
                }
            }
            return c;
        }

        void add(long step, double loss) {
            sum += loss;
            count++;
            lastStep = step;
            if (step % every == 0) {
                flush();
            }
        }

        /** Closes a partial bucket (at the end of an epoch). */
        void flush() {
            if (count > 0) {
                points.add(new double[]{lastStep, sum / count});
                sum = 0;
                count = 0;
            }
        }

        void write(Path file) throws IOException {
            Json.write(file, Map.of("every", every, "points", points));
        }
    }
}
