package io.github.mlplatform.core.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * {@link ScaledAdaDelta}'s step as one pass over the parameter's memory: per element
 * <pre>
 *   v = rho·v + (1 − rho)·g²;   Δ = sqrt(u + eps) / sqrt(v + eps) · g;   u = rho·u + (1 − rho)·Δ²;   g = lr·Δ
 * </pre>
 * in the arrays' own precision and in that order, which is ND4J's {@code ada_delta_updater} followed
 * by {@code g *= lr} (and PyTorch's {@code Adadelta}). Those are four native passes, the first of them
 * slow: for the convolution example's fc1 (1.18M weights) the native update and the scaling took
 * 7.0–7.4 ms per step on one thread (4.3–4.9 on two), this pass about 3 ms (2.5 on two)
 * (docs/results.md, "Convolution"). Large arrays are split between the threads libnd4j's own ops may
 * use ({@code maxMasterThreads}, see the experiments' {@code NativeThreads}).
 *
 * <p>Only for float or double arrays that are contiguous and row-major ({@link #apply} returns false
 * otherwise and the caller takes ND4J's path).
 */
final class FusedAdaDelta {

    /** Below this many elements one thread does it all (splitting costs more than it saves). */
    static final int PARALLEL_MIN = 1 << 16;

    private FusedAdaDelta() {
    }

    /**
     * Updates {@code v} ({@code msg}) and {@code u} ({@code msdx}) in place and replaces {@code g} by
     * {@code lr·Δ}. Returns false, changing nothing, if an array is not contiguous row-major, the
     * three differ in type or length, or the type is neither float nor double.
     */
    static boolean apply(INDArray g, INDArray msg, INDArray msdx, double rho, double eps, double lr) {
        if (g == null || msg == null || msdx == null || !contiguous(g) || !contiguous(msg) || !contiguous(msdx)
                || g.length() != msg.length() || g.length() != msdx.length() || g.length() > Integer.MAX_VALUE
                || g.dataType() != msg.dataType() || g.dataType() != msdx.dataType()
                || (g.dataType() != DataType.FLOAT && g.dataType() != DataType.DOUBLE)) {
            return false;
        }
        int n = (int) g.length();
        boolean isFloat = g.dataType() == DataType.FLOAT;
        java.nio.Buffer[] buffers = {buffer(g, isFloat), buffer(msg, isFloat), buffer(msdx, isFloat)};
        for (java.nio.Buffer b : buffers) {
            if (b == null || b.capacity() < n) {
                return false;
            }
        }
        int parts = n < PARALLEL_MIN ? 1 : Math.max(1, Math.min(Nd4j.getEnvironment().maxMasterThreads(), 16));
        List<Future<?>> others = new ArrayList<>();
        for (int p = parts - 1; p >= 0; p--) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            Runnable chunk = isFloat
                    ? () -> floats((FloatBuffer) buffers[0], (FloatBuffer) buffers[1], (FloatBuffer) buffers[2], from, to,
                    (float) rho, (float) eps, (float) lr)
                    : () -> doubles((DoubleBuffer) buffers[0], (DoubleBuffer) buffers[1], (DoubleBuffer) buffers[2], from, to, rho, eps, lr);
            if (p == 0) {
                chunk.run();
            } else {
                others.add(ForkJoinPool.commonPool().submit(chunk));
            }
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("AdaDelta step interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("AdaDelta step failed: " + e.getCause(), e.getCause());
            }
        }
        return true;
    }

    private static void floats(FloatBuffer g, FloatBuffer v, FloatBuffer u, int from, int to, float rho, float eps, float lr) {
        float keep = 1 - rho;
        for (int i = from; i < to; i++) {
            float gi = g.get(i);
            float vi = rho * v.get(i) + keep * (gi * gi);
            float ui = u.get(i);
            float delta = (float) Math.sqrt(ui + eps) / (float) Math.sqrt(vi + eps) * gi;
            v.put(i, vi);
            u.put(i, rho * ui + keep * (delta * delta));
            g.put(i, lr * delta);
        }
    }

    private static void doubles(DoubleBuffer g, DoubleBuffer v, DoubleBuffer u, int from, int to, double rho, double eps, double lr) {
        double keep = 1 - rho;
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            double vi = rho * v.get(i) + keep * (gi * gi);
            double ui = u.get(i);
            double delta = Math.sqrt(ui + eps) / Math.sqrt(vi + eps) * gi;
            v.put(i, vi);
            u.put(i, rho * ui + keep * (delta * delta));
            g.put(i, lr * delta);
        }
    }

    /** Row-major with the default strides: element i of the array is element offset + i of its buffer. */
    static boolean contiguous(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    /**
     * The array's elements as a buffer from its first element ({@code asNio()} is the whole underlying
     * buffer, also for a view, whose first element is at {@code offset()}), or null if it would not
     * hold them all. Absolute get/put on the buffer are independent of its position, so threads may share it.
     */
    private static java.nio.Buffer buffer(INDArray a, boolean isFloat) {
        java.nio.ByteBuffer all = a.data().asNio();
        if (all == null) {
            return null;
        }
        all = all.order(ByteOrder.nativeOrder());
        long offset = a.offset();
        java.nio.Buffer typed = isFloat ? all.asFloatBuffer() : all.asDoubleBuffer();
        if (offset < 0 || offset + a.length() > typed.capacity()) {
            return null;
        }
        return isFloat ? ((FloatBuffer) typed).position((int) offset).slice() : ((DoubleBuffer) typed).position((int) offset).slice();
    }
}
