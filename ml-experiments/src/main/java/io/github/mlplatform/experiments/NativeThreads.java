package io.github.mlplatform.experiments;

import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of OpenMP threads of ND4J's native ops (libnd4j and oneDNN), set for the rest of the
 * process. {@code OMP_NUM_THREADS} fixes it at start-up (`./ml` sets 1); an experiment whose ops are
 * large enough to divide well between threads (convolutions) raises it for its own run with
 * {@link #use(int)}, which returns the previous value when closed.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** OpenMP's current maximum number of threads for the native ops. */
    public static int current() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /**
     * Sets the native ops' OpenMP threads to {@code threads} until the returned handle is closed
     * ({@code threads = 0}: leaves them as they are).
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
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        return () -> NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(before);
    }
}
