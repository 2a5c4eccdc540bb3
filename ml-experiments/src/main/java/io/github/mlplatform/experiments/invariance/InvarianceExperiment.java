package io.github.mlplatform.experiments.invariance;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.stream.FrameStream;
import io.github.mlplatform.datasets.stream.Ribbon;
import io.github.mlplatform.datasets.stream.RibbonConfig;
import io.github.mlplatform.datasets.stream.Tapestry;
import io.github.mlplatform.datasets.stream.TapestryConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.EpochMetrics;
import io.github.mlplatform.invariance.Implementation;
import io.github.mlplatform.invariance.InvarianceAnalysis;
import io.github.mlplatform.invariance.InvarianceCheckpoint;
import io.github.mlplatform.invariance.InvarianceModel;
import io.github.mlplatform.invariance.InvarianceTrainer;
import io.github.mlplatform.invariance.MwtaConfig;
import io.github.mlplatform.invariance.Precision;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ml run invariance}: the "variable xi invariance" seed (001). An MWTA sparse layer (900
 * neurons, 4 winners, xi 0.008) learns 20x20 features of windows moving over a tapestry of MNIST
 * digits; an EMA invariant layer (100 neurons, alpha 1/3, leta 0.05 for inputs that are on, seta
 * 0.0005 for inputs that are off, rows renormalised to sum 9 every 2000 steps) learns to reconstruct
 * the sparse code from its slowly moving average. 20 epochs replay the same first 10,000 frames.
 *
 * <p>Options: {@code --epochs} (20), {@code --limit} steps per epoch (10,000), {@code --seed},
 * {@code --resume}; {@code -P neurons=49} for the 7x7 variant (rows sum to 18, affinity groups of
 * 18), {@code -P stream=ribbon} for the ribbon of 28x28 windows sliding over 1,000 digits,
 * {@code -P impl=fused|nd4j} (fused), {@code -P precision=float|double} (double, as the seed's
 * float64),
 * {@code -P gif-frames=500}.
 *
 * <p>Writes config, per-epoch metrics, final metrics (slowness of the invariant vs the sparse
 * output, coverage, sparse reconstruction error, weakest/strongest represented sparse neuron,
 * steps/s), figures (sparse and invariant weight grids, normalised prototypes U W, affinity groups,
 * representation strength map, the weakest and strongest sparse prototypes, training curves, a GIF
 * of input | invariant activity | reconstruction) and the final checkpoint.
 */
public final class InvarianceExperiment implements Experiment {

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

    /** Everything the run is configured with (written to config.json). */
    public record Config(String stream, int epochs, int stepsPerEpoch, long seed, String implementation, String precision,
                         int gifFrames, int affinityGroupSize, MwtaConfig sparse, EmaInvariantConfig invariant) {
    }

    /** Frames of a stream and their side length. */
    private record Frames(float[][] frames, int side, String description) {
    }

    @Override
    public String run(RunContext ctx) throws Exception {
        RunOptions opt = ctx.options();
        RunRecord record = ctx.record();
        String stream = opt.param("stream", "tapestry").trim().toLowerCase(Locale.ROOT);
        if (!stream.equals("tapestry") && !stream.equals("ribbon")) {
            throw new IllegalArgumentException("-P stream=" + stream + ": expected tapestry or ribbon");
        }
        int neurons = opt.intParam("neurons", 100);
        Implementation impl = Implementation.parse(opt.param("impl", "fused"), "-P impl");
        // the seed computed in float64; on CPU float measured no faster (module README)
        Precision precision = Precision.parse(opt.param("precision", "double"), "-P precision");
        int epochs = opt.epochs().orElse(20);
        int steps = opt.limit().orElse(10_000);
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs " + epochs + ": expected >= 1");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--limit " + steps + ": expected >= 2 steps per epoch");
        }
        int gifFrames = Math.min(opt.intParam("gif-frames", 500), steps);
        if (gifFrames < 0) {
            throw new IllegalArgumentException("-P gif-frames=" + gifFrames + ": expected >= 0");
        }

        LabeledImages digits = loadDigits(opt);
        record.note("data", digits.source().toString());
        Frames frames = frames(stream, digits.images(), steps, opt.seed());
        int side = frames.side();
        MwtaConfig sc = MwtaConfig.defaults().withInputs(side * side);
        EmaInvariantConfig ic = EmaInvariantConfig.forNeurons(neurons).withInputs(sc.neurons());
        int groupSize = (int) Math.round(ic.renormSum());
        Config config = new Config(stream, epochs, steps, opt.seed(), impl.name().toLowerCase(Locale.ROOT), precision.name(),
                gifFrames, groupSize, sc, ic);
        record.writeConfig(config);
        record.note("frames", frames.description());

        InvarianceModel model = InvarianceModel.create(impl, sc, ic, precision, opt.seed());
        Path checkpoint = record.file(CHECKPOINT);
        boolean resume = ctx.resumed() && Files.isRegularFile(checkpoint);
        if (ctx.resumed() && !resume) {
            LOG.warn("--resume: no checkpoint in {}, starting from the beginning", record.dir());
        }
        if (resume) {
            // the record gets the epochs the checkpoint knows (a kill between checkpoint and metrics loses none)
            InvarianceCheckpoint.State s = InvarianceCheckpoint.read(checkpoint, model);
            record.truncateEpochs(0);
            for (EpochMetrics m : s.history()) {
                record.addEpoch(epochMap(m));
            }
        }
        InvarianceTrainer.Options topts = new InvarianceTrainer.Options(epochs, steps, checkpoint, 0, resume, 0, "invariance");
        InvarianceTrainer.Result result = new InvarianceTrainer(model, topts).train(frames.frames(), m -> record.addEpoch(epochMap(m)));

        // analysis: the seed's analysis loop over the training frames, the first gifFrames into the GIF
        int kSide = (int) Math.round(Math.sqrt(ic.neurons()));
        boolean squareActivity = kSide * kSide == ic.neurons() && kSide <= side;
        Path gif = record.figuresDir().resolve("activity.gif");
        InvarianceAnalysis.Report report;
        AnimationWriter writer = gifFrames > 0 && squareActivity
                ? AnimationWriter.open(gif, AnimationConfig.ofDelay(200).withRepeatDelay(500)) : null;
        try {
            report = InvarianceAnalysis.evaluate(model, frames.frames(), steps, (t, v, x, o, rec) -> {
                if (writer != null && t < gifFrames) {
                    try {
                        // the seed's mini_tap: input | invariant activity (top right of the middle) | reconstruction
                        writer.append(Triptych.frame(toDouble(v), o, toDouble(rec), side, kSide, 4));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("could not write " + gif, e);
                    }
                }
            });
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.abort();
            }
            throw e;
        }
        if (writer != null) {
            writer.close();
        }
        DenseMatrix w = model.sparse().weights();
        DenseMatrix u = model.invariant().weights();
        writeFigures(record, w, u, sc, ic, side, groupSize, report, result.epochs());

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
        for (Map.Entry<String, Object> e : fin.entrySet()) {
            record.putFinal(e.getKey(), e.getValue());
        }
        record.note("implementation", model.describe());
        if (result.resumedFromEpoch() > 0) {
            record.note("resumed_from", "epoch " + result.resumedFromEpoch() + ", step " + result.resumedFromStep());
        }
        return record.writeSummary(summary(config, report, result, frames, record));
    }

    private static LabeledImages loadDigits(RunOptions opt) throws IOException {
        var b = Mnist.builder().train(true).allowEmbeddedSample(true);
        if (opt.dataDir() != null) {
            b = b.dataDir(opt.dataDir());
        }
        return b.build().load();
    }

    private static Frames frames(String stream, ByteImages digits, int steps, long seed) {
        if (stream.equals("ribbon")) {
            Ribbon ribbon = Ribbon.of(digits, RibbonConfig.defaults());
            if (steps > ribbon.frameCount()) {
                throw new IllegalArgumentException("--limit " + steps + ": the ribbon has only " + ribbon.frameCount() + " frames");
            }
            return new Frames(split(ribbon.frames(), steps), ribbon.height(),
                    "ribbon of " + RibbonConfig.defaults().length() + " digits, first " + steps + " of " + ribbon.frameCount()
                            + " frames (28x28 window sliding one pixel per frame)");
        }
        TapestryConfig tc = TapestryConfig.defaults().withFrames(Math.max(steps, 1));
        Tapestry tapestry = Tapestry.of(digits, tc);
        return new Frames(split(tapestry.frames(seed), steps), tc.window(),
                "tapestry of " + tc.side() + "x" + tc.side() + " digits from index " + tc.startIndex() + ", first " + steps
                        + " frames of a random walk (seed " + seed + "), " + tc.window() + "x" + tc.window() + " windows");
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

    private static double[][] rows(DenseMatrix m) {
        double[][] r = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            r[i] = m.row(i);
        }
        return r;
    }

    static Map<String, Object> epochMap(EpochMetrics m) {
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

    private static void writeFigures(RunRecord record, DenseMatrix w, DenseMatrix u, MwtaConfig sc, EmaInvariantConfig ic,
                                     int side, int groupSize, InvarianceAnalysis.Report report, List<EpochMetrics> epochs)
            throws IOException {
        Path fig = record.figuresDir();
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

    private static String summary(Config c, InvarianceAnalysis.Report r, InvarianceTrainer.Result result, Frames frames,
                                  RunRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "invariance (seed 001, variable xi): %s, %d sparse x %d inputs -> %d invariant, %s/%s%n",
                c.stream(), c.sparse().neurons(), c.sparse().inputs(), c.invariant().neurons(), c.implementation(), c.precision()));
        b.append(String.format(Locale.ROOT, "  trained %d epochs x %d steps (%d steps, %.0f steps/s this run)%s%n",
                c.epochs(), c.stepsPerEpoch(), result.totalSteps(), result.stepsPerSecond(),
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
    public boolean hasBenchmark() {
        return true;
    }

    /**
     * {@code ml bench invariance}: {@link InvarianceBenchmark} on real tapestry frames (MNIST, or
     * its embedded sample). {@code -P impl=fused,nd4j,seed-port}, {@code -P sizes=225,900,3600},
     * {@code -P precision=float}, {@code -P seconds=3}, {@code -P inputs=tapestry|dense|both}.
     */
    @Override
    public void bench(RunOptions options, PrintStream out) throws Exception {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> e : options.params().entrySet()) {
            args.add(e.getKey() + "=" + e.getValue());
        }
        InvarianceBenchmark.Config cfg = InvarianceBenchmark.parse(args.toArray(new String[0]));
        LabeledImages digits = loadDigits(options);
        float[][] frames = frames("tapestry", digits.images(), 4000, options.seed()).frames();
        out.println("frames: MNIST tapestry (" + digits.source() + ")");
        InvarianceBenchmark.run(cfg, frames, out);
    }
}
