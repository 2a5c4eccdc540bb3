package io.github.mlplatform.experiments.autoencoder;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.NativeThreads;
import io.github.mlplatform.experiments.TrainingRecords;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.viz.tsne.NearestNeighbours;
import io.github.mlplatform.viz.tsne.Tsne;
import io.github.mlplatform.viz.tsne.TsneConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ml run autoencoder}: the seed's convolutional autoencoder ({@link Autoencoder}) trained on
 * MNIST to reconstruct its input (MSE), then the seed's picture, a t-SNE map of the test digits'
 * 32-d codes coloured by class, and the measured claim: how well each space keeps the classes
 * apart, as the leave-one-out k-nearest-neighbour accuracy ({@link #KS}) of the same test digits
 * in raw pixels (784-d), in the codes (32-d) and in the 2-D map.
 *
 * <p>Writes {@code figures/reconstructions.png} (originals above reconstructions for the first
 * {@link #PER_CLASS} test digits of each class), {@code figures/tsne.png}, {@code figures/loss.png},
 * the model ({@code autoencoder.model}) and, per epoch, the training loss and the test MSE.
 * Settings: {@link AutoencoderConfig}.
 */
public final class AutoencoderExperiment implements Experiment<AutoencoderConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(AutoencoderExperiment.class);
    /** The checkpoint file of a run directory ({@link Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";
    /** The k of the kNN accuracies. */
    static final int[] KS = {1, 5};
    /** Test digits of each class in the reconstruction figure (the first ones of the test set). */
    static final int PER_CLASS = 2;
    /** Test images per forward pass when measuring and encoding. */
    private static final int CHUNK = 2000;

    @Override
    public String name() {
        return "autoencoder";
    }

    @Override
    public String description() {
        return "Conv autoencoder (32-d code) on MNIST: reconstructions, t-SNE map of the codes, kNN in pixels/codes/map";
    }

    @Override
    public Class<AutoencoderConfig> configType() {
        return AutoencoderConfig.class;
    }

    @Override
    public AutoencoderConfig defaults() {
        return AutoencoderConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new AutoencoderBenchmark());
    }

    /** All images of {@code data} as {@code [N, 1, 28, 28]}, pixels scaled to [0, 1], in order. */
    public static INDArray images(LabeledImages data) {
        IteratorConfig c = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW).withShuffle(false).withBatchSize(data.size());
        return new ImageDataSetIterator(data, c).next().getFeatures();
    }

    @Override
    public String run(AutoencoderConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, 0);
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");
        INDArray xTest = images(test);
        long pixels = (long) Autoencoder.SIDE * Autoencoder.SIDE;

        // baselines: a model that ignored its input could at best output the training set's mean image
        INDArray meanImage = images(train).mean(0).reshape(1, 1, Autoencoder.SIDE, Autoencoder.SIDE);
        double meanImageMse = squaredError(xTest.sub(meanImage)) / xTest.length();
        double zeroMse = squaredError(xTest) / xTest.length();

        Autoencoder net = new Autoencoder();
        Model model = Model.builder(net).inputShape(1, Autoencoder.SIDE, Autoencoder.SIDE)
                .labelShape(1, Autoencoder.SIDE, Autoencoder.SIDE).loss(Loss.mse()).seed(cfg.seed()).build();
        rec.note("model", model.description());
        rec.note("loss", "mean squared error per pixel between the reconstruction and the input (PyTorch's MSELoss)");
        IteratorConfig trainCfg = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW).withShuffle(true)
                .withBatchSize(cfg.batchSize());
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.adam(cfg.lr()))).workers(cfg.workers())
                .checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        double mse = testMse(model, xTest);
                        LOG.info("epoch {}: test MSE per pixel {}", m.epoch(), String.format(Locale.ROOT, "%.5f", mse));
                        Map<String, Object> e = m.toMap();
                        e.put("test_mse", mse);
                        rec.truncateEpochs(m.epoch() - 1);
                        rec.addEpoch(e);
                    }
                });
        List<EpochMetrics> history;
        try (AutoCloseable threads = NativeThreads.use(cfg.threads())) {
            rec.note("native_threads", NativeThreads.describe() + " (per worker), " + cfg.workers() + " worker(s)");
            history = trainer.fit(model, epoch -> {
                ImageDataSetIterator it = new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch));
                it.setPreProcessor((DataSet ds) -> ds.setLabels(ds.getFeatures()));
                return it;
            }, null);
        }
        TrainingRecords.afterFit(rec, trainer, history);
        model.save(rec.file("autoencoder.model"));

        double testMse = testMse(model, xTest);
        rec.putFinal("test_mse", testMse);
        rec.putFinal("test_mse_predicting_the_mean_image", meanImageMse);
        rec.putFinal("test_mse_predicting_0", zeroMse);

        Path fig = rec.figuresDir();
        int[] shown = firstOfEachClass(test.labels(), PER_CLASS);
        INDArray shownX = xTest.reshape(xTest.size(0), pixels).getRows(shown).reshape(shown.length, 1, Autoencoder.SIDE, Autoencoder.SIDE);
        double[][] originals = shownX.reshape(shown.length, pixels).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] recon = model.predict(shownX).reshape(shown.length, pixels).castTo(DataType.DOUBLE).toDoubleMatrix();
        AutoencoderFigures.reconstructions(fig.resolve("reconstructions.png"), originals, recon);
        lossFigure(rec, fig.resolve("loss.png"), meanImageMse);

        // the codes of the test digits, by the trained encoder on its own
        int n = cfg.tsnePoints() == 0 ? test.size() : Math.min(cfg.tsnePoints(), test.size());
        INDArray xMap = xTest.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        int[] labels = java.util.Arrays.copyOf(test.labels(), n);
        Model encoder = Model.builder(net.encode()).inputShape(1, Autoencoder.SIDE, Autoencoder.SIDE).build();
        double[][] codes = encode(encoder, xMap);
        double[][] raw = xMap.reshape(n, pixels).castTo(DataType.DOUBLE).toDoubleMatrix();

        TsneConfig tc = TsneConfig.defaults().withPerplexity(cfg.perplexity()).withIterations(cfg.tsneIterations())
                .withSeed(cfg.seed()).withThreads(cfg.analysisThreads());
        Tsne.Result map = Tsne.embed(codes, tc);
        rec.putFinal("tsne_points", n);
        rec.putFinal("tsne_seconds", map.seconds());
        rec.putFinal("tsne_kl_divergence", map.klDivergence());
        AutoencoderFigures.tsne(fig.resolve("tsne.png"), map.embedding(), labels, String.format(Locale.ROOT,
                "t-SNE of the 32-d codes of %,d MNIST test digits (perplexity %s, %.0f s)", n, ConfigBinder.text(cfg.perplexity()),
                map.seconds()));

        // the measured claim: leave-one-out kNN accuracy of the same digits in each space
        Map<String, double[]> knn = new LinkedHashMap<>();
        Map<String, Double> knnSeconds = new LinkedHashMap<>();
        Map<String, double[][]> spaces = new LinkedHashMap<>();
        spaces.put("pixels", raw);
        spaces.put("codes", codes);
        spaces.put("map", map.embedding());
        for (Map.Entry<String, double[][]> space : spaces.entrySet()) {
            long t = System.nanoTime();
            knn.put(space.getKey(), NearestNeighbours.looAccuracy(space.getValue(), labels, cfg.analysisThreads(), KS));
            knnSeconds.put(space.getKey(), (System.nanoTime() - t) / 1e9);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        for (String space : spaces.keySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int q = 0; q < KS.length; q++) {
                row.put("k" + KS[q], knn.get(space)[q]);
            }
            row.put("seconds", knnSeconds.get(space));
            table.put(space, row);
        }
        rec.putFinal("knn_leave_one_out_accuracy", table);
        rec.putFinal("chance_accuracy", chance(labels));
        LOG.info("kNN accuracy (leave-one-out, {} test digits): {}", n, table);

        return summary(cfg, history, testMse, meanImageMse, zeroMse, n, map, knn, chance(labels), trainer, rec.dir());
    }

    /** Sum of squared values, in double. */
    private static double squaredError(INDArray d) {
        double norm = d.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return norm * norm;
    }

    /** Mean squared error per pixel of the model's reconstructions of {@code x}, in chunks. */
    static double testMse(Model model, INDArray x) {
        long n = x.size(0);
        double sse = 0;
        for (long from = 0; from < n; from += CHUNK) {
            INDArray chunk = x.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            sse += squaredError(model.predict(chunk).castTo(DataType.DOUBLE).subi(chunk.castTo(DataType.DOUBLE)));
        }
        return sse / x.length();
    }

    /** The encoder's output for every image of {@code x}, {@code [n][32]}. */
    public static double[][] encode(Model encoder, INDArray x) {
        long n = x.size(0);
        List<double[]> out = new ArrayList<>();
        for (long from = 0; from < n; from += CHUNK) {
            INDArray chunk = x.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            out.addAll(List.of(encoder.predict(chunk).castTo(DataType.DOUBLE).toDoubleMatrix()));
        }
        return out.toArray(new double[0][]);
    }

    /** Indices of the first {@code perClass} images of each class 0..9 in test order, grouped by class (fewer if absent). */
    public static int[] firstOfEachClass(int[] labels, int perClass) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            int found = 0;
            for (int i = 0; i < labels.length && found < perClass; i++) {
                if (labels[i] == c) {
                    out.add(i);
                    found++;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The accuracy of always answering the commonest label. */
    static double chance(int[] labels) {
        int[] count = new int[10];
        for (int l : labels) {
            count[l]++;
        }
        return (double) java.util.Arrays.stream(count).max().orElse(0) / labels.length;
    }

    /** The curves of the epochs in the record (an epoch recorded without its test MSE, after a kill, is left out of the test curve). */
    private static void lossFigure(RunRecord rec, Path file, double meanImageMse) throws java.io.IOException {
        List<double[]> trainPts = new ArrayList<>();
        List<double[]> testPts = new ArrayList<>();
        for (JsonNode e : rec.metrics().path("epochs")) {
            trainPts.add(new double[]{e.path("epoch").asInt(), e.path("train_loss").asDouble()});
            if (e.has("test_mse")) {
                testPts.add(new double[]{e.path("epoch").asInt(), e.path("test_mse").asDouble()});
            }
        }
        double[] epochs = trainPts.stream().mapToDouble(p -> p[0]).toArray();
        AutoencoderFigures.losses(file, epochs, trainPts.stream().mapToDouble(p -> p[1]).toArray(),
                testPts.stream().mapToDouble(p -> p[0]).toArray(), testPts.stream().mapToDouble(p -> p[1]).toArray(), meanImageMse);
    }

    private static String summary(AutoencoderConfig cfg, List<EpochMetrics> history, double testMse, double meanImageMse, double zeroMse,
                                  int n, Tsne.Result map, Map<String, double[]> knn, double chance, Trainer trainer, Path dir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Autoencoder (seed 000): conv encoder to a 32-d code, linear decoder; %d epochs, batch %d, Adam lr %s%n",
                history.size(), cfg.batchSize(), ConfigBinder.text(cfg.lr())));
        sb.append(String.format(Locale.ROOT, "  test MSE per pixel   %.5f (predicting the training mean image %.5f, predicting 0 %.5f)%n",
                testMse, meanImageMse, zeroMse));
        sb.append(String.format(Locale.ROOT, "  t-SNE map            %,d test digits in %.1f s (KL %.3f)%n", n, map.seconds(), map.klDivergence()));
        sb.append(String.format(Locale.ROOT, "  kNN accuracy, leave-one-out among those %,d digits (chance %.1f%%):%n", n, 100 * chance));
        sb.append(String.format(Locale.ROOT, "    %-26s", ""));
        for (int k : KS) {
            sb.append(String.format(Locale.ROOT, " %8s", "k = " + k));
        }
        sb.append('\n');
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("pixels", "raw pixels (784-d)");
        rows.put("codes", "codes (32-d)");
        rows.put("map", "t-SNE map (2-d)");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            sb.append(String.format(Locale.ROOT, "    %-26s", row.getValue()));
            for (double a : knn.get(row.getKey())) {
                sb.append(String.format(Locale.ROOT, " %7.2f%%", 100 * a));
            }
            sb.append('\n');
        }
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        sb.append(String.format(Locale.ROOT, "  training             %.1f s (%.2f s per epoch)%s%n", seconds, seconds / history.size(),
                trainer.executionPath() == null ? "" : "; steps " + trainer.executionPath()));
        sb.append("  run directory        ").append(dir).append('\n');
        return sb.toString();
    }
}
