package io.github.mlplatform.experiments.attention;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
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
import io.github.mlplatform.experiments.autoencoder.AutoencoderExperiment;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.experiments.topology.TopologyExperiment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ml run self-attention}: the seed's pixel-level self-attention ({@link AttentionNet}: every
 * pixel of the 14×14 max-pooled digit a token, 2 layers of 2-head attention with residual and
 * LayerNorm, a linear head) trained on MNIST with cross-entropy and Adam; the measured claim is its
 * test accuracy beside the baseline, the same tokens and head without attention (a linear classifier
 * of the pixels), trained for the same epochs in the same run.
 *
 * <p>Writes {@code figures/attention-maps.png} (for a few test digits and one query pixel, where each
 * layer's heads attend, drawn over the digit), {@code figures/accuracy.png} (test accuracy per epoch,
 * attention and baseline), the model ({@code self-attention.model}), per epoch the trainer's metrics
 * and the baseline's test accuracy, and finally the test accuracies and the mean distance (in pixels
 * of the side × side image) between a query pixel and the pixels it attends to, per layer and head,
 * beside that of uniform attention. Settings: {@link AttentionConfig}.
 */
public final class AttentionExperiment implements Experiment<AttentionConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(AttentionExperiment.class);
    /** The checkpoint file of a run directory ({@link Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";
    /** Test digits per evaluation batch and per forward pass of the attention weights. */
    static final int TEST_BATCH = 500;
    /** Test digits whose attention weights give the mean attention distance. */
    static final int DISTANCE_DIGITS = 200;

    @Override
    public String name() {
        return "self-attention";
    }

    @Override
    public String description() {
        return "Pixel-level self-attention on MNIST (14x14 tokens, 2 layers x 2 heads) vs the same head without attention; attention maps";
    }

    @Override
    public Class<AttentionConfig> configType() {
        return AttentionConfig.class;
    }

    @Override
    public AttentionConfig defaults() {
        return AttentionConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new AttentionBenchmark());
    }

    /** The network of {@code spec} on {@code [batch, 1, 28, 28]} images, cross-entropy of its logits. */
    static Model model(AttentionNet.Spec spec, long seed) {
        return Model.builder(new AttentionNet(spec)).inputShape(1, AttentionNet.SIDE, AttentionNet.SIDE)
                .loss(Loss.crossEntropyFromLogits()).seed(seed).build();
    }

    /** MNIST batches: pixels in [0, 1] (torchvision's ToTensor), NCHW. */
    static IteratorConfig batches() {
        return IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW);
    }

    static Trainer trainer(AttentionConfig cfg) {
        return new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.adam(cfg.lr()))).workers(cfg.workers());
    }

    @Override
    public String run(AttentionConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, cfg.testLimit());
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");
        IteratorConfig trainCfg = batches().withShuffle(true).withBatchSize(cfg.batchSize());
        IteratorConfig testCfg = batches().withShuffle(false).withBatchSize(TEST_BATCH);

        // the baseline first (seconds; no checkpoint: a resumed run trains it again, it is deterministic)
        List<EpochMetrics> baseline = List.of();
        if (cfg.baseline()) {
            Model base = model(cfg.network().withoutAttention(), cfg.seed());
            rec.note("baseline_model", base.description());
            baseline = trainer(cfg).fit(base, epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)),
                    new ImageDataSetIterator(test, testCfg));
            LOG.info("baseline without attention: test accuracy {}", String.format(Locale.ROOT, "%.4f",
                    baseline.get(baseline.size() - 1).test().accuracy()));
        }
        List<EpochMetrics> base = baseline;

        Model model = model(cfg.network(), cfg.seed());
        rec.note("model", model.description());
        rec.note("loss", "cross-entropy of the logits (PyTorch's CrossEntropyLoss)");
        rec.note("optimizer", "Adam(lr " + ConfigBinder.text(cfg.lr()) + ")");
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        Trainer trainer = trainer(cfg).checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        Map<String, Object> e = m.toMap();
                        if (m.epoch() <= base.size()) {
                            e.put("baseline_test_accuracy", base.get(m.epoch() - 1).test().accuracy());
                        }
                        rec.truncateEpochs(m.epoch() - 1);
                        rec.addEpoch(e);
                    }
                });
        List<EpochMetrics> history = trainer.fit(model,
                epoch -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch)), new ImageDataSetIterator(test, testCfg));
        TopologyExperiment.keepEveryEpoch(rec, history);
        if (trainer.executionPath() != null) {
            rec.note("execution_path", trainer.executionPath().toString());
        }
        model.save(rec.file("self-attention.model"));

        Evaluation ev = history.get(history.size() - 1).test();
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        rec.putFinal("test_accuracy", ev.accuracy());
        rec.putFinal("test_loss", ev.loss());
        rec.putFinal("epochs", history.size());
        rec.putFinal("parameters", model.module().parameterCount());
        rec.putFinal("train_seconds", seconds);
        rec.putFinal("seconds_per_epoch", seconds / history.size());
        rec.putFinal("train_samples_per_s", history.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0));
        Evaluation baseEv = base.isEmpty() ? null : base.get(base.size() - 1).test();
        if (baseEv != null) {
            double baseSeconds = base.stream().mapToDouble(EpochMetrics::seconds).sum();
            rec.putFinal("baseline_test_accuracy", baseEv.accuracy());
            rec.putFinal("baseline_test_loss", baseEv.loss());
            rec.putFinal("baseline_seconds_per_epoch", baseSeconds / base.size());
            rec.putFinal("baseline_parameters", model(cfg.network().withoutAttention(), cfg.seed()).module().parameterCount());
            rec.putFinal("attention_gain_points", 100 * (ev.accuracy() - baseEv.accuracy()));
        }

        Path fig = rec.figuresDir();
        AttentionFigures.accuracy(fig.resolve("accuracy.png"), history, base);
        Map<String, Object> distances = new LinkedHashMap<>();
        double uniform = 0;
        if (cfg.layers() > 0) {
            Model maps = Model.builder(((AttentionNet) model.module()).maps()).inputShape(1, AttentionNet.SIDE, AttentionNet.SIDE)
                    .seed(cfg.seed()).build();
            maps.loadStateDict(model.stateDict(), true);
            INDArray x = AutoencoderExperiment.images(test);
            int side = cfg.imageSize();
            int[] q = cfg.queryPixel();
            if (cfg.maps() > 0) {
                int[] shown = Arrays.copyOf(AutoencoderExperiment.firstOfEachClass(test.labels(), 1), Math.min(cfg.maps(), 10));
                INDArray xs = x.reshape(x.size(0), (long) AttentionNet.SIDE * AttentionNet.SIDE).getRows(shown)
                        .reshape(shown.length, 1, AttentionNet.SIDE, AttentionNet.SIDE);
                INDArray w = maps.predict(xs).castTo(DataType.DOUBLE);                     // [n, L·h, T, T]
                INDArray pooled = pooledImages(xs, cfg);                                   // [n, side·side]
                double[][][] rows = new double[shown.length][][];
                for (int i = 0; i < shown.length; i++) {
                    rows[i] = w.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point((long) q[0] * side + q[1]), NDArrayIndex.all())
                            .dup().toDoubleMatrix();                                        // [L·h][T]
                }
                int[] labels = Arrays.stream(shown).map(test::label).toArray();
                AttentionFigures.maps(fig.resolve("attention-maps.png"), pooled.toDoubleMatrix(), rows, labels, side, q, cfg.heads());
            }
            // in chunks of at most about 4 million weights (side 28: 784 × 784 per layer and head)
            int n = (int) Math.min(DISTANCE_DIGITS, x.size(0));
            long perDigit = (long) cfg.layers() * cfg.heads() * side * side * side * side;
            int chunk = (int) Math.max(1, Math.min(n, 4_000_000 / perDigit));
            double[] d = new double[cfg.layers() * cfg.heads()];
            for (int from = 0; from < n; from += chunk) {
                int to = Math.min(n, from + chunk);
                INDArray w = maps.predict(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()))
                        .castTo(DataType.DOUBLE);
                double[] part = meanDistances(w, side);
                for (int c = 0; c < d.length; c++) {
                    d[c] += part[c] * (to - from) / n;
                }
            }
            uniform = uniformDistance(side);
            for (int l = 0; l < cfg.layers(); l++) {
                for (int h = 0; h < cfg.heads(); h++) {
                    distances.put("layer" + (l + 1) + "_head" + (h + 1), d[l * cfg.heads() + h]);
                }
            }
            rec.putFinal("attention_mean_distance_pixels", distances);
            rec.putFinal("uniform_attention_mean_distance_pixels", uniform);
        }
        return summary(cfg, history, ev, baseEv, base, distances, uniform, trainer, rec.dir());
    }

    /** The images as the tokens see them, {@code [n, side·side]}: 2×2 pooled (as the network pools) for side 14. */
    static INDArray pooledImages(INDArray x, AttentionConfig cfg) {
        long n = x.size(0);
        if (cfg.imageSize() == AttentionNet.SIDE) {
            return x.reshape(n, (long) AttentionNet.SIDE * AttentionNet.SIDE).castTo(DataType.DOUBLE);
        }
        INDArray v = x.castTo(DataType.DOUBLE).reshape(n, 14, 2, 14, 2);
        INDArray pooled = cfg.pool() == AttentionNet.Pooling.MAX ? v.max(2, 4) : v.mean(2, 4);
        return pooled.reshape(n, 14 * 14);
    }

    /**
     * For attention weights {@code [n, L·h, T, T]} over a side × side grid: per layer and head, the mean
     * over examples and query pixels of {@code Σ_j A[i, j]·|p_i − p_j|} (Euclidean distance in pixels).
     */
    static double[] meanDistances(INDArray w, int side) {
        int t = side * side;
        INDArray dist = distanceMatrix(side);
        long n = w.size(0);
        int ch = (int) w.size(1);
        double[] out = new double[ch];
        for (int c = 0; c < ch; c++) {
            INDArray a = w.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all()).dup();  // [n, T, T]
            out[c] = a.mul(dist.reshape(1, t, t).broadcast(n, t, t)).sumNumber().doubleValue() / (n * (double) t);
        }
        return out;
    }

    /** The mean distance between two pixels of the grid, each query attending to all pixels alike. */
    static double uniformDistance(int side) {
        int t = side * side;
        return distanceMatrix(side).sumNumber().doubleValue() / ((double) t * t);
    }

    private static INDArray distanceMatrix(int side) {
        int t = side * side;
        double[][] d = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                d[i][j] = Math.hypot(i / side - j / side, i % side - j % side);
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(d);
    }

    private static String summary(AttentionConfig cfg, List<EpochMetrics> history, Evaluation ev, Evaluation baseEv, List<EpochMetrics> base,
                                  Map<String, Object> distances, double uniform, Trainer trainer, Path dir) {
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Pixel-level self-attention (seed 000) on MNIST: %d×%d tokens of width %d, %d layer(s) × %d head(s); "
                        + "%d epochs, batch %d, Adam lr %s%n", cfg.imageSize(), cfg.imageSize(), cfg.width(), cfg.layers(), cfg.heads(),
                history.size(), cfg.batchSize(), ConfigBinder.text(cfg.lr())));
        sb.append(String.format(Locale.ROOT, "  test accuracy        %.2f%% (loss %.4f)%n", 100 * ev.accuracy(), ev.loss()));
        if (baseEv != null) {
            double bs = base.stream().mapToDouble(EpochMetrics::seconds).sum() / base.size();
            sb.append(String.format(Locale.ROOT, "  baseline, no attention %.2f%% (same tokens and head; %.1f s per epoch): attention %+.2f points%n",
                    100 * baseEv.accuracy(), bs, 100 * (ev.accuracy() - baseEv.accuracy())));
        }
        if (!distances.isEmpty()) {
            sb.append("  mean attention distance (pixels)");
            distances.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k, (Double) v)));
            sb.append(String.format(Locale.ROOT, "; uniform %.2f%n", uniform));
        }
        sb.append(String.format(Locale.ROOT, "  training             %.1f s (%.2f s per epoch)%s%n", seconds, seconds / history.size(),
                trainer.executionPath() == null ? "" : "; steps " + trainer.executionPath()));
        sb.append("  run directory        ").append(dir).append('\n');
        return sb.toString();
    }
}
