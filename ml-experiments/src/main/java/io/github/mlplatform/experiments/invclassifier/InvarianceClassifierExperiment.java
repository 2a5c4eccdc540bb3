package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.stream.FrameStream;
import io.github.mlplatform.datasets.stream.Tapestry;
import io.github.mlplatform.datasets.stream.TapestryConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.FinishedTrainings;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.invariance.InvarianceExperiment;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.EpochMetrics;
import io.github.mlplatform.invariance.FusedMwtaLayer;
import io.github.mlplatform.invariance.Implementation;
import io.github.mlplatform.invariance.InvarianceAnalysis;
import io.github.mlplatform.invariance.InvarianceModel;
import io.github.mlplatform.invariance.InvarianceTrainer;
import io.github.mlplatform.invariance.MwtaConfig;
import io.github.mlplatform.invariance.Precision;
import io.github.mlplatform.invariance.SparseLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ml run invariance-classifier}: the next step of seed 001's notebook, "train a classifier on
 * MNIST digits using two sparse layers sandwiching an invariant layer" (issue #15, part 2).
 *
 * <ol>
 *   <li>The sparse (MWTA, 900 neurons on 20×20 windows) and invariant (EMA, 100 neurons) layers learn
 *       together, unsupervised, on the moving windows over the digit tapestry, exactly as
 *       {@code ml run invariance} trains them ({@link InvarianceTrainer}, 20 epochs × 10,000 frames).</li>
 *   <li>Then, with those two frozen, a second sparse layer (900 neurons, 4 winners) learns on the
 *       invariant layer's outputs o (length 100) of the same frames in the same order.</li>
 *   <li>Each digit (28×28, p/255) is cut into 20×20 windows at a grid of offsets
 *       ({@link WindowFeatures.Grid}, default −4, 0, 4, 8, 12 on each axis of the digit padded by 4 zeros: 25 windows), each window is encoded by
 *       the stack ({@code LayerStack}: sparse code x [900], invariant response o = U x [100], top sparse
 *       code z [900]) and the codes are pooled over the positions ({@link WindowFeatures.Pooling}, sum by
 *       default). Raw pixels [784] are the fourth feature set.</li>
 *   <li>The same linear read-out ({@code Readout}: standardised features, softmax regression, Adam) is
 *       trained on each feature set over the training digits and tested on the 10,000 test digits.</li>
 * </ol>
 *
 * <p>The anchor is Krotov and Hopfield 2019 ("Unsupervised learning by competing hidden units", PNAS
 * 116(16)): about 98.5% test accuracy on MNIST with a local unsupervised layer and a supervised top layer.
 *
 * <p>Resume: the first two layers' checkpoint ({@value #CHECKPOINT}, after every epoch) and the top
 * layer ({@value #TOP_LAYER}, once trained) are kept in the run directory, and each finished read-out in
 * {@value #READOUTS}; {@code --resume} continues training the first two layers where they stopped and
 * does not train again what is saved. Features are computed again (seconds).
 * Settings: {@link InvarianceClassifierConfig}.
 */
public final class InvarianceClassifierExperiment implements Experiment<InvarianceClassifierConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(InvarianceClassifierExperiment.class);
    /** The first two layers' checkpoint (InvarianceTrainer's format); its presence makes a run resumable. */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** The trained top sparse layer's state. */
    public static final String TOP_LAYER = "top-sparse.bin";
    /** The top sparse layer's per-epoch metrics, written before {@value #TOP_LAYER}. */
    public static final String TOP_HISTORY = "top-sparse.json";
    /** The finished read-outs. */
    public static final String READOUTS = "checkpoints/readouts.json";
    /** Krotov and Hopfield 2019, MNIST test accuracy of local unsupervised learning + a supervised top layer. */
    public static final double ANCHOR_ACCURACY = 0.985;
    /** The feature sets, in the order they are trained and reported. */
    public static final List<String> FEATURE_SETS = List.of("raw", "sparse", "invariant", "stack");
    private static final int SIDE = 28;

    @Override
    public String name() {
        return "invariance-classifier";
    }

    @Override
    public String description() {
        return "sparse -> invariant -> sparse layers trained unsupervised on moving windows (seed 001's next step), "
                + "pooled window codes of whole digits, linear read-out on pixels vs each layer";
    }

    @Override
    public Class<InvarianceClassifierConfig> configType() {
        return InvarianceClassifierConfig.class;
    }

    @Override
    public InvarianceClassifierConfig defaults() {
        return InvarianceClassifierConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public String run(InvarianceClassifierConfig cfg, RunContext ctx) throws Exception {
        RunRecord record = ctx.record();
        LabeledImages all = LenetExperiment.mnist(ctx.options(), true, 0);
        LabeledImages train = cfg.digits() > 0 ? all.head(Math.min(cfg.digits(), all.size())) : all;
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, cfg.testDigits());
        record.note("data", all.source() + " (" + train.size() + " training, " + test.size() + " test digits)");

        // 1. sparse + invariant, as ml run invariance trains them
        TapestryConfig tc = TapestryConfig.defaults().withFrames(cfg.limit());
        float[][] frames = frames(Tapestry.of(all.images(), tc).frames(cfg.seed()), cfg.limit());
        int side = tc.window();
        MwtaConfig sc = MwtaConfig.defaults().withInputs(side * side);
        EmaInvariantConfig ic = EmaInvariantConfig.defaults().withInputs(sc.neurons());
        record.note("sparse_layer", sc);
        record.note("invariant_layer", ic);
        InvarianceModel model = InvarianceModel.create(Implementation.FUSED, sc, ic, Precision.DOUBLE, cfg.seed());
        Path checkpoint = record.file(CHECKPOINT);
        InvarianceTrainer.Options topts = new InvarianceTrainer.Options(cfg.epochs(), cfg.limit(), checkpoint, 0,
                ctx.resumed() && Files.isRegularFile(checkpoint), 0, "sparse+invariant");
        InvarianceTrainer.Result first = new InvarianceTrainer(model, topts).train(frames, null);
        record.truncateEpochs(0);
        for (EpochMetrics m : first.epochs()) {
            Map<String, Object> e = new LinkedHashMap<>(Map.of("stage", "sparse+invariant"));
            e.putAll(InvarianceExperiment.epochMap(m));
            record.addEpoch(e);
        }
        double firstSeconds = first.epochs().stream().mapToDouble(EpochMetrics::seconds).sum();

        // the invariant outputs o of the training frames (the seed's analysis loop), and the invariance figures
        int k = ic.neurons();
        float[][] invariantFrames = new float[cfg.limit()][k];
        InvarianceAnalysis.Report report = InvarianceAnalysis.evaluate(model, frames, cfg.limit(), (t, v, x, o, rec) -> {
            for (int q = 0; q < k; q++) {
                invariantFrames[t][q] = (float) o[q];
            }
        });
        DenseMatrix w = model.sparse().weights();
        DenseMatrix u = model.invariant().weights();
        InvarianceExperiment.writeFigures(record.figuresDir(), w, u, sc, ic, side, (int) Math.round(ic.renormSum()), report, first.epochs());

        // 2. the top sparse layer on the frozen invariant outputs
        MwtaConfig topConfig = topSparse(k, cfg.topNeurons(), cfg.topWinners(), cfg.topXi());
        record.note("top_sparse_layer", topConfig);
        SparseLayer top = FusedMwtaLayer.create(topConfig, Precision.DOUBLE, cfg.seed() + 1);
        TopTraining topRun = trainTop(top, invariantFrames, cfg, record, ctx.resumed());
        for (Map<String, Object> e : topRun.epochs()) {
            record.addEpoch(e);
        }

        // 3. features of whole digits
        LayerStack stack = new LayerStack(model.sparse(), u, top);
        WindowFeatures.Grid grid = new WindowFeatures.Grid(SIDE, side, cfg.stride(), cfg.pad());
        record.note("window_offsets", grid.offsets());
        record.note("window_positions", grid.positions());
        long t0 = System.nanoTime();
        LayerStack.Features trainFeatures = stack.extract(train.images(), grid, cfg.pooling(), cfg.workers(), "features (train)");
        LayerStack.Features testFeatures = stack.extract(test.images(), grid, cfg.pooling(), cfg.workers(), "features (test)");
        double extractSeconds = (System.nanoTime() - t0) / 1e9;
        record.note("feature_dims", Map.of("raw", SIDE * SIDE, "sparse", sc.neurons(), "invariant", k, "stack", topConfig.neurons()));
        record.putFinal("active_stack_features", activeColumns(trainFeatures.stack(), topConfig.neurons()));
        record.putFinal("active_sparse_features", activeColumns(trainFeatures.sparse(), sc.neurons()));

        // 4. the same read-out on each feature set
        FinishedTrainings<Readout.Result> state = new FinishedTrainings<>(record.file(READOUTS), "readouts", Readout.Result.class);
        List<Readout.Result> done = state.start(ctx);
        Readout.Settings rs = new Readout.Settings(cfg.readoutEpochs(), cfg.readoutLr(), cfg.batchSize(), cfg.weightDecay(), cfg.seed());
        int[] trainLabels = train.labels();
        int[] testLabels = test.labels();
        for (String set : FEATURE_SETS) {
            if (done.stream().anyMatch(r -> r.features().equals(set))) {
                continue;
            }
            float[][] xs = switch (set) {
                case "raw" -> new float[][] {trainFeatures.raw(), testFeatures.raw()};
                case "sparse" -> new float[][] {trainFeatures.sparse(), testFeatures.sparse()};
                case "invariant" -> new float[][] {trainFeatures.invariant(), testFeatures.invariant()};
                default -> new float[][] {trainFeatures.stack(), testFeatures.stack()};
            };
            int dim = xs[0].length / train.size();
            LOG.info("read-out on {} features ({} per digit)", set, dim);
            Readout.Result r = Readout.train(set, xs[0], trainLabels, xs[1], testLabels, dim, rs);
            LOG.info("{}: test accuracy {}, {} s", set, String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    String.format(Locale.ROOT, "%.1f", r.seconds()));
            done.add(r);
            state.write(done);
        }
        done.sort(java.util.Comparator.comparingInt(r -> FEATURE_SETS.indexOf(r.features())));

        for (Readout.Result r : done) {
            record.putFinal("accuracy_" + r.features(), r.testAccuracy());
            record.putFinal("train_accuracy_" + r.features(), r.trainAccuracy());
            record.putFinal("readout_seconds_" + r.features(), r.seconds());
        }
        record.putFinal("anchor_accuracy_krotov_hopfield_2019", ANCHOR_ACCURACY);
        record.putFinal("train_seconds_sparse_invariant", firstSeconds);
        record.putFinal("train_seconds_top_sparse", topRun.seconds());
        record.putFinal("feature_seconds", extractSeconds);
        record.putFinal("slowness_ratio", report.slownessInvariant() / report.slownessSparse());
        record.putFinal("readouts", done);
        InvarianceClassifierFigures.topLayer(record.figuresDir(), top.weights(), InvarianceAnalysis.prototypes(u, w), side);
        InvarianceClassifierFigures.accuracies(record.figuresDir(), done, ANCHOR_ACCURACY);
        InvarianceClassifierFigures.readoutCurves(record.figuresDir(), done);
        return record.writeSummary(summary(cfg, done, firstSeconds, topRun.seconds(), extractSeconds, grid, train.size(), test.size(), record));
    }

    /** The first {@code count} frames of a stream. */
    private static float[][] frames(FrameStream s, int count) {
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = s.next();
        }
        return out;
    }

    /** Columns of a row-major {@code [n, dim]} matrix that are not 0 in every row. */
    static int activeColumns(float[] x, int dim) {
        boolean[] on = new boolean[dim];
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                on[i % dim] = true;
            }
        }
        int c = 0;
        for (boolean b : on) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /** The top layer's training: per-epoch metrics and the wall time of its steps (0 when loaded). */
    record TopTraining(List<Map<String, Object>> epochs, double seconds) {
    }

    /**
     * Trains the top sparse layer {@code cfg.topEpochs()} passes over {@code inputs} in order (as the
     * trainer replays the tapestry frames), or, on {@code --resume}, loads it when a run saved it.
     * Saved atomically once trained: {@value #TOP_HISTORY} first, then {@value #TOP_LAYER}.
     */
    private static TopTraining trainTop(SparseLayer top, float[][] inputs, InvarianceClassifierConfig cfg, RunRecord record,
                                        boolean resumed) throws IOException {
        Path state = record.file(TOP_LAYER);
        Path history = record.file(TOP_HISTORY);
        if (resumed && Files.isRegularFile(state) && Files.isRegularFile(history)) {
            try (InputStream raw = Files.newInputStream(state);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
                top.readState(in);
            }
            LOG.info("top sparse layer: loaded from {}", state);
            List<Map<String, Object>> epochs = new ArrayList<>();
            Json.read(history).path("epochs").forEach(e -> epochs.add(Json.mapper().convertValue(e, Map.class)));
            double seconds = Json.read(history).path("seconds").asDouble();
            return new TopTraining(epochs, seconds);
        }
        int steps = inputs.length;
        int dim = top.config().inputs();
        List<Map<String, Object>> epochs = new ArrayList<>();
        double total = 0;
        for (int epoch = 0; epoch < cfg.topEpochs(); epoch++) {
            double sqErr = 0;
            double vSq = 0;
            boolean[] won = new boolean[top.config().neurons()];
            long t0 = System.nanoTime();
            try (Progress p = Progress.start(String.format(Locale.ROOT, "top sparse epoch %d/%d", epoch + 1, cfg.topEpochs()), steps)) {
                for (int i = 0; i < steps; i++) {
                    var code = top.step(inputs[i]);
                    sqErr += top.lastSquaredError();
                    for (float v : inputs[i]) {
                        vSq += (double) v * v;
                    }
                    for (int t = 0; t < code.count(); t++) {
                        if (code.activation(t) != 0) {
                            won[code.index(t)] = true;
                        }
                    }
                    if ((i & 1023) == 1023) {
                        p.step(1024);
                    }
                }
                p.step(steps - p.done());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            total += seconds;
            int wonCount = 0;
            for (boolean b : won) {
                wonCount += b ? 1 : 0;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", "top-sparse");
            e.put("epoch", epoch + 1);
            e.put("steps", steps);
            e.put("seconds", seconds);
            e.put("steps_per_second", seconds > 0 ? steps / seconds : 0);
            e.put("train_recon_relative", vSq > 0 ? sqErr / vSq : 0);
            e.put("sparse_winners_fraction", (double) wonCount / won.length);
            epochs.add(e);
            LOG.info("top sparse: epoch {}/{}: {} steps/s, recon {} of mean v^2, {} of neurons won", epoch + 1, cfg.topEpochs(),
                    String.format(Locale.ROOT, "%.0f", steps / seconds), String.format(Locale.ROOT, "%.3f", vSq > 0 ? sqErr / vSq : 0),
                    String.format(Locale.ROOT, "%.3f", (double) wonCount / won.length));
        }
        Json.write(history, Map.of("epochs", epochs, "seconds", total, "inputs", dim));
        AtomicFiles.write(state, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            top.writeState(out);
            out.flush();
        });
        return new TopTraining(epochs, total);
    }

    private static String summary(InvarianceClassifierConfig cfg, List<Readout.Result> done, double firstSeconds, double topSeconds,
                                  double extractSeconds, WindowFeatures.Grid grid, int trainCount, int testCount, RunRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "invariance-classifier (seed 001's next step): sparse 900 -> invariant 100 -> sparse %d, "
                + "%s pooling over %d windows of 20x20%n", cfg.topNeurons(), cfg.pooling().name().toLowerCase(Locale.ROOT), grid.positions()));
        b.append(String.format(Locale.ROOT, "  unsupervised: sparse+invariant %.1f s (%d x %d steps), top sparse %.1f s; features %.1f s "
                + "(%d training, %d test digits)%n", firstSeconds, cfg.epochs(), cfg.limit(), topSeconds, extractSeconds, trainCount, testCount));
        b.append("  linear read-out (softmax regression, Adam) test accuracy:\n");
        for (Readout.Result r : done) {
            b.append(String.format(Locale.ROOT, "    %-10s %5d features  test %6.2f%%  train %6.2f%%  (%.1f s)%n", r.features(), r.dim(),
                    100 * r.testAccuracy(), 100 * r.trainAccuracy(), r.seconds()));
        }
        b.append("  ").append(verdict(done, ANCHOR_ACCURACY)).append('\n');
        b.append("  figures: ").append(record.figuresDir()).append('\n');
        return b.toString();
    }

    /** The sentence of the report, computed from the accuracies (raw pixels, the best layer, the anchor). */
    static String verdict(List<Readout.Result> done, double anchor) {
        Readout.Result raw = done.stream().filter(r -> r.features().equals("raw")).findFirst().orElse(null);
        Readout.Result best = done.stream().filter(r -> !r.features().equals("raw"))
                .max(java.util.Comparator.comparingDouble(Readout.Result::testAccuracy)).orElse(null);
        if (raw == null || best == null) {
            return "";
        }
        double diff = 100 * (best.testAccuracy() - raw.testAccuracy());
        double toAnchor = 100 * (anchor - best.testAccuracy());
        return String.format(Locale.ROOT, "The best learned features (%s, %.2f%%) are %.2f points %s than raw pixels (%.2f%%) "
                        + "and %.2f points %s Krotov & Hopfield 2019's %.1f%%.", best.features(), 100 * best.testAccuracy(), Math.abs(diff),
                diff >= 0 ? "better" : "worse", 100 * raw.testAccuracy(), Math.abs(toAnchor), toAnchor >= 0 ? "below" : "above", 100 * anchor);
    }

    /**
     * The top sparse layer: {@code neurons} with {@code winners} on {@code inputs}, built in one step. Setting the
     * neurons and then the winners on the defaults checked the defaults' 4 winners against the new neuron count, so
     * {@code -P top-neurons=2 -P top-winners=2} passed the settings check, trained the first layers and then failed.
     */
    static MwtaConfig topSparse(int inputs, int neurons, int winners, double xi) {
        MwtaConfig d = MwtaConfig.defaults();
        return new MwtaConfig(neurons, inputs, winners, xi, d.eps(), d.initMax());
    }
}
