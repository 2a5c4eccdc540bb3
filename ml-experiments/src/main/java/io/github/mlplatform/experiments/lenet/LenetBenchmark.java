package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.RunOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ml bench lenet}: training and inference samples/s of the seed LeNet at batch 64 (or
 * {@code --batch-size}), float32, on synthetic input (fixed seeded batches, so data loading is
 * not measured). Training uses the platform's {@link Trainer} step (loss + gradients in one graph
 * execution, Adam). Options: {@code --limit N} batches per timed pass (default 150),
 * {@code -P repeats=3} timed passes (the best is reported), {@code -P workers=N} data-parallel
 * training threads (default: {@link LenetConfig#defaultWorkers()}).
 */
public final class LenetBenchmark {

    private LenetBenchmark() {
    }

    /** The measured figures. */
    public record Result(int batchSize, double trainSamplesPerSecond, double inferenceSamplesPerSecond) {
    }

    public static Result run(RunOptions o, PrintStream out) throws Exception {
        int batch = o.batchSize().orElse(64);
        int batches = o.limit().orElse(150);
        int repeats = o.intParam("repeats", 3);
        int workers = o.intParam("workers", LenetConfig.defaultWorkers());
        out.println("LeNet benchmark: batch " + batch + ", float32, synthetic input, " + batches + " batches per pass, best of " + repeats
                + ", " + workers + " data-parallel worker(s)");
        out.println("backend: " + Environment.describe().get("backend") + ", OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)")
                + ", platform extension '" + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + "'");
        Nd4j.getRandom().setSeed(o.seed());
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet ds = new DataSet(x, y);

        Model model = Model.builder(LeNet.create()).inputShape(1, 28, 28).labelShape(10).loss(Loss.crossEntropyFromLogits())
                .seed(o.seed()).build();
        Trainer warm = new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers);
        warm.fit(model, e -> new RepeatIterator(ds, 20), null);
        double bestTrain = 0;
        for (int r = 0; r < repeats; r++) {
            List<EpochMetrics> h = new Trainer(TrainerConfig.of(1, Optimizer.adam(1e-3))).workers(workers)
                    .fit(model, e -> new RepeatIterator(ds, batches), null);
            bestTrain = Math.max(bestTrain, h.get(0).samplesPerSecond());
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
        out.printf(Locale.ROOT, "train      %8.0f samples/s%n", res.trainSamplesPerSecond());
        out.printf(Locale.ROOT, "inference  %8.0f samples/s%n", res.inferenceSamplesPerSecond());
        // machine-readable line, same keys as bench/reference/lenet_torch_bench.py ("threads" = cores used)
        out.printf(Locale.ROOT, "JSON {\"impl\":\"ml-samediff\",\"threads\":%d,\"workers\":%d,\"omp_threads\":\"%s\",\"batch\":%d,"
                        + "\"train_samples_per_s\":%.1f,\"infer_samples_per_s\":%.1f}%n",
                workers, workers, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), batch,
                res.trainSamplesPerSecond(), res.inferenceSamplesPerSecond());
        return res;
    }

    /** The same batch {@code n} times: isolates compute from data loading. */
    static final class RepeatIterator implements DataSetIterator {
        private final DataSet ds;
        private final int n;
        private int i;

        RepeatIterator(DataSet ds, int n) {
            this.ds = ds;
            this.n = n;
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public int inputColumns() {
            return (int) ds.getFeatures().length() / (int) ds.getFeatures().size(0);
        }

        @Override
        public int totalOutcomes() {
            return (int) ds.getLabels().size(1);
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            i = 0;
        }

        @Override
        public int batch() {
            return (int) ds.getFeatures().size(0);
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("RepeatIterator takes no pre-processor");
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }

        @Override
        public boolean hasNext() {
            return i < n;
        }

        @Override
        public DataSet next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            i++;
            return ds;
        }
    }
}
