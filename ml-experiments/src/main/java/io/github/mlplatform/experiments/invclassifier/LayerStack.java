package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.FusedMwtaLayer;
import io.github.mlplatform.invariance.SparseCode;
import io.github.mlplatform.invariance.SparseLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The trained stack sparse → invariant → sparse as a window encoder (no learning). For a window v
 * (the first sparse layer's input, {@code float[M]}, M = 400 for 20×20):
 * <pre>
 *   x = the first sparse layer's output for v (MWTA, n winners; {@code SparseLayer.infer})   [N = 900]
 *   o = U x          the invariant layer's response to a window held still                 [K = 100]
 *   z = the top sparse layer's output for o                                                 [N3 = 900]
 * </pre>
 * {@code o = U x} is the fixed point of the invariant layer's EMA {@code o += alpha (U x − o)} when
 * the same window is seen again and again: a still digit has no motion to average over, and the
 * fixed point does not depend on the order in which the positions would be visited. The code of a
 * window is the concatenation {@code [x | o | z]} (length N + K + N3), so one pooling pass gives the
 * three feature sets.
 *
 * <p>Not thread-safe (the fused layers reuse buffers); {@link #copy()} gives an independent one.
 */
final class LayerStack implements WindowFeatures.WindowEncoder {

    private final SparseLayer sparse;
    private final DenseMatrix u;
    private final SparseLayer top;
    private final float[] o;

    /**
     * @param sparse the first sparse layer (N neurons on M inputs)
     * @param u      the invariant layer's weights U (K × N)
     * @param top    the top sparse layer (N3 neurons on K inputs)
     */
    LayerStack(SparseLayer sparse, DenseMatrix u, SparseLayer top) {
        if (u.cols() != sparse.config().neurons()) {
            throw new IllegalArgumentException("U has " + u.cols() + " columns, the sparse layer " + sparse.config().neurons() + " neurons");
        }
        if (top.config().inputs() != u.rows()) {
            throw new IllegalArgumentException("top sparse layer has " + top.config().inputs() + " inputs, U " + u.rows() + " rows");
        }
        this.sparse = sparse;
        this.u = u;
        this.top = top;
        this.o = new float[u.rows()];
    }

    /** Sizes of the three codes: N, K, N3. */
    int[] sizes() {
        return new int[] {sparse.config().neurons(), u.rows(), top.config().neurons()};
    }

    /** Length of a window: M. */
    int inputs() {
        return sparse.config().inputs();
    }

    /** An independent stack with the same weights (for another thread). */
    LayerStack copy() {
        return new LayerStack(new FusedMwtaLayer(sparse.config(), sparse.precision(), sparse.weights()), u,
                new FusedMwtaLayer(top.config(), top.precision(), top.weights()));
    }

    /**
     * {@code o = U x} for a sparse code x (only the winners' columns of U are read).
     *
     * @param out {@code float[K]}
     */
    static float[] invariantResponse(DenseMatrix u, SparseCode x, float[] out) {
        java.util.Arrays.fill(out, 0f);
        int n = u.cols();
        double[] d = u.data();
        for (int t = 0; t < x.count(); t++) {
            int j = x.index(t);
            double xv = x.output(t);
            if (xv == 0) {
                continue;
            }
            for (int k = 0; k < out.length; k++) {
                out[k] += (float) (d[k * n + j] * xv);
            }
        }
        return out;
    }

    @Override
    public void encode(float[] window, float[] code) {
        int n = sparse.config().neurons();
        int k = u.rows();
        java.util.Arrays.fill(code, 0f);
        SparseCode x = sparse.infer(window, null);
        for (int t = 0; t < x.count(); t++) {
            code[x.index(t)] = (float) x.output(t);
        }
        invariantResponse(u, x, o);
        System.arraycopy(o, 0, code, n, k);
        SparseCode z = top.infer(o, null);
        for (int t = 0; t < z.count(); t++) {
            code[n + k + z.index(t)] = (float) z.output(t);
        }
    }

    /**
     * The four feature sets of a set of images, row-major {@code [images, dim]} each.
     *
     * @param raw       pixels p/255, dim 784 (28×28)
     * @param sparse    pooled first sparse codes, dim N
     * @param invariant pooled invariant codes, dim K
     * @param stack     pooled top sparse codes, dim N3
     */
    record Features(int count, float[] raw, float[] sparse, float[] invariant, float[] stack) {
    }

    /**
     * Encodes every image of {@code images} (square, side = {@code grid.side()}) with the stack and
     * pools over {@code grid}, on {@code workers} threads (each with its own {@link #copy()}).
     */
    Features extract(ByteImages images, WindowFeatures.Grid grid, WindowFeatures.Pooling pooling, int workers, String label)
            throws Exception {
        int side = grid.side();
        if (images.rows() != side || images.cols() != side) {
            throw new IllegalArgumentException("images are " + images.rows() + "x" + images.cols() + ", the grid expects " + side + "x" + side);
        }
        if (grid.window() * grid.window() != inputs()) {
            throw new IllegalArgumentException("window " + grid.window() + "x" + grid.window() + " but the sparse layer takes " + inputs() + " inputs");
        }
        int count = images.count();
        int[] s = sizes();
        int codeSize = s[0] + s[1] + s[2];
        int pixels = side * side;
        float[] raw = new float[count * pixels];
        float[] sp = new float[count * s[0]];
        float[] inv = new float[count * s[1]];
        float[] st = new float[count * s[2]];
        int threads = Math.max(1, Math.min(workers, count));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Progress progress = Progress.start(label, count)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int from = (int) ((long) count * w / threads);
                int to = (int) ((long) count * (w + 1) / threads);
                LayerStack stack = w == 0 ? this : copy();
                jobs.add(pool.submit(() -> {
                    WindowFeatures.Scratch scratch = WindowFeatures.scratch(grid, codeSize);
                    float[] code = new float[codeSize];
                    for (int i = from; i < to; i++) {
                        float[] image = images.imageAsUnitFloats(i);
                        System.arraycopy(image, 0, raw, i * pixels, pixels);
                        WindowFeatures.pool(image, grid, stack, pooling, code, 0, scratch);
                        System.arraycopy(code, 0, sp, i * s[0], s[0]);
                        System.arraycopy(code, s[0], inv, i * s[1], s[1]);
                        System.arraycopy(code, s[0] + s[1], st, i * s[2], s[2]);
                        if ((i - from) % 256 == 255) {
                            synchronized (progress) {
                                progress.step(256);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw e;
                }
            }
            synchronized (progress) {
                progress.step(count - progress.done());
            }
        } finally {
            pool.shutdownNow();
        }
        return new Features(count, raw, sp, inv, st);
    }
}
