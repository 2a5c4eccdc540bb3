package io.github.mlplatform.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.core.util.Json;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Owns the training loop of a {@link Model}: epochs over the data an {@link IntFunction} gives for
 * each epoch (so data order can depend on the epoch, reproducibly), the optimizer with weight
 * decay and a step learning-rate schedule, evaluation after each epoch, listeners, progress, a
 * stop with a clear error on a NaN/Inf loss, and an atomic checkpoint after each epoch from which
 * a killed run resumes.
 *
 * <pre>{@code
 * Trainer t = new Trainer(TrainerConfig.of(10, Optimizer.adam(1e-3))).checkpointDir(runDir);
 * List<EpochMetrics> h = t.fit(model, epoch -> trainIterator(epoch), testIterator);
 * }</pre>
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    static final String STATE_FILE = "checkpoint.json";

    private final TrainerConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path checkpointDir;
    private boolean resume;
    private int workers = 1;

    public Trainer(TrainerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TrainerConfig config() {
        return config;
    }

    public Trainer listener(TrainingListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    /** Writes a checkpoint into {@code dir} after each epoch (atomically). */
    public Trainer checkpointDir(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Continues from the checkpoint in the checkpoint directory, if there is one. */
    public Trainer resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /**
     * Splits each batch across {@code n} threads (synchronous data parallelism): each computes
     * the loss and gradients of its slice on its own copy of the graph; the gradients are averaged (weighted by slice size, so the result is the
     * gradient of the whole batch's mean loss) and one update is applied. Pays off with one
     * OpenMP thread per worker ({@code OMP_NUM_THREADS=1}) on a multi-core CPU. Slices differ in
     * size by at most one example and are never empty: a batch of fewer than {@code n} examples
     * (a small last batch) is split across as many workers as it has examples, a batch of one
     * runs on one.
     */
    public Trainer workers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + n);
        }
        this.workers = n;
        return this;
    }

    /** True when {@code dir} holds a checkpoint to resume from. */
    public static boolean hasCheckpoint(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(STATE_FILE));
    }

    /**
     * Trains {@code model} for the configured epochs.
     *
     * @param train returns the training batches of a 0-based epoch (it is reset before use)
     * @param test  evaluation data after each epoch, or null
     * @return the metrics of every epoch, including those restored from a checkpoint
     */
    public List<EpochMetrics> fit(Model model, IntFunction<DataSetIterator> train, DataSetIterator test) throws IOException {
        List<EpochMetrics> history = new ArrayList<>();
        OptimizerState state = new OptimizerState(config.optimizer().toUpdater(schedule()));
        int startEpoch = 0;
        if (resume && hasCheckpoint(checkpointDir)) {
            startEpoch = restore(model, state, history);
            LOG.info("resumed from {} after epoch {}", checkpointDir, startEpoch);
        }
        for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
            model.applyFreezing();
            DataSetIterator it = train.apply(epoch);
            it.reset();
            EpochMetrics m = trainEpoch(model, state, it, epoch, test);
            history.add(m);
            if (checkpointDir != null) {
                writeCheckpoint(model, state, history);
            }
            for (TrainingListener l : listeners) {
                l.onEpoch(m);
            }
        }
        model.setTraining(false);
        return history;
    }

    private ISchedule schedule() {
        return config.lrStepEpochs() == 0 ? null
                : new StepSchedule(ScheduleType.EPOCH, config.optimizer().learningRate(), config.lrGamma(), config.lrStepEpochs());
    }

    /**
     * One pass: for each batch, the loss and the gradients of the trainable parameters in one
     * graph execution; a non-finite loss stops before any weight changes; then L2 weight decay
     * ({@code g += λ·w}, as PyTorch's {@code weight_decay}), the updater, and {@code w -= update}.
     * (SameDiff's own {@code fit} is not used: in 1.0.0-M2.1 it never evaluates the loss for its
     * listeners, so a diverging run could not be caught.)
     */
    private EpochMetrics trainEpoch(Model model, OptimizerState state, DataSetIterator it, int epoch0, DataSetIterator test) {
        int epoch = epoch0 + 1;
        SameDiff sd = model.sameDiff();
        List<String> trainable = new ArrayList<>(model.trainableParameterNames());
        state.retainOnly(new java.util.HashSet<>(trainable));
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : trainable) {
            params.put(n, sd.getArrForVarName(n));
        }
        model.setTraining(true);
        List<SameDiff> replicas = replicas(sd, workers);
        List<GraphExecutor> executors = new ArrayList<>();
        executors.add(model.executor());
        for (int i = 1; i < replicas.size(); i++) {
            executors.add(new GraphExecutor(replicas.get(i)));
        }
        long total = totalExamples(it);
        double lr = config.learningRate(epoch0);
        double wd = config.weightDecay();
        boolean plainSgd = config.optimizer().type().equals("sgd") && config.optimizer().momentum() == 0;
        long start = System.nanoTime();
        double lossSum = 0;
        long seen = 0;
        int iteration = 0;
        try (Progress p = Progress.start(String.format(Locale.ROOT, "epoch %d/%d", epoch, config.epochs()), total)) {
            while (it.hasNext()) {
                DataSet ds = it.next();
                Map<String, INDArray> feed;
                try {
                    feed = model.feed(ds.getFeatures(), ds.getLabels());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("epoch " + epoch + ", batch " + (iteration + 1) + ": " + e.getMessage(), e);
                }
                INDArray x = feed.get(Model.INPUT);
                INDArray y = feed.get(Model.LABELS);
                int n = (int) x.size(0);
                Step r = step(executors, x, y, trainable);
                double l = r.loss;
                if (!Double.isFinite(l)) {
                    throw new TrainingDivergedException(epoch, iteration + 1, l);
                }
                for (var e : params.entrySet()) {
                    INDArray g = r.gradients.get(e.getKey());
                    if (g == null) {
                        continue;
                    }
                    if (g.ordering() != 'c') {
                        g = g.dup('c'); // gradients may come back 'f'-ordered; updater state is laid out 'c'
                    }
                    INDArray w = e.getValue();
                    if (plainSgd && wd == 0) {
                        Optimizer.sgdStep(w, g, lr); // one op where ND4J's Sgd updater and the subtraction take two
                        continue;
                    }
                    if (wd > 0) {
                        g.addi(w.mul(wd));
                    }
                    state.updaterFor(e.getKey(), w).applyUpdater(g, state.iteration, epoch0);
                    w.subi(g);
                }
                for (int i = 1; i < replicas.size(); i++) {
                    SameDiff replica = replicas.get(i);
                    params.forEach((name, value) -> replica.getArrForVarName(name).assign(value));
                }
                state.iteration++;
                lossSum += l * n;
                seen += n;
                for (TrainingListener tl : listeners) {
                    tl.onIteration(epoch, iteration, l, n);
                }
                double meanLoss = lossSum / seen;
                p.step(n, () -> String.format(Locale.ROOT, "loss %.4f", meanLoss));
                iteration++;
                if (iteration == 2 || (iteration == 1 && !it.hasNext())) {
                    reportExecutionPath(executors.get(0));
                }
            }
        } finally {
            shutdownPool(); // also when a batch is rejected or the loss diverges
        }
        double secs = (System.nanoTime() - start) / 1e9;
        model.setTraining(false);
        Evaluation eval = test == null ? null : model.evaluate(test);
        double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
        EpochMetrics m = new EpochMetrics(epoch, trainLoss, lr, secs, seen / secs, eval);
        LOG.info("epoch {}/{}: train loss {}{} ({} samples/s)", epoch, config.epochs(), fmt(trainLoss),
                eval == null ? "" : ", test loss " + fmt(eval.loss()) + ", test accuracy " + fmt(eval.accuracy()),
                String.format(Locale.ROOT, "%.0f", m.samplesPerSecond()));
        return m;
    }

    /**
     * How the training steps ran after the first (recording) step of the last epoch: replayed by
     * the {@link GraphExecutor} (the fast path) or through SameDiff's session, with the reason;
     * null before any epoch ran. Experiments write it into their run records.
     */
    public GraphExecutor.Execution executionPath() {
        return executionPath;
    }

    private GraphExecutor.Execution executionPath;

    private void reportExecutionPath(GraphExecutor executor) {
        GraphExecutor.Execution e = executor.lastExecution();
        boolean changed = executionPath == null || !executionPath.equals(e);
        executionPath = e;
        if (!changed || e == null) {
            return;
        }
        if (e.path() == GraphExecutor.Path.SESSION) {
            LOG.warn("training steps run through SameDiff's session, not the replaying executor (slower): {}", e);
        } else {
            LOG.info("training steps: {}", e);
        }
    }

    /** The loss and gradients of one batch. */
    private record Step(double loss, Map<String, INDArray> gradients) {
    }

    private java.util.concurrent.ExecutorService pool;

    /**
     * The graph itself plus {@code n − 1} copies (with the same training flag); the caller copies
     * the parameters into the copies after every update (SameDiff copies arrays on
     * {@code setArray}, so they cannot simply be shared).
     */
    private static List<SameDiff> replicas(SameDiff sd, int n) {
        List<SameDiff> out = new ArrayList<>();
        out.add(sd);
        for (int i = 1; i < n; i++) {
            out.add(io.github.mlplatform.core.model.SameDiffWorkarounds.dup(sd));
        }
        return out;
    }

    private Step step(List<GraphExecutor> replicas, INDArray x, INDArray y, List<String> trainable) {
        long n = x.size(0);
        int k = shares(replicas.size(), n);
        List<String> lossOnly = List.of(Model.LOSS);
        if (k == 1) {
            GraphExecutor.Result r;
            synchronized (replicas.get(0)) {
                r = replicas.get(0).run(Map.of(Model.INPUT, x, Model.LABELS, y), lossOnly, trainable);
            }
            return new Step(r.outputs().get(Model.LOSS).getDouble(0), r.gradients());
        }
        if (pool == null) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(k - 1, runnable -> {
                Thread t = new Thread(runnable, "trainer-worker");
                t.setDaemon(true);
                return t;
            });
        }
        long[] sizes = new long[k];
        List<java.util.concurrent.Callable<GraphExecutor.Result>> tasks = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            long from = n * i / k;
            long to = n * (i + 1) / k;
            sizes[i] = to - from;
            INDArray xs = x.get(NDArrayIndex.interval(from, to)).dup('c');
            INDArray ys = y.get(NDArrayIndex.interval(from, to)).dup('c');
            GraphExecutor replica = replicas.get(i);
            tasks.add(() -> {
                synchronized (replica) {
                    return replica.run(Map.of(Model.INPUT, xs, Model.LABELS, ys), lossOnly, trainable);
                }
            });
        }
        List<java.util.concurrent.Future<GraphExecutor.Result>> futures = new ArrayList<>();
        for (int i = 1; i < k; i++) {
            futures.add(pool.submit(tasks.get(i)));
        }
        GraphExecutor.Result first;
        try {
            first = tasks.get(0).call();
        } catch (Exception e) {
            futures.forEach(f -> f.cancel(true));
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        double loss = 0;
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            GraphExecutor.Result r;
            try {
                r = i == 0 ? first : futures.get(i - 1).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
            double w = (double) sizes[i] / n;
            loss += w * r.outputs().get(Model.LOSS).getDouble(0);
            for (var e : r.gradients().entrySet()) {
                INDArray g = e.getValue().dup('c').muli(w);
                grads.merge(e.getKey(), g, INDArray::addi);
            }
        }
        return new Step(loss, grads);
    }

    /** How many workers share a batch of {@code n} examples: all of them, but never one without an example. */
    static int shares(int workers, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("a batch needs at least one example, got " + n);
        }
        return (int) Math.min(workers, n);
    }

    private void shutdownPool() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static long totalExamples(DataSetIterator it) {
        return it instanceof io.github.mlplatform.core.data.CountedIterator c ? c.totalExamples() : 0;
    }

    private void writeCheckpoint(Model model, OptimizerState optimizer, List<EpochMetrics> history) throws IOException {
        int epoch = history.get(history.size() - 1).epoch();
        String modelFile = "checkpoint-epoch-" + epoch + ".model";
        String optimizerFile = "checkpoint-epoch-" + epoch + ".optimizer";
        model.save(checkpointDir.resolve(modelFile));
        optimizer.save(checkpointDir.resolve(optimizerFile));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epoch", epoch);
        state.put("model", modelFile);
        state.put("optimizer", optimizerFile);
        state.put("config", config);
        List<Map<String, Object>> h = new ArrayList<>();
        for (EpochMetrics m : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", m.epoch());
            e.put("trainLoss", m.trainLoss());
            e.put("learningRate", m.learningRate());
            e.put("seconds", m.seconds());
            e.put("samplesPerSecond", m.samplesPerSecond());
            e.put("test", m.test());
            h.add(e);
        }
        state.put("history", h);
        // the state file names the model file, so a kill between the two writes leaves the old pair intact
        Json.write(checkpointDir.resolve(STATE_FILE), state);
        try (var files = Files.list(checkpointDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith("checkpoint-epoch-") && !n.equals(modelFile) && !n.equals(optimizerFile)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private int restore(Model model, OptimizerState optimizer, List<EpochMetrics> history) throws IOException {
        JsonNode state = Json.read(checkpointDir.resolve(STATE_FILE));
        Path modelFile = checkpointDir.resolve(state.path("model").asText());
        Path optimizerFile = checkpointDir.resolve(state.path("optimizer").asText());
        for (Path f : List.of(modelFile, optimizerFile)) {
            if (!Files.isRegularFile(f)) {
                throw new IOException("checkpoint " + checkpointDir.resolve(STATE_FILE) + " names " + f + ", which does not exist");
            }
        }
        model.restore(modelFile);
        model.applyFreezing();
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : model.trainableParameterNames()) {
            params.put(n, model.sameDiff().getArrForVarName(n));
        }
        optimizer.load(optimizerFile, params);
        for (JsonNode e : state.path("history")) {
            Evaluation test = e.hasNonNull("test") ? Json.mapper().convertValue(e.get("test"), Evaluation.class) : null;
            history.add(new EpochMetrics(e.get("epoch").asInt(), e.get("trainLoss").asDouble(), e.get("learningRate").asDouble(),
                    e.get("seconds").asDouble(), e.get("samplesPerSecond").asDouble(), test));
        }
        int epoch = state.path("epoch").asInt();
        if (epoch >= config.epochs()) {
            LOG.info("checkpoint is at epoch {} of {}: nothing left to train", epoch, config.epochs());
        }
        return epoch;
    }
}
