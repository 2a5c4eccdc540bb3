package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.pairs.ImagePairs;
import io.github.mlplatform.datasets.pairs.PairSampler;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.TrainingRecords;
import io.github.mlplatform.experiments.autoencoder.AutoencoderExperiment;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.viz.tsne.NearestNeighbours;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * {@code ml run comparative}: a network that says whether two MNIST images show the same digit
 * ({@link ComparativeNet}: one shared encoder, a comparison head, one logit), trained on balanced
 * pairs drawn from the training images ({@link PairSampler}, a fresh seeded draw each epoch) and
 * measured on balanced pairs drawn from the test images only.
 *
 * <p>The measured claims: (1) the accuracy on the test pairs (logit {@code > 0} means "same";
 * chance 50%, exactly balanced), also split into same and different pairs; (2) the network used as
 * a classifier, the seed's "similar to k-nearest neighbours": each test digit is compared with
 * {@link #KS K} = 1, 5 and 10 labelled references of every class (drawn from the training set,
 * {@code reference-draws} times with different seeds) and labelled with the class of highest mean
 * probability of "same"; against k-nearest neighbours on raw pixels (k = 1 and 3) with the same
 * references, and 1-NN on the network's own 32-d codes (does the head add anything to a plain
 * distance between codes?).
 *
 * <p>Seeds: the training pairs of epoch e (0-based) are drawn with {@code seed + e}, the test pairs
 * with {@code seed + }{@value #TEST_PAIRS_SEED}, the references of draw d with
 * {@code seed + }{@value #REFERENCES_SEED}{@code  + d}; so {@code --resume} continues with the
 * pairs the killed run would have drawn.
 *
 * <p>Writes {@code figures/classifier.png} (accuracy against K), {@code figures/pairs.png} (example
 * test pairs with the predicted probability), the model ({@code comparative.model}) and, per epoch,
 * the training loss and the test pairs' loss and accuracy (the report draws them as
 * {@code curves-loss.png} and {@code curves-accuracy.png}). Settings: {@link ComparativeConfig}.
 */
public final class ComparativeExperiment implements Experiment<ComparativeConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(ComparativeExperiment.class);
    /** The checkpoint file of a run directory ({@link Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";
    /** References per class compared with each test digit. */
    static final int[] KS = {1, 5, 10};
    /** The k of the k-nearest-neighbour baselines on raw pixels. */
    static final int[] PIXEL_KS = {1, 3};
    /** Added to the seed for the test pairs' draw. */
    static final long TEST_PAIRS_SEED = 1_000_000;
    /** Added to the seed (and the draw's number) for the references' draws. */
    static final long REFERENCES_SEED = 2_000_000;
    /** Example test pairs in the figure (half same, half different: the first ones of each kind). */
    static final int SHOWN_PAIRS = 16;
    /** Pairs (or code pairs) per forward pass when measuring. */
    private static final int CHUNK = 2000;
    /** Test digits per chunk when scoring them against every reference. */
    private static final int DIGITS_PER_CHUNK = 200;

    @Override
    public String name() {
        return "comparative";
    }

    @Override
    public String description() {
        return "Same digit or not? Shared encoder + comparison head on MNIST pairs; as a classifier with 1/5/10 references vs kNN";
    }

    @Override
    public Class<ComparativeConfig> configType() {
        return ComparativeConfig.class;
    }

    @Override
    public ComparativeConfig defaults() {
        return ComparativeConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new ComparativeBenchmark());
    }

    /** Loss and accuracy of the model on pairs, and the accuracy on its same and different pairs alone. */
    record PairScores(double loss, double accuracy, double sameAccuracy, double differentAccuracy, double[] probabilities) {
    }

    @Override
    public String run(ComparativeConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, 0);
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");
        ImagePairs testPairs = PairSampler.balanced(test, cfg.testPairs(), cfg.seed() + TEST_PAIRS_SEED);
        rec.note("pairs", cfg.trainPairs() + " balanced pairs of training images per epoch (seed + epoch), " + testPairs.size()
                + " balanced pairs of test images (seed + " + TEST_PAIRS_SEED + "), pixels in [0, 1]");

        ComparativeNet net = new ComparativeNet();
        Model model = Model.builder(net).inputShape(2, ComparativeNet.SIDE, ComparativeNet.SIDE).labelShape(1)
                .loss(Loss.bceFromLogits()).seed(cfg.seed()).build();
        rec.note("model", model.description());
        rec.note("loss", "binary cross-entropy of the logit of 'same' (PyTorch's BCEWithLogitsLoss)");
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.adam(cfg.lr()))).workers(cfg.workers())
                .checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        PairScores s = score(model, testPairs);
                        LOG.info("epoch {}: test pairs loss {}, accuracy {}", m.epoch(), String.format(Locale.ROOT, "%.4f", s.loss()),
                                String.format(Locale.ROOT, "%.2f%%", 100 * s.accuracy()));
                        Map<String, Object> e = m.toMap();
                        e.put("test_loss", s.loss());
                        e.put("test_pair_accuracy", s.accuracy());
                        rec.truncateEpochs(m.epoch() - 1);
                        rec.addEpoch(e);
                    }
                });
        List<EpochMetrics> history = trainer.fit(model,
                epoch -> PairSampler.balanced(train, cfg.trainPairs(), cfg.seed() + epoch).iterator(cfg.batchSize()), null);
        TrainingRecords.afterFit(rec, trainer, history);
        model.save(rec.file("comparative.model"));

        PairScores fin = score(model, testPairs);
        rec.putFinal("test_loss", fin.loss());
        rec.putFinal("test_pair_accuracy", fin.accuracy());
        rec.putFinal("test_pair_accuracy_same", fin.sameAccuracy());
        rec.putFinal("test_pair_accuracy_different", fin.differentAccuracy());
        rec.putFinal("test_pairs", testPairs.size());

        Path fig = rec.figuresDir();
        ComparativeFigures.pairs(fig.resolve("pairs.png"), testPairs, shownPairs(testPairs), fin.probabilities());

        // the network as a classifier: the encoder and the head as models of their own (the same parameters)
        int n = cfg.classifyDigits() == 0 ? test.size() : Math.min(cfg.classifyDigits(), test.size());
        Classification c = classify(net, train, test, n, cfg);
        rec.putFinal("classify_digits", n);
        rec.putFinal("reference_draws", cfg.referenceDraws());
        rec.putFinal("classifier_accuracy", c.table());
        rec.putFinal("classifier_seconds", c.seconds());
        LOG.info("classifier accuracy (mean over {} reference draws, {} test digits): {}", cfg.referenceDraws(), n, c.table());
        ComparativeFigures.classifier(fig.resolve("classifier.png"), KS, c.mean(), n, cfg.referenceDraws());
        return summary(cfg, history, fin, testPairs.size(), n, c, trainer, rec.dir());
    }

    /** The model's loss and accuracy on all of {@code pairs}, in chunks; probabilities of "same" per pair. */
    static PairScores score(Model model, ImagePairs pairs) {
        int n = pairs.size();
        double[] p = new double[n];
        double lossSum = 0;
        int right = 0;
        int same = 0;
        int sameRight = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            double[] logits = model.predict(pairs.features(from, to)).castTo(DataType.DOUBLE).reshape(to - from).toDoubleVector();
            for (int i = 0; i < logits.length; i++) {
                double z = logits[i];
                boolean y = pairs.same(from + i);
                p[from + i] = 1 / (1 + Math.exp(-z));
                // BCE with logits, stable: max(z, 0) − z·y + log(1 + e^−|z|)
                lossSum += Math.max(z, 0) - (y ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
                boolean said = z > 0;
                right += said == y ? 1 : 0;
                if (y) {
                    same++;
                    sameRight += said ? 1 : 0;
                }
            }
        }
        return new PairScores(lossSum / n, (double) right / n, (double) sameRight / same, (double) (right - sameRight) / (n - same), p);
    }

    /** Indices of the first {@link #SHOWN_PAIRS}/2 same and first {@link #SHOWN_PAIRS}/2 different pairs, same ones first. */
    static int[] shownPairs(ImagePairs pairs) {
        List<Integer> same = new ArrayList<>();
        List<Integer> different = new ArrayList<>();
        for (int p = 0; p < pairs.size() && (same.size() < SHOWN_PAIRS / 2 || different.size() < SHOWN_PAIRS / 2); p++) {
            List<Integer> kind = pairs.same(p) ? same : different;
            if (kind.size() < SHOWN_PAIRS / 2) {
                kind.add(p);
            }
        }
        same.addAll(different);
        return same.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Accuracy of each method (rows) for each K of {@link #KS}, mean, lowest and highest over the
     * reference draws; the JSON table for the run record.
     */
    record Classification(Map<String, double[]> mean, Map<String, double[]> min, Map<String, double[]> max, double seconds) {

        Map<String, Object> table() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String method : mean.keySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int q = 0; q < KS.length; q++) {
                    row.put("k" + KS[q], mean.get(method)[q]);
                    row.put("k" + KS[q] + "_min", min.get(method)[q]);
                    row.put("k" + KS[q] + "_max", max.get(method)[q]);
                }
                out.put(method, row);
            }
            return out;
        }
    }

    /** Method names, in the order of the table, the figure and the summary. */
    static final String NETWORK = "network";
    static final String CODES_1NN = "codes_1nn";

    static String pixelMethod(int k) {
        return "pixels_" + k + "nn";
    }

    /**
     * Labels the first {@code n} test digits by comparison with K references per class, for each K
     * and reference draw, by the network (highest mean probability of "same" over a class's K
     * references; a tie to the lower class) and by the nearest-neighbour baselines on the same
     * references. Within a draw the references of K = 1 are among those of K = 5, and those among
     * the ones of K = 10.
     */
    static Classification classify(ComparativeNet net, LabeledImages train, LabeledImages test, int n, ComparativeConfig cfg) {
        long t0 = System.nanoTime();
        int kMax = KS[KS.length - 1];
        int classes = train.numClasses();
        Model encoder = Model.builder(net.encode()).inputShape(1, ComparativeNet.SIDE, ComparativeNet.SIDE).build();
        Model head = Model.builder(net.head()).inputShape(2, ComparativeNet.CODE).build();
        INDArray testImages = AutoencoderExperiment.images(test.head(n));
        double[][] testCodes = AutoencoderExperiment.encode(encoder, testImages);
        double[][] testPixels = testImages.reshape(n, (long) ComparativeNet.SIDE * ComparativeNet.SIDE).castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] truth = Arrays.copyOf(test.labels(), n);
        List<String> methods = new ArrayList<>(List.of(NETWORK));
        for (int k : PIXEL_KS) {
            methods.add(pixelMethod(k));
        }
        methods.add(CODES_1NN);
        Map<String, double[][]> acc = new LinkedHashMap<>();   // method -> [draw][K]
        for (String m : methods) {
            acc.put(m, new double[cfg.referenceDraws()][KS.length]);
        }
        for (int d = 0; d < cfg.referenceDraws(); d++) {
            int[] refs = PairSampler.perClass(train, kMax, cfg.seed() + REFERENCES_SEED + d);   // class-major, kMax per class
            double[][] refPixels = new double[refs.length][];
            for (int j = 0; j < refs.length; j++) {
                float[] px = train.images().imageAsUnitFloats(refs[j]);
                refPixels[j] = new double[px.length];
                for (int t = 0; t < px.length; t++) {
                    refPixels[j][t] = px[t];
                }
            }
            INDArray refImages = Nd4j.create(refPixels).castTo(DataType.FLOAT).reshape(refs.length, 1, ComparativeNet.SIDE, ComparativeNet.SIDE);
            double[][] refCodes = AutoencoderExperiment.encode(encoder, refImages);
            double[][] same = sameProbabilities(head, testCodes, refCodes);   // [n][classes·kMax]
            for (int q = 0; q < KS.length; q++) {
                int k = KS[q];
                int[] subset = firstOfEachClass(classes, kMax, k);
                int[] subsetLabels = new int[subset.length];
                for (int j = 0; j < subset.length; j++) {
                    subsetLabels[j] = subset[j] / kMax;
                }
                acc.get(NETWORK)[d][q] = accuracy(byMeanProbability(same, classes, kMax, k), truth);
                for (int pk : PIXEL_KS) {
                    acc.get(pixelMethod(pk))[d][q] = accuracy(NearestNeighbours.classify(rows(refPixels, subset), subsetLabels, testPixels, pk), truth);
                }
                acc.get(CODES_1NN)[d][q] = accuracy(NearestNeighbours.classify(rows(refCodes, subset), subsetLabels, testCodes, 1), truth);
            }
            LOG.info("reference draw {} of {}: network {}, pixels 1-NN {} (K = {})", d + 1, cfg.referenceDraws(),
                    Arrays.toString(acc.get(NETWORK)[d]), Arrays.toString(acc.get(pixelMethod(1))[d]), Arrays.toString(KS));
        }
        Map<String, double[]> mean = new LinkedHashMap<>();
        Map<String, double[]> min = new LinkedHashMap<>();
        Map<String, double[]> max = new LinkedHashMap<>();
        for (String m : methods) {
            double[][] a = acc.get(m);
            double[] mu = new double[KS.length];
            double[] lo = new double[KS.length];
            double[] hi = new double[KS.length];
            for (int q = 0; q < KS.length; q++) {
                final int qq = q;
                mu[q] = Arrays.stream(a).mapToDouble(r -> r[qq]).average().orElse(Double.NaN);
                lo[q] = Arrays.stream(a).mapToDouble(r -> r[qq]).min().orElse(Double.NaN);
                hi[q] = Arrays.stream(a).mapToDouble(r -> r[qq]).max().orElse(Double.NaN);
            }
            mean.put(m, mu);
            min.put(m, lo);
            max.put(m, hi);
        }
        return new Classification(mean, min, max, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The head's probability of "same" for every test code against every reference code:
     * {@code [n][r]}, from the head on stacked code pairs {@code [chunk·r, 2, 32]} (the same logits as
     * the whole network on the two images).
     */
    static double[][] sameProbabilities(Model head, double[][] codes, double[][] refCodes) {
        int n = codes.length;
        int r = refCodes.length;
        int d = refCodes[0].length;
        double[][] out = new double[n][r];
        for (int from = 0; from < n; from += DIGITS_PER_CHUNK) {
            int to = Math.min(n, from + DIGITS_PER_CHUNK);
            float[] x = new float[(to - from) * r * 2 * d];
            int o = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < r; j++) {
                    for (int t = 0; t < d; t++) {
                        x[o + t] = (float) codes[i][t];
                        x[o + d + t] = (float) refCodes[j][t];
                    }
                    o += 2 * d;
                }
            }
            INDArray logits = head.predict(Nd4j.create(x, new long[]{(long) (to - from) * r, 2, d}, DataType.FLOAT));
            double[] z = logits.castTo(DataType.DOUBLE).reshape(logits.length()).toDoubleVector();
            for (int i = from; i < to; i++) {
                for (int j = 0; j < r; j++) {
                    out[i][j] = 1 / (1 + Math.exp(-z[(i - from) * r + j]));
                }
            }
        }
        return out;
    }

    /** Indices into a class-major list of {@code perClass} references per class: the first {@code k} of each class. */
    static int[] firstOfEachClass(int classes, int perClass, int k) {
        int[] out = new int[classes * k];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < k; j++) {
                out[c * k + j] = c * perClass + j;
            }
        }
        return out;
    }

    /** For each row, the class whose first {@code k} references have the highest mean probability (a tie to the lower class). */
    static int[] byMeanProbability(double[][] same, int classes, int perClass, int k) {
        int[] out = new int[same.length];
        for (int i = 0; i < same.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += same[i][c * perClass + j];
                }
                if (s > best) {
                    best = s;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    private static double[][] rows(double[][] m, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int j = 0; j < idx.length; j++) {
            out[j] = m[idx[j]];
        }
        return out;
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    private static String summary(ComparativeConfig cfg, List<EpochMetrics> history, PairScores fin, int testPairs, int n, Classification c,
                                  Trainer trainer, Path dir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Comparative (seed 000): shared conv encoder (32-d) + |a-b|, a*b head; %d epochs of %,d pairs, "
                + "batch %d, Adam lr %s%n", history.size(), cfg.trainPairs(), cfg.batchSize(), ConfigBinder.text(cfg.lr())));
        sb.append(String.format(Locale.ROOT, "  test pairs           %,d balanced pairs of test digits: accuracy %.2f%% (same %.2f%%, different %.2f%%; "
                + "chance 50%%), loss %.4f%n", testPairs, 100 * fin.accuracy(), 100 * fin.sameAccuracy(), 100 * fin.differentAccuracy(), fin.loss()));
        sb.append(String.format(Locale.ROOT, "  as a classifier      %,d test digits, K references per class from the training set, mean over %d draws:%n",
                n, cfg.referenceDraws()));
        sb.append(String.format(Locale.ROOT, "    %-34s", ""));
        for (int k : KS) {
            sb.append(String.format(Locale.ROOT, " %8s", "K = " + k));
        }
        sb.append('\n');
        for (Map.Entry<String, double[]> row : c.mean().entrySet()) {
            sb.append(String.format(Locale.ROOT, "    %-34s", ComparativeFigures.label(row.getKey())));
            for (double a : row.getValue()) {
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
