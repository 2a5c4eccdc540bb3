package io.github.mlplatform.invariance;

import io.github.mlplatform.core.progress.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains an {@link InvarianceModel} as the seed did: {@code epochs} passes over the same first
 * {@code stepsPerEpoch} frames of the stream, in order, the EMA state zeroed at each epoch start
 * (seed: 20 epochs x 10,000 steps). Shows progress, reports {@link EpochMetrics} after each epoch,
 * stops with an {@link InvalidWeightsException} naming the layer and step if weights turn
 * non-finite or negative (each layer checks what its step changed), writes a checkpoint after
 * each epoch (and every {@code checkpointEvery} steps if set), and resumes from it.
 */
public final class InvarianceTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(InvarianceTrainer.class);

    /**
     * @param epochs          passes over the frames (seed: 20)
     * @param stepsPerEpoch   frames per epoch, always the first ones (seed: 10,000)
     * @param checkpoint      checkpoint file, or null for none
     * @param checkpointEvery also checkpoint every this many steps within an epoch (0: only at epoch ends)
     * @param resume          start from {@code checkpoint} when it exists
     * @param stopAfterSteps  stop (after checkpointing) once this run has done this many steps; 0 = no limit
     * @param label           progress label prefix
     */
    public record Options(int epochs, int stepsPerEpoch, Path checkpoint, int checkpointEvery, boolean resume,
                          long stopAfterSteps, String label) {

        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: expected >= 1, got " + epochs);
            }
            if (stepsPerEpoch < 1) {
                throw new IllegalArgumentException("steps per epoch: expected >= 1, got " + stepsPerEpoch);
            }
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("checkpointEvery: expected >= 0, got " + checkpointEvery);
            }
            if (stopAfterSteps < 0) {
                throw new IllegalArgumentException("stopAfterSteps: expected >= 0, got " + stopAfterSteps);
            }
            if (resume && checkpoint == null) {
                throw new IllegalArgumentException("resume needs a checkpoint file");
            }
            label = label == null ? "invariance" : label;
        }

        /** The seed's schedule: 20 epochs of 10,000 steps, no checkpoint. */
        public static Options defaults() {
            return new Options(20, 10_000, null, 0, false, 0, "invariance");
        }

        public Options withEpochs(int e) {
            return new Options(e, stepsPerEpoch, checkpoint, checkpointEvery, resume, stopAfterSteps, label);
        }

        public Options withStepsPerEpoch(int s) {
            return new Options(epochs, s, checkpoint, checkpointEvery, resume, stopAfterSteps, label);
        }

        public Options withCheckpoint(Path file, boolean resumeIfPresent) {
            return new Options(epochs, stepsPerEpoch, file, checkpointEvery, resumeIfPresent, stopAfterSteps, label);
        }

        public Options withCheckpointEvery(int steps) {
            return new Options(epochs, stepsPerEpoch, checkpoint, steps, resume, stopAfterSteps, label);
        }

        public Options withStopAfterSteps(long steps) {
            return new Options(epochs, stepsPerEpoch, checkpoint, checkpointEvery, resume, steps, label);
        }
    }

    /**
     * @param epochs             metrics of every finished epoch (including those of earlier, resumed runs)
     * @param completed          false when stopped early by {@code stopAfterSteps}
     * @param totalSteps         learning steps done in total
     * @param stepsThisRun       learning steps done by this call
     * @param secondsThisRun     wall time of this call's steps
     * @param resumedFromEpoch   1-based epoch the run resumed in, 0 if it started fresh
     * @param resumedFromStep    step within that epoch it resumed at
     */
    public record Result(List<EpochMetrics> epochs, boolean completed, long totalSteps, long stepsThisRun,
                         double secondsThisRun, int resumedFromEpoch, int resumedFromStep) {

        /** Steps per second of this call. */
        public double stepsPerSecond() {
            return secondsThisRun > 0 ? stepsThisRun / secondsThisRun : 0;
        }
    }

    private final InvarianceModel model;
    private final Options options;

    public InvarianceTrainer(InvarianceModel model, Options options) {
        this.model = model;
        this.options = options;
    }

    /** Checks frames[0..count) (length and values) and returns their fingerprint. */
    static long checkFrames(float[][] frames, int count, int inputs) {
        if (frames.length < count) {
            throw new IllegalArgumentException("frames: " + frames.length + " given, expected at least " + count
                    + " (steps per epoch)");
        }
        for (int t = 0; t < count; t++) {
            float[] f = frames[t];
            if (f == null || f.length != inputs) {
                throw new IllegalArgumentException("frame " + t + ": length " + (f == null ? "null" : f.length)
                        + ", expected " + inputs);
            }
            for (int q = 0; q < inputs; q++) {
                if (!(f[q] >= 0f && f[q] <= Float.MAX_VALUE)) {
                    throw new IllegalArgumentException("frame " + t + ", pixel " + q + " = " + f[q]
                            + ": expected finite values >= 0");
                }
            }
        }
        return fingerprint(frames, count);
    }

    /** A 64-bit FNV-1a hash of frames[0..count), to make sure a resumed run sees the same frames. */
    public static long fingerprint(float[][] frames, int count) {
        long h = 0xcbf29ce484222325L;
        for (int t = 0; t < count; t++) {
            for (float v : frames[t]) {
                h ^= Float.floatToIntBits(v);
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    /**
     * Trains on {@code frames} (at least {@code stepsPerEpoch} of them, each of the sparse layer's
     * input size, values finite and >= 0), calling {@code onEpoch} after every epoch.
     */
    public Result train(float[][] frames, Consumer<EpochMetrics> onEpoch) throws IOException {
        final int steps = options.stepsPerEpoch();
        final int inputs = model.sparse().config().inputs();
        final int neurons = model.sparse().config().neurons();
        long fp = checkFrames(frames, steps, inputs);
        double[] vSq = new double[steps];
        for (int t = 0; t < steps; t++) {
            double s = 0;
            for (float v : frames[t]) {
                s += (double) v * v;
            }
            vSq[t] = s;
        }

        int epoch = 0;
        int start = 0;
        long total = 0;
        double sqErr = 0;
        double vSum = 0;
        double epochSeconds = 0;
        boolean[] won = new boolean[neurons];
        List<EpochMetrics> history = new ArrayList<>();
        int resumedEpoch = 0;
        int resumedStep = 0;
        if (options.resume() && Files.isRegularFile(options.checkpoint())) {
            InvarianceCheckpoint.State s = InvarianceCheckpoint.read(options.checkpoint(), model);
            if (s.stepsPerEpoch() != steps) {
                throw new IllegalArgumentException("checkpoint " + options.checkpoint() + " was written with "
                        + s.stepsPerEpoch() + " steps per epoch, this run has " + steps);
            }
            if (s.framesFingerprint() != fp) {
                throw new IllegalArgumentException("checkpoint " + options.checkpoint()
                        + " was written for other frames (fingerprint differs): same stream, seed and limit needed");
            }
            epoch = s.epoch();
            start = s.step();
            total = s.totalSteps();
            sqErr = s.sqErrSum();
            vSum = s.vSqSum();
            epochSeconds = s.epochSeconds();
            won = s.won();
            history.addAll(s.history());
            resumedEpoch = epoch + 1;
            resumedStep = start;
            LOG.info("{}: resuming at epoch {}, step {} ({} steps done) from {}", options.label(), epoch + 1, start,
                    total, options.checkpoint());
        }

        long runSteps = 0;
        long runNanos = 0;
        for (; epoch < options.epochs(); epoch++) {
            if (start == 0) {
                model.startEpoch();
                sqErr = 0;
                vSum = 0;
                epochSeconds = 0;
                java.util.Arrays.fill(won, false);
            }
            String label = String.format(Locale.ROOT, "%s epoch %d/%d", options.label(), epoch + 1, options.epochs());
            try (Progress progress = Progress.start(label, steps)) {
                progress.step(start);
                long t0 = System.nanoTime();
                for (int i = start; i < steps; i++) {
                    SparseCode x;
                    try {
                        x = model.step(frames[i]);
                    } catch (InvalidWeightsException e) {
                        throw new InvalidWeightsException(e, String.format(Locale.ROOT,
                                "epoch %d of %d, step %d of %d (frame %d)", epoch + 1, options.epochs(), i + 1, steps, i));
                    }
                    sqErr += model.sparse().lastSquaredError();
                    vSum += vSq[i];
                    for (int t = 0; t < x.count(); t++) {
                        // a winner of an all-zero frame (chosen by the tie-break) outputs 0 and learns nothing
                        if (x.activation(t) != 0) {
                            won[x.index(t)] = true;
                        }
                    }
                    total++;
                    runSteps++;
                    if ((i & 127) == 127) {
                        progress.step(128, String.format(Locale.ROOT, "recon=%.4g", sqErr / ((double) (i + 1) * inputs)));
                    }
                    boolean stop = options.stopAfterSteps() > 0 && runSteps >= options.stopAfterSteps();
                    boolean periodic = options.checkpointEvery() > 0 && (i + 1) % options.checkpointEvery() == 0;
                    if (i + 1 < steps && (stop || periodic) && options.checkpoint() != null) {
                        long now = System.nanoTime();
                        epochSeconds += (now - t0) / 1e9;
                        runNanos += now - t0;
                        InvarianceCheckpoint.write(options.checkpoint(), model, new InvarianceCheckpoint.State(epoch, i + 1,
                                total, steps, fp, sqErr, vSum, epochSeconds, won, history));
                        t0 = System.nanoTime();
                    }
                    if (stop && i + 1 < steps) {
                        runNanos += System.nanoTime() - t0;
                        epochSeconds += (System.nanoTime() - t0) / 1e9;
                        LOG.info("{}: stopped after {} steps at epoch {}, step {}", options.label(), runSteps, epoch + 1, i + 1);
                        return new Result(List.copyOf(history), false, total, runSteps, runNanos / 1e9, resumedEpoch, resumedStep);
                    }
                }
                long now = System.nanoTime();
                epochSeconds += (now - t0) / 1e9;
                runNanos += now - t0;
                progress.step(steps - progress.done());
            }
            DenseMatrix u = model.invariant().weights();
            double[] strength = InvarianceAnalysis.representationStrength(u);
            int wonCount = 0;
            for (boolean b : won) {
                wonCount += b ? 1 : 0;
            }
            double mse = sqErr / ((double) steps * inputs);
            double meanV2 = vSum / ((double) steps * inputs);
            EpochMetrics m = new EpochMetrics(epoch + 1, steps, epochSeconds, epochSeconds > 0 ? steps / epochSeconds : 0,
                    mse, meanV2 > 0 ? mse / meanV2 : 0, (double) wonCount / neurons,
                    InvarianceAnalysis.coverage(strength, InvarianceAnalysis.COVERAGE_FRACTION),
                    strength[InvarianceAnalysis.argmin(strength)], strength[InvarianceAnalysis.argmax(strength)]);
            history.add(m);
            LOG.info("{}: epoch {}/{}: {} steps/s, recon mse {} ({} of mean v^2), coverage {}", options.label(), epoch + 1,
                    options.epochs(), String.format(Locale.ROOT, "%.0f", m.stepsPerSecond()),
                    String.format(Locale.ROOT, "%.4g", m.trainReconMse()), String.format(Locale.ROOT, "%.3f", m.trainReconRelative()),
                    String.format(Locale.ROOT, "%.3f", m.coverage()));
            start = 0;
            if (options.checkpoint() != null) {
                InvarianceCheckpoint.write(options.checkpoint(), model, new InvarianceCheckpoint.State(epoch + 1, 0, total,
                        steps, fp, 0, 0, 0, new boolean[neurons], history));
            }
            if (onEpoch != null) {
                onEpoch.accept(m);
            }
            if (options.stopAfterSteps() > 0 && runSteps >= options.stopAfterSteps() && epoch + 1 < options.epochs()) {
                LOG.info("{}: stopped after {} steps at the end of epoch {}", options.label(), runSteps, epoch + 1);
                return new Result(List.copyOf(history), false, total, runSteps, runNanos / 1e9, resumedEpoch, resumedStep);
            }
        }
        return new Result(List.copyOf(history), true, total, runSteps, runNanos / 1e9, resumedEpoch, resumedStep);
    }
}
