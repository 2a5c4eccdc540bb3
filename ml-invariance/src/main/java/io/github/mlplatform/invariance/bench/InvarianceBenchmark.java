package io.github.mlplatform.invariance.bench;

import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.Implementation;
import io.github.mlplatform.invariance.InvarianceModel;
import io.github.mlplatform.invariance.MwtaConfig;
import io.github.mlplatform.invariance.Nd4jInvarianceBatch;
import io.github.mlplatform.invariance.Precision;
import io.github.mlplatform.invariance.WeightInit;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training steps per second of the invariance model (one sparse step + one invariant step, one
 * stream), for the fused CPU implementation, the ND4J implementation, and the seed's loop ported
 * line by line to ND4J ({@code seed-port}, the baseline), at several sparse layer sizes (the seed:
 * 900 sparse x 400 inputs, 100 invariant). Inputs are fixed: seeded {@link SyntheticTapestry}
 * frames (about 18% non-zero pixels, like MNIST windows) or, with {@code dense}, uniform random
 * frames with every pixel non-zero (the fused sparse product's worst case). After a warm-up, each
 * case runs for a fixed time; wall-clock and thread-CPU steps/s are both reported (on a shared
 * machine the CPU figure is the steadier one).
 *
 * <pre>
 * java -cp ... io.github.mlplatform.invariance.bench.InvarianceBenchmark [sizes=225,900,3600]
 *      [impl=fused,nd4j,seed-port] [precision=float] [seconds=3] [inputs=tapestry|dense|both]
 * </pre>
 */
public final class InvarianceBenchmark {

    /**
     * @param impls         any of "fused", "nd4j", "seed-port"
     * @param sizes         sparse layer sizes N (inputs stay 400, invariant neurons 100)
     * @param precision     weight precision
     * @param seconds       measuring time per case
     * @param tapestryInput measure on tapestry-like frames
     * @param denseInput    measure on dense random frames
     * @param batches       stream counts B for {@link Nd4jInvarianceBatch} (B models in one set of batched
     *                      ND4J products) at the seed's size, 900 sparse neurons; empty: not measured
     * @param streams       thread counts S for independent fused models stepping in parallel, one per
     *                      thread, at the seed's size; empty: not measured
     */
    public record Config(List<String> impls, int[] sizes, Precision precision, double seconds, boolean tapestryInput,
                         boolean denseInput, int[] batches, int[] streams) {

        public Config {
            for (String s : impls) {
                if (!List.of("fused", "nd4j", "seed-port").contains(s)) {
                    throw new IllegalArgumentException("impl: expected fused, nd4j or seed-port, got '" + s + "'");
                }
            }
            impls = List.copyOf(impls);
            sizes = sizes.clone();
            batches = batches.clone();
            streams = streams.clone();
            for (int b : batches) {
                if (b < 1 || b > 1024) {
                    throw new IllegalArgumentException("batches: expected stream counts in 1..1024, got " + b);
                }
            }
            for (int t : streams) {
                if (t < 1 || t > 256) {
                    throw new IllegalArgumentException("streams: expected thread counts in 1..256, got " + t);
                }
            }
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("seconds: expected > 0, got " + seconds);
            }
        }

        /**
         * Fused and ND4J at 225, 900 and 3,600 sparse neurons on tapestry frames, float, 3 s per case;
         * the batched ND4J models at B = 1, 8, 64 and the fused models on 1 and 2 threads (900 neurons).
         */
        public static Config defaults() {
            return new Config(List.of("fused", "nd4j"), new int[] {225, 900, 3600}, Precision.FLOAT, 3, true, false,
                    new int[] {1, 8, 64}, new int[] {1, 2});
        }
    }

    /** One measured case. */
    public record Row(String implementation, String precision, String input, double inputDensity, int sparseNeurons,
                      int inputs, int invariantNeurons, long steps, double seconds, double stepsPerSecond,
                      double stepsPerCpuSecond) {
    }

    /** All cases, with the machine context. */
    public record Result(List<Row> rows, int availableProcessors, String ompThreads, String javaVersion) {
    }

    private InvarianceBenchmark() {
    }

    public static void main(String[] args) {
        Config cfg = parse(args);
        run(cfg, null, System.out);
    }

    /** Parses {@code key=value} arguments (see the class comment). */
    public static Config parse(String[] args) {
        Config d = Config.defaults();
        List<String> impls = d.impls();
        int[] sizes = d.sizes();
        Precision precision = d.precision();
        double seconds = d.seconds();
        boolean tap = true;
        boolean dense = false;
        int[] batches = d.batches();
        int[] streams = d.streams();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("benchmark argument '" + a + "': expected key=value");
            }
            switch (kv[0]) {
                case "impl", "impls" -> impls = Arrays.asList(kv[1].split(","));
                case "sizes" -> sizes = Arrays.stream(kv[1].split(",")).mapToInt(s -> parseInt("sizes", s)).toArray();
                case "precision" -> precision = Precision.parse(kv[1], "precision");
                case "seconds" -> seconds = Double.parseDouble(kv[1]);
                case "batches" -> batches = kv[1].isBlank() ? new int[0]
                        : Arrays.stream(kv[1].split(",")).mapToInt(s -> parseInt("batches", s)).toArray();
                case "streams" -> streams = kv[1].isBlank() ? new int[0]
                        : Arrays.stream(kv[1].split(",")).mapToInt(s -> parseInt("streams", s)).toArray();
                case "inputs" -> {
                    tap = kv[1].equals("tapestry") || kv[1].equals("both");
                    dense = kv[1].equals("dense") || kv[1].equals("both");
                    if (!tap && !dense) {
                        throw new IllegalArgumentException("inputs: expected tapestry, dense or both, got '" + kv[1] + "'");
                    }
                }
                default -> throw new IllegalArgumentException("benchmark argument '" + kv[0]
                        + "': expected one of impl, sizes, precision, seconds, inputs, batches, streams");
            }
        }
        return new Config(impls, sizes, precision, seconds, tap, dense, batches, streams);
    }

    private static int parseInt(String what, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a whole number");
        }
    }

    /**
     * Runs every case and prints the table to {@code out}. {@code frames} are the tapestry frames
     * to use (400 pixels each; null: a {@link SyntheticTapestry}).
     */
    public static Result run(Config cfg, float[][] frames, PrintStream out) {
        float[][] tapestry = frames != null ? frames : SyntheticTapestry.generate(1).frames(4000, 2);
        int inputs = tapestry[0].length;
        List<Row> rows = new ArrayList<>();
        String omp = System.getenv("OMP_NUM_THREADS") == null ? "unset" : System.getenv("OMP_NUM_THREADS");
        out.printf(Locale.ROOT, "invariance benchmark: one training step = sparse (N x %d, 4 winners) + invariant (100 x N); "
                + "%s; OMP_NUM_THREADS=%s, %d processors%n", inputs, cfg.precision(), omp, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-10s %-8s %-9s %7s %6s %11s %13s %9s%n", "impl", "inputs", "density", "sparse N",
                "steps", "steps/s", "steps/cpu-s", "us/step");
        List<float[][]> inputSets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (cfg.tapestryInput()) {
            inputSets.add(tapestry);
            names.add("tapestry");
        }
        if (cfg.denseInput()) {
            inputSets.add(denseFrames(tapestry.length, inputs));
            names.add("dense");
        }
        if (cfg.impls().contains("nd4j") || cfg.impls().contains("seed-port")) {
            // load the backend and warm its op paths before the first measured case
            measure(cfg.impls().contains("nd4j") ? "nd4j" : "seed-port", cfg.precision(), "warm-up", 0, tapestry, 64,
                    Math.min(2, 10 * cfg.seconds()));
        }
        for (int s = 0; s < inputSets.size(); s++) {
            float[][] in = inputSets.get(s);
            double density = SyntheticTapestry.density(in);
            for (int n : cfg.sizes()) {
                for (String impl : cfg.impls()) {
                    Row r = measure(impl, cfg.precision(), names.get(s), density, in, n, cfg.seconds());
                    rows.add(r);
                    out.printf(Locale.ROOT, "%-10s %-8s %8.1f%% %7d %6d %11.0f %13.0f %9.1f%n", r.implementation(), r.input(),
                            100 * r.inputDensity(), r.sparseNeurons(), r.steps(), r.stepsPerSecond(), r.stepsPerCpuSecond(),
                            1e6 / r.stepsPerSecond());
                }
            }
        }
        for (int b : cfg.batches()) {
            Row r = measureBatch(cfg.precision(), tapestry, b, cfg.seconds());
            rows.add(r);
            printScaling(out, r, b);
        }
        for (int t : cfg.streams()) {
            Row r = measureStreams(cfg.precision(), tapestry, t, cfg.seconds());
            rows.add(r);
            printScaling(out, r, t);
        }
        return new Result(rows, Runtime.getRuntime().availableProcessors(), omp, System.getProperty("java.version"));
    }

    private static void printScaling(PrintStream out, Row r, int count) {
        out.printf(Locale.ROOT, "%-10s %-8s %8.1f%% %7d %6d %11.0f %13.0f %9.1f   (%s: %d; steps of all of them; %.0f steps/s each)%n",
                r.implementation(), r.input(), 100 * r.inputDensity(), r.sparseNeurons(), r.steps(), r.stepsPerSecond(),
                r.stepsPerCpuSecond(), 1e6 / r.stepsPerSecond(),
                r.implementation().startsWith("nd4j") ? "streams in one batch" : "threads", count, r.stepsPerSecond() / count);
    }

    /**
     * B models in one {@link Nd4jInvarianceBatch}, stream k reading the tapestry from frame 97 k on.
     * Steps counts model-steps (B per batched step); CPU time is the calling thread's.
     */
    private static Row measureBatch(Precision precision, float[][] frames, int b, double seconds) {
        int inputs = frames[0].length;
        MwtaConfig sc = MwtaConfig.defaults().withInputs(inputs);
        EmaInvariantConfig ic = EmaInvariantConfig.defaults().withInputs(sc.neurons());
        long[] seeds = new long[b];
        for (int k = 0; k < b; k++) {
            seeds[k] = 42 + k;
        }
        Nd4jInvarianceBatch batch = Nd4jInvarianceBatch.create(sc, ic, precision, seeds);
        float[][] step = new float[b][];
        Stepper stepper = new Stepper() {
            private int pos;

            public void step(float[] ignored) {
                for (int k = 0; k < b; k++) {
                    step[k] = frames[(97 * k + pos) % frames.length];
                }
                pos++;
                batch.step(step);
            }

            public void startEpoch() {
                batch.startEpoch();
            }
        };
        Row r = measure(stepper, "nd4j-batch", precision, "tapestry", SyntheticTapestry.density(frames), frames, sc.neurons(),
                ic.neurons(), seconds);
        return new Row("nd4j-batch" + b, r.precision(), r.input(), r.inputDensity(), r.sparseNeurons(), r.inputs(),
                r.invariantNeurons(), r.steps() * b, r.seconds(), r.stepsPerSecond() * b, r.stepsPerCpuSecond() * b);
    }

    /**
     * S fused models stepping at once, one per thread (seeds 42.., stream k from frame 97 k on).
     * Steps and steps/s are totals over the threads; the CPU figure is steps per CPU-second of one
     * thread (the mean over threads).
     */
    private static Row measureStreams(Precision precision, float[][] frames, int threads, double seconds) {
        int inputs = frames[0].length;
        MwtaConfig sc = MwtaConfig.defaults().withInputs(inputs);
        EmaInvariantConfig ic = EmaInvariantConfig.defaults().withInputs(sc.neurons());
        double density = SyntheticTapestry.density(frames);
        Row[] results = new Row[threads];
        List<Thread> pool = new ArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int k = 0; k < threads; k++) {
            int stream = k;
            Thread t = new Thread(() -> {
                try {
                    InvarianceModel m = InvarianceModel.create(Implementation.FUSED, sc, ic, precision, 42 + stream);
                    float[][] mine = new float[frames.length][];
                    for (int i = 0; i < frames.length; i++) {
                        mine[i] = frames[(97 * stream + i) % frames.length];
                    }
                    start.await();
                    results[stream] = measure(new Stepper() {
                        public void step(float[] v) {
                            m.step(v);
                        }

                        public void startEpoch() {
                            m.startEpoch();
                        }
                    }, "fused", precision, "tapestry", density, mine, sc.neurons(), ic.neurons(), seconds);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "invariance-stream-" + k);
            pool.add(t);
            t.start();
        }
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the streams ran", e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a parallel stream failed: " + failure.get(), failure.get());
        }
        long steps = 0;
        double perSecond = 0;
        double perCpu = 0;
        double wall = 0;
        for (Row r : results) {
            steps += r.steps();
            perSecond += r.stepsPerSecond();
            perCpu += r.stepsPerCpuSecond() / threads;
            wall = Math.max(wall, r.seconds());
        }
        return new Row("fused-x" + threads, precision.name(), "tapestry", density, sc.neurons(), inputs, ic.neurons(), steps,
                wall, perSecond, perCpu);
    }

    private static float[][] denseFrames(int count, int inputs) {
        SplittableRandom rng = new SplittableRandom(3);
        float[][] f = new float[count][inputs];
        for (float[] row : f) {
            for (int j = 0; j < inputs; j++) {
                row[j] = (float) (0.05 + 0.95 * rng.nextDouble());
            }
        }
        return f;
    }

    private interface Stepper {
        void step(float[] v);

        void startEpoch();
    }

    private static Row measure(String impl, Precision precision, String inputName, double density, float[][] frames,
                               int sparseNeurons, double seconds) {
        int inputs = frames[0].length;
        MwtaConfig sc = MwtaConfig.defaults().withNeurons(sparseNeurons).withInputs(inputs);
        EmaInvariantConfig ic = EmaInvariantConfig.defaults().withInputs(sparseNeurons);
        Stepper stepper;
        if (impl.equals("seed-port")) {
            DenseMatrix[] init = WeightInit.initial(sc, ic, 42);
            SeedPortStep port = new SeedPortStep(sc, ic, init[0], init[1], precision.dataType());
            stepper = new Stepper() {
                public void step(float[] v) {
                    port.step(v);
                }

                public void startEpoch() {
                    port.startEpoch();
                }
            };
        } else {
            InvarianceModel m = InvarianceModel.create(Implementation.parse(impl, "impl"), sc, ic, precision, 42);
            stepper = new Stepper() {
                public void step(float[] v) {
                    m.step(v);
                }

                public void startEpoch() {
                    m.startEpoch();
                }
            };
        }
        return measure(stepper, impl, precision, inputName, density, frames, sparseNeurons, ic.neurons(), seconds);
    }

    private static Row measure(Stepper stepper, String impl, Precision precision, String inputName, double density,
                               float[][] frames, int sparseNeurons, int invariantNeurons, double seconds) {
        int inputs = frames[0].length;
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        // warm-up: JIT for the fused loops, allocators and BLAS for ND4J
        int pos = runFor(stepper, frames, 0, Math.min(1.5, seconds));
        long cpu0 = tm.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long done = 0;
        long deadline = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 64; k++) {
                if (pos % 10_000 == 0) {
                    stepper.startEpoch();
                }
                stepper.step(frames[pos % frames.length]);
                pos++;
                done++;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (tm.getCurrentThreadCpuTime() - cpu0) / 1e9;
        // ND4J may also use OpenMP threads: the CPU figure counts only the calling thread
        return new Row(impl, precision.name(), inputName, density, sparseNeurons, inputs, invariantNeurons, done, wall,
                done / wall, cpu > 0 ? done / cpu : 0);
    }

    private static int runFor(Stepper s, float[][] frames, int pos, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        s.startEpoch();
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 16; k++) {
                s.step(frames[pos % frames.length]);
                pos++;
            }
        }
        return 0;
    }
}
