package io.github.mlplatform.experiments;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The threads of ND4J's native ops, set for the rest of the process. Two pools count:
 * <ul>
 *   <li>OpenMP's, which oneDNN's convolutions, pooling and matrix products use. {@code OMP_NUM_THREADS}
 *       sets it at start-up (`./ml` sets 1) for every thread of the process;</li>
 *   <li>libnd4j's own, which its element-wise ops, reductions and updaters (AdaDelta, Adam) divide their
 *       loops over. Its size is fixed at start-up by {@code SD_MAX_THREADS} (else {@code OMP_NUM_THREADS});
 *       how many of them one op uses ({@code SD_MASTER_THREADS}, else {@code OMP_NUM_THREADS}) can be
 *       changed later, up to that size. `./ml` starts the pool with every core and one thread per op.</li>
 * </ul>
 * An experiment whose ops are large enough to divide well between threads (the convolutions) raises
 * both for its own run with {@link #use(int)}, which returns the previous values when closed. On the
 * convolution experiment, letting libnd4j's ops use 2 threads as well as oneDNN's took AdaDelta's
 * update of the 1.2M parameters from 7.0–7.4 to 4.3–4.9 ms per step (docs/results.md, "Convolution").
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /**
     * ND4J's native ops, after loading ND4J's backend: {@code NativeOpsHolder} fails with "ND4J is
     * probably missing dependencies" when it is the first class of ND4J a process touches.
     */
    private static NativeOps ops() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    /** OpenMP's current maximum number of threads for the native ops (of the calling thread). */
    public static int current() {
        return ops().ompGetMaxThreads();
    }

    /** Threads of libnd4j's pool, fixed at start-up ({@code SD_MAX_THREADS}, else {@code OMP_NUM_THREADS}). */
    public static int capacity() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** Threads one libnd4j op may use now (at most {@link #capacity()}). */
    public static int perOp() {
        return Nd4j.getEnvironment().maxMasterThreads();
    }

    /**
     * Sets the native ops' threads to {@code threads} until the returned handle is closed: OpenMP's
     * for the calling thread, and libnd4j's per op for the process, the latter at most {@link #capacity()}
     * ({@code threads = 0}: leaves both as they are).
     *
     * @throws IllegalArgumentException if threads is negative
     */
    public static AutoCloseable use(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads: expected 0 (as OMP_NUM_THREADS says) or more, got " + threads);
        }
        if (threads == 0) {
            return () -> { };
        }
        int before = current();
        int perOpBefore = perOp();
        ops().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(Math.min(threads, capacity()));
        return () -> {
            ops().setOmpNumThreads(before);
            Nd4j.getEnvironment().setMaxMasterThreads(perOpBefore);
        };
    }

    /** One line for logs and run records, e.g. {@code 2 OpenMP, 2 of 2 libnd4j per op}. */
    public static String describe() {
        return current() + " OpenMP, " + perOp() + " of " + capacity() + " libnd4j per op";
    }
}
