package io.github.mlplatform.experiments.invariance;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.stream.FrameStream;
import io.github.mlplatform.datasets.stream.Ribbon;
import io.github.mlplatform.datasets.stream.RibbonConfig;
import io.github.mlplatform.datasets.stream.Tapestry;
import io.github.mlplatform.datasets.stream.TapestryConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.EpochMetrics;
import io.github.mlplatform.invariance.Implementation;
import io.github.mlplatform.invariance.InvarianceAnalysis;
import io.github.mlplatform.invariance.InvarianceCheckpoint;
import io.github.mlplatform.invariance.InvarianceControls;
import io.github.mlplatform.invariance.InvarianceModel;
import io.github.mlplatform.invariance.InvarianceTrainer;
import io.github.mlplatform.invariance.MwtaConfig;
import io.github.mlplatform.invariance.Precision;
import io.github.mlplatform.invariance.WeightInit;
import io.github.mlplatform.invariance.bench.InvarianceBenchmark;
import io.github.mlplatform.viz.anim.AnimationConfig;
import io.github.mlplatform.viz.anim.AnimationWriter;
import io.github.mlplatform.viz.anim.Triptych;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Images;
import io.github.mlplatform.viz.image.WeightGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ml run invariance}: the "variable xi invariance" seed (001). An MWTA sparse layer (900
 * neurons, 4 winners, xi 0.008) learns 20x20 features of windows moving over a tapestry of MNIST
 * digits; an EMA invariant layer (100 neurons, alpha 1/3, leta 0.05 for inputs that are on, seta
 * 0.0005 for inputs that are off, rows renormalised to sum 9 every 2000 steps) learns to reconstruct
 * the sparse code from its slowly moving average. 20 epochs replay the same first 10,000 frames.
 *
 * <p>Settings: {@link Config} ({@code -P neurons=49} for the 7x7 variant, rows sum to 18 and affinity
 * groups of 18; {@code -P stream=ribbon} for the ribbon of 28x28 windows sliding over 1,000 digits;
 * {@code -P dataset=fashion-mnist} for a tapestry of Fashion-MNIST images; {@code -P preset=NAME} for
 * the notebook's earlier hand-tuned runs, all of them side by side with {@code ml run invariance-presets}).
 *
 * <p>Writes per-epoch metrics, final metrics (slowness of the invariant vs the sparse
 * output; the controls of {@link InvarianceControls}: slowness and probe separation of the trained
 * layer, of the same EMA with the initial U, of the trained U on shuffled frames and of a fixed
 * grouping, as {@code slowness_<variant>} and {@code separation_<variant>}, with a sentence on what
 * they show in the summary and in the note {@code controls}; coverage, sparse reconstruction error, weakest/strongest represented sparse neuron,
 * steps/s), figures (sparse and invariant weight grids, normalised prototypes U W, affinity groups,
 * representation strength map, the weakest and strongest sparse prototypes, training curves, a GIF
 * of input | invariant activity | reconstruction), the final checkpoint, and as notes the layers'
 * configurations that follow from the settings ({@code sparse_layer}, {@code invariant_layer}).
 */
public final class InvarianceExperiment implements Experiment<InvarianceExperiment.Config> {

    private static final Logger LOG = LoggerFactory.getLogger(InvarianceExperiment.class);

    /** File name of the checkpoint in the run directory (also the final model). */
    public static final String CHECKPOINT = "checkpoint.bin";

    @Override
    public String name() {
        return "invariance";
    }

    @Override
    public String description() {
        return "MWTA sparse layer + EMA invariant layer with variable xi on moving MNIST windows (seed 001)";
    }

    /** The frames the layers learn from. */
    public enum Stream {
        /** 20x20 windows on a random walk over a tapestry of digits (the seed's default) */
        TAPESTRY,
        /** a 28x28 window sliding one pixel per frame over a ribbon of 1,000 digits */
        RIBBON
    }

    /**
     * Settings of {@code ml run invariance}, written to the run's {@code config.json} under the same keys.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code stream}</td><td>tapestry|ribbon</td><td>tapestry</td><td>tapestry: 20x20 windows on a random walk over digits; ribbon: 28x28 window sliding over 1,000 digits</td></tr>
     * <tr><td>{@code dataset}</td><td>mnist|fashion-mnist</td><td>mnist</td><td>images of the tapestry or ribbon: MNIST digits (the seed) or Fashion-MNIST (the notebook's wish beyond digits)</td></tr>
     * <tr><td>{@code preset}</td><td>six-winners|three-winners|four-winners|renormalised|stable</td><td>stable</td><td>the notebook's hand-tuned runs in order (winners, xi, alpha, leta, seta, renormalisation; InvariancePreset); stable is its final run</td></tr>
     * <tr><td>{@code neurons}</td><td>integer</td><td>100</td><td>invariant neurons; 49 is the seed's 7x7 variant (rows renormalised to sum 18)</td></tr>
     * <tr><td>{@code impl}</td><td>fused|nd4j</td><td>fused</td><td>fused: CPU loops that use the sparsity; nd4j: ND4J ops, any backend</td></tr>
     * <tr><td>{@code precision}</td><td>float|double</td><td>double</td><td>precision of the weights (the seed computed in float64)</td></tr>
     * <tr><td>{@code epochs}</td><td>integer</td><td>20 epochs</td><td>passes over the same frames (--resume may change it)</td></tr>
     * <tr><td>{@code limit}</td><td>integer</td><td>10000 steps</td><td>training steps (frames) per epoch</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the weights and of the tapestry's random walk</td></tr>
     * <tr><td>{@code gif-frames}</td><td>integer</td><td>500 frames</td><td>frames of input | invariant activity | reconstruction in figures/activity.gif (at most limit) (--resume may change it)</td></tr>
     * <tr><td>{@code winners}</td><td>integer</td><td>0</td><td>winners n of the sparse layer (0 = the preset's)</td></tr>
     * <tr><td>{@code leta}</td><td>number</td><td>0</td><td>invariant layer's learning rate for sparse inputs that are on (0 = the preset's)</td></tr>
     * <tr><td>{@code seta}</td><td>number</td><td>0</td><td>invariant layer's learning rate for sparse inputs that are off (0 = the preset's)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "tapestry: 20x20 windows on a random walk over digits; ribbon: 28x28 window sliding over 1,000 digits")
            Stream stream,
            @Param(doc = "images of the tapestry or ribbon: MNIST digits (the seed) or Fashion-MNIST (the notebook's wish beyond digits)")
            InvarianceDataset dataset,
            @Param(doc = "the notebook's hand-tuned runs in order (winners, xi, alpha, leta, seta, renormalisation; InvariancePreset); stable is its final run")
            InvariancePreset preset,
            @Param(doc = "invariant neurons; 49 is the seed's 7x7 variant (rows renormalised to sum 18)") int neurons,
            @Param(doc = "fused: CPU loops that use the sparsity; nd4j: ND4J ops, any backend") Implementation impl,
            @Param(doc = "precision of the weights (the seed computed in float64)") Precision precision,
            @Param(doc = "passes over the same frames", unit = "epochs", resumable = true) int epochs,
            @Param(doc = "training steps (frames) per epoch", unit = "steps") int limit,
            @Param(doc = "seed of the weights and of the tapestry's random walk") long seed,
            @Param(doc = "frames of input | invariant activity | reconstruction in figures/activity.gif (at most limit)",
                    unit = "frames", resumable = true) int gifFrames,
            @Param(doc = "winners n of the sparse layer (0 = the preset's)") int winners,
            @Param(doc = "invariant layer's learning rate for sparse inputs that are on (0 = the preset's)") double leta,
            @Param(doc = "invariant layer's learning rate for sparse inputs that are off (0 = the preset's)") double seta) {

        public Config {
            Check.that(stream != null, "stream", "is required");
            Check.that(dataset != null, "dataset", "is required");
            Check.that(preset != null, "preset", "is required");
            // the grouping control pools the sparse layer's neurons into the invariant ones: more invariant neurons
            // than sparse ones trained the whole schedule and then failed in the analysis, leaving a failed run
            Check.between(neurons, 1, MwtaConfig.defaults().neurons(), "neurons");
            Check.that(impl != null, "impl", "is required");
            Check.that(precision != null, "precision", "is required");
            Check.atLeast(epochs, 1, "epochs");
            Check.atLeast(limit, 2, "limit");
            Check.atLeast(gifFrames, 0, "gif-frames");
            Check.between(winners, 0, MwtaConfig.defaults().neurons() - 1, "winners");
            Check.that(leta >= 0 && leta <= 1, "leta", "must be a rate in 0..1 (0 = the preset's)");
            Check.that(seta >= 0 && seta <= 1, "seta", "must be a rate in 0..1 (0 = the preset's)");
        }

        /** The preset's sparse layer for frames of {@code inputs} pixels, with {@code winners} if set. */
        public MwtaConfig sparse(int inputs) {
            MwtaConfig sc = preset.sparse(inputs);
            return winners > 0 ? sc.withWinners(winners) : sc;
        }

        /** The preset's invariant layer on {@code inputs} sparse neurons, with {@code leta} and {@code seta} if set. */
        public EmaInvariantConfig invariant(int inputs) {
            EmaInvariantConfig ic = preset.invariant(neurons, inputs);
            return ic.withRates(leta > 0 ? leta : ic.leta(), seta > 0 ? seta : ic.seta());
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    /** The seed's run: tapestry, 100 invariant neurons, fused, double, 20 epochs of 10,000 steps, seed 42. */
    @Override
    public Config defaults() {
        return new Config(Stream.TAPESTRY, InvarianceDataset.MNIST, InvariancePreset.STABLE, 100, Implementation.FUSED, Precision.DOUBLE, 20, 10_000, 42, 500,
                0, 0, 0);
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    /**
     * Frames of a stream, their side length, and the probe frames of {@link InvarianceControls}: the
     * first {@link #PROBE_IMAGES} images of the stream, each at the 5x5 window shifts
     * {@link InvarianceControls#PROBE_SHIFTS}.
     */
    record Frames(float[][] frames, int side, String description, float[][][] probes) {
    }

    /** Images in the probes of the controls' separation index (each at 25 window positions). */
    static final int PROBE_IMAGES = 100;

    /**
     * The trained model of one configuration with its analysis, shared by {@code invariance} and
     * {@code invariance-presets}.
     */
    record Trained(InvarianceModel model, MwtaConfig sparse, EmaInvariantConfig invariant, InvarianceTrainer.Result result,
                   InvarianceAnalysis.Report report, InvarianceControls.Report controls) {
    }

    /**
     * Trains {@code preset} on the frames (resuming from {@code checkpoint} when asked), runs the seed's
     * analysis loop over the training frames ({@code observer} sees every frame, may be null) and the
     * controls of {@link InvarianceControls} (shuffle seed = {@code seed}).
     */
    static Trained train(InvariancePreset preset, int neurons, Implementation impl, Precision precision, int epochs, int steps,
                         long seed, Frames frames, Path checkpoint, boolean resume, String label,
                         java.util.function.Consumer<EpochMetrics> onEpoch, InvarianceAnalysis.FrameObserver observer)
            throws IOException {
        int side = frames.side();
        MwtaConfig sc = preset.sparse(side * side);
        return train(sc, preset.invariant(neurons, sc.neurons()), impl, precision, epochs, steps, seed, frames, checkpoint, resume,
                label, onEpoch, observer);
    }

    /** {@link #train(InvariancePreset, int, Implementation, Precision, int, int, long, Frames, Path, boolean, String,
     * java.util.function.Consumer, InvarianceAnalysis.FrameObserver)} with the two layers' settings given. */
    static Trained train(MwtaConfig sc, EmaInvariantConfig ic, Implementation impl, Precision precision, int epochs, int steps,
                         long seed, Frames frames, Path checkpoint, boolean resume, String label,
                         java.util.function.Consumer<EpochMetrics> onEpoch, InvarianceAnalysis.FrameObserver observer)
            throws IOException {
        InvarianceModel model = InvarianceModel.create(impl, sc, ic, precision, seed);
        DenseMatrix initialU = WeightInit.initial(sc, ic, seed)[1];
        InvarianceTrainer.Options topts = new InvarianceTrainer.Options(epochs, steps, checkpoint, 0, resume, 0, label);
        InvarianceTrainer.Result result = new InvarianceTrainer(model, topts).train(frames.frames(), onEpoch);
        InvarianceAnalysis.Report report = InvarianceAnalysis.evaluate(model, frames.frames(), steps, observer);
        InvarianceControls.Report controls = InvarianceControls.compare(model, initialU, frames.frames(), steps, frames.probes(), seed);
        LOG.info("{}: {}", label, controls.verdict());
        return new Trained(model, sc, ic, result, report, controls);
    }

    @Override
    public String run(Config config, RunContext ctx) throws Exception {
        RunOptions opt = ctx.options();
        RunRecord record = ctx.record();
        int steps = config.limit();
        int gifFrames = Math.min(config.gifFrames(), steps);

        LabeledImages digits = config.dataset().load(opt);
        record.note("data", digits.source().toString());
        Frames frames = frames(config.stream(), config.dataset(), digits.images(), steps, config.seed());
        int side = frames.side();
        MwtaConfig sc = config.sparse(side * side);
        EmaInvariantConfig ic = config.invariant(sc.neurons());
        int groupSize = (int) Math.round(ic.renormSum());
        record.note("sparse_layer", sc);
        record.note("invariant_layer", ic);
        record.note("affinity_group_size", groupSize);
        record.note("frames", frames.description());
        int epochs = config.epochs();

        Path checkpoint = record.file(CHECKPOINT);
        boolean resume = ctx.resumed() && Files.isRegularFile(checkpoint);
        if (ctx.resumed() && !resume) {
            LOG.warn("--resume: no checkpoint in {}, starting from the beginning", record.dir());
        }
        if (resume) {
            // the record gets the epochs the checkpoint knows (a kill between checkpoint and metrics loses none)
            InvarianceCheckpoint.State s = InvarianceCheckpoint.read(checkpoint,
                    InvarianceModel.create(config.impl(), sc, ic, config.precision(), config.seed()));
            record.truncateEpochs(0);
            for (EpochMetrics m : s.history()) {
                record.addEpoch(epochMap(m));
            }
        }

        // analysis: the seed's analysis loop over the training frames, the first gifFrames into the GIF
        int kSide = (int) Math.round(Math.sqrt(ic.neurons()));
        boolean squareActivity = kSide * kSide == ic.neurons() && kSide <= side;
        Path gif = record.figuresDir().resolve("activity.gif");
        AnimationWriter writer = gifFrames > 0 && squareActivity
                ? AnimationWriter.open(gif, AnimationConfig.ofDelay(200).withRepeatDelay(500)) : null;
        Trained trained;
        try {
            trained = train(sc, ic, config.impl(), config.precision(), epochs, steps, config.seed(),
                    frames, checkpoint, resume, "invariance", m -> record.addEpoch(epochMap(m)), (t, v, x, o, rec) -> {
                        if (writer != null && t < gifFrames) {
                            try {
                                // the seed's mini_tap: input | invariant activity (top right of the middle) | reconstruction
                                writer.append(Triptych.frame(toDouble(v), o, toDouble(rec), side, kSide, 4));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException("could not write " + gif, e);
                            }
                        }
                    });
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.abort();
            }
            throw e;
        }
        if (writer != null) {
            writer.close();
        }
        InvarianceModel model = trained.model();
        InvarianceTrainer.Result result = trained.result();
        InvarianceAnalysis.Report report = trained.report();
        DenseMatrix w = model.sparse().weights();
        DenseMatrix u = model.invariant().weights();
        writeFigures(record.figuresDir(), w, u, sc, ic, side, groupSize, report, result.epochs());

        double trainRate = result.stepsPerSecond();
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("slowness_invariant", report.slownessInvariant());
        fin.put("slowness_sparse", report.slownessSparse());
        fin.put("slowness_ratio", report.slownessInvariant() / report.slownessSparse());
        fin.put("active_invariant_neurons", report.activeInvariant());
        fin.put("active_sparse_neurons", report.activeSparse());
        fin.put("coverage", report.coverage());
        fin.put("recon_mse", report.reconMse());
        fin.put("recon_relative", report.reconRelative());
        fin.put("weakest_sparse_neuron", report.weakest());
        fin.put("weakest_strength", report.weakestStrength());
        fin.put("strongest_sparse_neuron", report.strongest());
        fin.put("strongest_strength", report.strongestStrength());
        fin.put("steps_per_second", trainRate);
        fin.put("total_steps", result.totalSteps());
        fin.put("evaluated_frames", report.frames());
        fin.putAll(controlsMetrics(trained.controls()));
        for (Map.Entry<String, Object> e : fin.entrySet()) {
            record.putFinal(e.getKey(), e.getValue());
        }
        record.note("implementation", model.describe());
        record.note("controls", controlsNote(trained.controls()));
        if (result.resumedFromEpoch() > 0) {
            record.note("resumed_from", "epoch " + result.resumedFromEpoch() + ", step " + result.resumedFromStep());
        }
        return record.writeSummary(summary(config, sc, ic, report, result, frames, record) + controlsTable(trained.controls()));
    }

    /** The frames of {@code stream} made of {@code digits} (images of {@code dataset}) and the controls' probes. */
    static Frames frames(Stream stream, InvarianceDataset dataset, ByteImages digits, int steps, long seed) {
        String what = dataset.images();
        if (stream == Stream.RIBBON) {
            Ribbon ribbon = Ribbon.of(digits, RibbonConfig.defaults());
            if (steps > ribbon.frameCount()) {
                throw new IllegalArgumentException("limit=" + steps + ": the ribbon has only " + ribbon.frameCount() + " frames");
            }
            return new Frames(split(ribbon.frames(), steps), ribbon.height(),
                    "ribbon of " + RibbonConfig.defaults().length() + " " + what + ", first " + steps + " of " + ribbon.frameCount()
                            + " frames (28x28 window sliding one pixel per frame)",
                    probes(digits, RibbonConfig.defaults().startIndex(), ribbon.height()));
        }
        TapestryConfig tc = TapestryConfig.defaults().withFrames(Math.max(steps, 1));
        Tapestry tapestry = Tapestry.of(digits, tc);
        return new Frames(split(tapestry.frames(seed), steps), tc.window(),
                "tapestry of " + tc.side() + "x" + tc.side() + " " + what + " from index " + tc.startIndex() + ", first " + steps
                        + " frames of a random walk (seed " + seed + "), " + tc.window() + "x" + tc.window() + " windows",
                probes(digits, tc.startIndex(), tc.window()));
    }

    /** {@link #PROBE_IMAGES} images from {@code first} (fewer if the set ends) at every shift of {@link InvarianceControls#PROBE_SHIFTS}. */
    private static float[][][] probes(ByteImages digits, int first, int window) {
        int n = Math.min(PROBE_IMAGES, digits.count() - first);
        List<float[]> images = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            images.add(digits.imageAsUnitFloats(first + i));
        }
        return InvarianceControls.probes(images, digits.rows(), digits.cols(), window, InvarianceControls.PROBE_SHIFTS);
    }

    /** The controls' numbers as final metrics: {@code slowness_<variant>}, {@code separation_<variant>}, and of the sparse input. */
    static Map<String, Object> controlsMetrics(InvarianceControls.Report c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (InvarianceControls.Row r : c.rows()) {
            m.put("slowness_" + r.variant().key(), r.slowness());
        }
        for (InvarianceControls.Row r : c.rows()) {
            m.put("separation_" + r.variant().key(), r.separation().index());
        }
        m.put("separation_sparse", c.sparseSeparation().index());
        m.put("separation_label_pooling", c.labelPooling().index());
        for (InvarianceControls.Row r : c.rows()) {
            m.put("separating_neurons_" + r.variant().key(), r.separation().neurons());
        }
        return m;
    }

    /** What the controls were, for the run record's notes. */
    static Map<String, Object> controlsNote(InvarianceControls.Report c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", c.verdict());
        m.put("probes", c.probeImages() + " images x " + c.probePositions() + " window positions (shifts "
                + java.util.Arrays.toString(InvarianceControls.PROBE_SHIFTS) + " px on each axis from the centre)");
        m.put("separation", "per invariant neuron S = V_img / (V_img + V_pos) of its held-frame response U x, mean over "
                + "neurons that respond; 1 = depends only on the image, 0 = only on the position (InvarianceControls)");
        m.put("initial_u", "the same EMA with the untrained, initial U");
        m.put("shuffled", "the trained U fed the frames in a random order (seed = run seed)");
        m.put("grouping", "invariant neuron k averages sparse neurons j with floor(j K / N) = k, rows summing to renormSum");
        m.put("label_pooling", "positive control of the separation: U[d][j] = wins of sparse neuron j on probe image d's probes");
        return m;
    }

    /** The controls as a text table and the sentence they support (part of every summary). */
    static String controlsTable(InvarianceControls.Report c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  controls on the same %d frames and on %d probe images x %d window positions:%n",
                c.frames(), c.probeImages(), c.probePositions()));
        b.append(String.format(Locale.ROOT, "    %-34s %9s %11s %9s%n", "", "slowness", "separation", "neurons"));
        for (InvarianceControls.Row r : c.rows()) {
            b.append(String.format(Locale.ROOT, "    %-34s %9.4f %11.4f %9d%n", r.variant().label(), r.slowness(),
                    r.separation().index(), r.separation().neurons()));
        }
        b.append(String.format(Locale.ROOT, "    %-34s %9.4f %11.4f %9d%n", "sparse layer output x (the input)",
                c.sparseSlowness(), c.sparseSeparation().index(), c.sparseSeparation().neurons()));
        b.append(String.format(Locale.ROOT, "    %-34s %9s %11.4f %9d%n", "pooling by probe label (positive)", "-",
                c.labelPooling().index(), c.labelPooling().neurons()));
        b.append("    (slowness: lower = slower; separation: 1 = the held-frame response depends only on the image, 0 = only on its position)\n");
        b.append("  ").append(c.verdict()).append('\n');
        return b.toString();
    }

    private static float[][] split(FrameStream s, int count) {
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = s.next();
        }
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static double[][] rows(DenseMatrix m) {
        double[][] r = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            r[i] = m.row(i);
        }
        return r;
    }

    /** One epoch's metrics under the run record's keys (also used by {@code ml run invariance-classifier}). */
    public static Map<String, Object> epochMap(EpochMetrics m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", m.epoch());
        e.put("steps", m.steps());
        e.put("seconds", m.seconds());
        e.put("steps_per_second", m.stepsPerSecond());
        e.put("train_recon_mse", m.trainReconMse());
        e.put("train_recon_relative", m.trainReconRelative());
        e.put("sparse_winners_fraction", m.sparseWinnersFraction());
        e.put("coverage", m.coverage());
        e.put("weakest_strength", m.weakestStrength());
        e.put("strongest_strength", m.strongestStrength());
        return e;
    }

    /**
     * The seed's pictures of a trained sparse (W, N x M) + invariant (U, K x N) pair (weights, prototypes,
     * affinity groups, strength, training curves) into {@code fig} ({@code side} = sqrt(M)); also drawn by
     * {@code ml run invariance-presets} per preset and {@code ml run invariance-classifier} for its first two layers.
     */
    public static void writeFigures(Path fig, DenseMatrix w, DenseMatrix u, MwtaConfig sc, EmaInvariantConfig ic,
                                    int side, int groupSize, InvarianceAnalysis.Report report, List<EpochMetrics> epochs)
            throws IOException {
        Files.createDirectories(fig);
        int[] sparseGrid = WeightGrid.gridFor(sc.neurons());
        int[] invGrid = WeightGrid.gridFor(ic.neurons());
        int uSide = (int) Math.round(Math.sqrt(ic.inputs()));
        // the seed's draw_weights(sw, 30, 30, 20) and draw_weights(iw, 10, 10, 30)
        WeightGrid.write(fig.resolve("sparse_weights.png"), rows(w), sparseGrid[0], sparseGrid[1], side,
                GridStyle.weights().withScale(2));
        if (uSide * uSide == ic.inputs()) {
            WeightGrid.write(fig.resolve("invariant_weights.png"), rows(u), invGrid[0], invGrid[1], uSide,
                    GridStyle.weights().withScale(2));
        }
        // prototypes U W, raw and with rows divided by their L2 norm (the seed's www)
        WeightGrid.write(fig.resolve("prototypes.png"), rows(InvarianceAnalysis.prototypes(u, w)), invGrid[0], invGrid[1],
                side, GridStyle.weights().withScale(4));
        WeightGrid.write(fig.resolve("prototypes_normalised.png"), rows(InvarianceAnalysis.normalisedPrototypes(u, w)),
                invGrid[0], invGrid[1], side, GridStyle.weights().withScale(4));
        // affinity groups: sw[argsort(iw, axis=1)][:, -9:], one invariant neuron per row of tiles
        WeightGrid.write(fig.resolve("affinity_groups.png"), rows(InvarianceAnalysis.affinityGroupPrototypes(u, w, groupSize)),
                groupSize, ic.neurons(), side, GridStyle.weights().withScale(2).withSeparator(1, 0x808080));
        // representation strength: cp.sum(iw, axis=0).reshape(30, 30), imshow(cmap="gray")
        double[] strength = InvarianceAnalysis.representationStrength(u);
        if (sparseGrid[0] * sparseGrid[1] == strength.length) {
            double[][] map = new double[sparseGrid[1]][sparseGrid[0]];
            for (int i = 0; i < strength.length; i++) {
                map[i / sparseGrid[0]][i % sparseGrid[0]] = strength[i];
            }
            ImageFiles.write(Images.fromMatrix(map, Colormap.GRAY, Double.NaN, Double.NaN, 12),
                    fig.resolve("representation_strength.png"));
        }
        // the sparse prototypes of the weakest and the strongest represented sparse neuron
        WeightGrid.write(fig.resolve("weakest_strongest.png"), new double[][] {w.row(report.weakest()), w.row(report.strongest())},
                2, 1, side, GridStyle.weights().withScale(8).withSeparator(2, 0xFFFFFF));
        if (!epochs.isEmpty()) {
            double[] x = new double[epochs.size()];
            double[] recon = new double[epochs.size()];
            double[] coverage = new double[epochs.size()];
            double[] winners = new double[epochs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = epochs.get(i).epoch();
                recon[i] = epochs.get(i).trainReconRelative();
                coverage[i] = epochs.get(i).coverage();
                winners[i] = epochs.get(i).sparseWinnersFraction();
            }
            boolean positive = java.util.Arrays.stream(recon).allMatch(v -> v > 0);
            Charts.write(Charts.line("sparse reconstruction error during training", "epoch", "mean e^2 / mean v^2",
                    List.of(new Series("train reconstruction error (relative)", x, recon)),
                    ChartStyle.defaults().withLogY(positive)), fig.resolve("training_recon.png"));
            Charts.write(Charts.line("representation during training", "epoch", "share of sparse neurons",
                    List.of(new Series("coverage (column sum of U > 10% of mean)", x, coverage),
                            new Series("sparse neurons that won in the epoch", x, winners)),
                    ChartStyle.defaults()), fig.resolve("training_coverage.png"));
        }
    }

    private static String summary(Config c, MwtaConfig sparse, EmaInvariantConfig invariant, InvarianceAnalysis.Report r,
                                  InvarianceTrainer.Result result, Frames frames, RunRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "invariance (seed 001, variable xi): %s, %d sparse x %d inputs -> %d invariant, %s/%s%n",
                ConfigBinder.text(c.stream()), sparse.neurons(), sparse.inputs(), invariant.neurons(), ConfigBinder.text(c.impl()),
                ConfigBinder.text(c.precision())));
        b.append(String.format(Locale.ROOT, "  trained %d epochs x %d steps (%d steps, %.0f steps/s this run)%s%n",
                c.epochs(), c.limit(), result.totalSteps(), result.stepsPerSecond(),
                result.resumedFromEpoch() > 0 ? ", resumed at epoch " + result.resumedFromEpoch() : ""));
        b.append(String.format(Locale.ROOT, "  slowness (mean squared step of unit-variance outputs, lower = slower): "
                + "invariant %.4f vs sparse %.4f (ratio %.3f)%n", r.slownessInvariant(), r.slownessSparse(),
                r.slownessInvariant() / r.slownessSparse()));
        b.append(String.format(Locale.ROOT, "  coverage: %.1f%% of sparse neurons have a column sum in U above 10%% of the mean%n",
                100 * r.coverage()));
        b.append(String.format(Locale.ROOT, "  weakest represented sparse neuron %d (column sum %.4g), strongest %d (%.4g)%n",
                r.weakest(), r.weakestStrength(), r.strongest(), r.strongestStrength()));
        b.append(String.format(Locale.ROOT, "  sparse reconstruction error: mse %.4g = %.1f%% of mean v^2 (over %d frames)%n",
                r.reconMse(), 100 * r.reconRelative(), r.frames()));
        if (!result.epochs().isEmpty()) {
            EpochMetrics last = result.epochs().get(result.epochs().size() - 1);
            b.append(String.format(Locale.ROOT, "  last epoch: train recon %.1f%% of mean v^2, %.1f%% of sparse neurons won%n",
                    100 * last.trainReconRelative(), 100 * last.sparseWinnersFraction()));
        }
        b.append("  frames: ").append(frames.description()).append('\n');
        b.append("  figures: ").append(record.figuresDir()).append('\n');
        return b.toString();
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new Bench());
    }

    /** Implementations {@code ml bench invariance} can measure. */
    public enum BenchImplementation {
        FUSED,
        ND4J,
        /** a line-by-line port of the seed's NumPy code */
        SEED_PORT
    }

    /** Inputs {@code ml bench invariance} feeds the layers. */
    public enum BenchInputs {
        TAPESTRY,
        DENSE,
        BOTH
    }

    /**
     * Settings of {@code ml bench invariance}.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code impl}</td><td>list of fused|nd4j|seed-port</td><td>fused,nd4j</td><td>implementations to measure</td></tr>
     * <tr><td>{@code sizes}</td><td>list of integer</td><td>225,900,3600 neurons</td><td>sparse layer sizes to measure</td></tr>
     * <tr><td>{@code precision}</td><td>float|double</td><td>float</td><td>precision of the weights</td></tr>
     * <tr><td>{@code seconds}</td><td>number</td><td>3 s</td><td>timed seconds per case</td></tr>
     * <tr><td>{@code inputs}</td><td>tapestry|dense|both</td><td>tapestry</td><td>tapestry: real MNIST tapestry frames; dense: dense random inputs; both</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the tapestry's random walk</td></tr>
     * <tr><td>{@code batches}</td><td>list of integer</td><td>1,8,64</td><td>B models stepped together as batched ND4J products (the GPU path), 900 sparse neurons; 0 = none</td></tr>
     * <tr><td>{@code streams}</td><td>list of integer</td><td>1,2</td><td>independent fused models stepping in parallel, one per thread, 900 sparse neurons; 0 = none</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record BenchConfig(
            @Param(doc = "implementations to measure") List<BenchImplementation> impl,
            @Param(doc = "sparse layer sizes to measure", unit = "neurons") List<Integer> sizes,
            @Param(doc = "precision of the weights") Precision precision,
            @Param(doc = "timed seconds per case", unit = "s") double seconds,
            @Param(doc = "tapestry: real MNIST tapestry frames; dense: dense random inputs; both") BenchInputs inputs,
            @Param(doc = "seed of the tapestry's random walk") long seed,
            @Param(doc = "B models stepped together as batched ND4J products (the GPU path), 900 sparse neurons; 0 = none")
            List<Integer> batches,
            @Param(doc = "independent fused models stepping in parallel, one per thread, 900 sparse neurons; 0 = none")
            List<Integer> streams) {

        public BenchConfig {
            Check.that(batches.stream().allMatch(b -> b >= 0 && b <= 1024), "batches", "must be stream counts in 0..1024");
            Check.that(streams.stream().allMatch(t -> t >= 0 && t <= 256), "streams", "must be thread counts in 0..256");
            Check.that(!impl.isEmpty(), "impl", "must name at least one implementation");
            Check.that(!sizes.isEmpty() && sizes.stream().allMatch(n -> n > 0), "sizes", "must be a list of whole numbers > 0");
            Check.that(precision != null, "precision", "is required");
            Check.positive(seconds, "seconds");
            Check.that(inputs != null, "inputs", "is required");
        }
    }

    /**
     * {@code ml bench invariance}: {@link InvarianceBenchmark} on real tapestry frames (MNIST, or
     * its embedded sample).
     */
    static final class Bench implements Benchmark<BenchConfig> {

        @Override
        public Class<BenchConfig> configType() {
            return BenchConfig.class;
        }

        @Override
        public BenchConfig defaults() {
            InvarianceBenchmark.Config d = InvarianceBenchmark.Config.defaults();
            return new BenchConfig(d.impls().stream().map(s -> BenchImplementation.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'))).toList(),
                    java.util.Arrays.stream(d.sizes()).boxed().toList(), d.precision(), d.seconds(),
                    d.tapestryInput() && d.denseInput() ? BenchInputs.BOTH : d.denseInput() ? BenchInputs.DENSE : BenchInputs.TAPESTRY, 42,
                    java.util.Arrays.stream(d.batches()).boxed().toList(), java.util.Arrays.stream(d.streams()).boxed().toList());
        }

        @Override
        public void run(BenchConfig c, RunOptions options, PrintStream out) throws Exception {
            InvarianceBenchmark.Config cfg = new InvarianceBenchmark.Config(c.impl().stream().map(ConfigBinder::enumText).toList(),
                    c.sizes().stream().mapToInt(Integer::intValue).toArray(), c.precision(), c.seconds(),
                    c.inputs() != BenchInputs.DENSE, c.inputs() != BenchInputs.TAPESTRY,
                    c.batches().stream().filter(b -> b > 0).mapToInt(Integer::intValue).toArray(),
                    c.streams().stream().filter(t -> t > 0).mapToInt(Integer::intValue).toArray());
            LabeledImages digits = InvarianceDataset.MNIST.load(options);
            float[][] frames = frames(Stream.TAPESTRY, InvarianceDataset.MNIST, digits.images(), 4000, c.seed()).frames();
            out.println("frames: MNIST tapestry (" + digits.source() + ")");
            InvarianceBenchmark.run(cfg, frames, out);
        }
    }
}
