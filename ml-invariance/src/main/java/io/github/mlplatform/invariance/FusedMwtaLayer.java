package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@link SparseLayer} as plain Java loops that use the layer's sparsity; CPU only, no
 * allocation per step.
 * <ul>
 *   <li>W is stored input-major ({@code wt[j * N + i] = W[i][j]}), so {@code p = W v} is a sum of
 *       columns of W weighted by the <em>non-zero</em> pixels of v: four columns at a time, in a
 *       loop the JIT turns into SIMD code. On tapestry frames (about a quarter of the pixels non-zero)
 *       this reads a fifth of W. This product dominates the step; FLOAT and DOUBLE weights measured
 *       the same speed on the build machine (interleaved runs: 26,000 vs 27,000 steps per CPU-second).</li>
 *   <li>Only the n winner rows of W change, so {@code r = W^T s}, the update and the row sums touch
 *       n x M values; the row sums of the winners are recomputed from their new values (exact, no
 *       drift), the others stay valid.</li>
 *   <li>Every step checks the updated rows (finite, >= 0) and the input (finite, >= 0).</li>
 * </ul>
 * Arithmetic follows the seed's order of operations: {@code W + ((W * s) * (e / max(r, eps))) * xi}.
 */
public final class FusedMwtaLayer implements SparseLayer {

    private final MwtaConfig cfg;
    private final Precision precision;
    private final int nNeurons;
    private final int nInputs;
    private final int nWinners;

    // exactly one of wf / wd is used, input-major: wt[j * N + i] = W[i][j]
    private final float[] wf;
    private final double[] wd;
    private final float[] pf;
    private final double[] pd;
    private final float xiF;
    private final float epsF;

    private final double[] rowSum;
    private final int[] nzIndex;
    private final float[] nzValue;
    private final int[] winners;
    private final double[] rec;
    private final double[] quot;
    private final SparseCode code;

    private long steps;
    private double lastSquaredError;

    /** A layer with the given initial weights (N x M, finite, >= 0). */
    public FusedMwtaLayer(MwtaConfig cfg, Precision precision, DenseMatrix initialWeights) {
        this.cfg = cfg;
        this.precision = precision;
        this.nNeurons = cfg.neurons();
        this.nInputs = cfg.inputs();
        this.nWinners = cfg.winners();
        boolean single = precision == Precision.FLOAT;
        this.wf = single ? new float[nNeurons * nInputs] : null;
        this.wd = single ? null : new double[nNeurons * nInputs];
        this.pf = single ? new float[nNeurons] : null;
        this.pd = single ? null : new double[nNeurons];
        this.xiF = (float) cfg.xi();
        this.epsF = (float) cfg.eps();
        this.rowSum = new double[nNeurons];
        this.nzIndex = new int[nInputs];
        this.nzValue = new float[nInputs];
        this.winners = new int[nWinners];
        this.rec = new double[nInputs];
        this.quot = new double[nInputs];
        this.code = new SparseCode(nNeurons, nWinners);
        setWeights(initialWeights);
    }

    /** A layer with weights from {@link WeightInit} for {@code seed}. */
    public static FusedMwtaLayer create(MwtaConfig cfg, Precision precision, long seed) {
        return new FusedMwtaLayer(cfg, precision,
                WeightInit.uniform(new java.util.SplittableRandom(seed), cfg.neurons(), cfg.inputs(), cfg.initMax()));
    }

    @Override
    public MwtaConfig config() {
        return cfg;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String implementation() {
        return "fused";
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double lastSquaredError() {
        return lastSquaredError;
    }

    @Override
    public SparseCode step(float[] v) {
        int nnz = compact(v);
        int found = select(nnz);
        steps++;
        if (found < nWinners) {
            throw new InvalidWeightsException("sparse", steps, "activations p = W v are NaN");
        }
        if (wf != null) {
            learnFloat(v);
        } else {
            learnDouble(v);
        }
        return code;
    }

    @Override
    public SparseCode infer(float[] v, float[] reconstruction) {
        int nnz = compact(v);
        int found = select(nnz);
        if (found < nWinners) {
            throw new IllegalStateException("sparse layer: activations p = W v are NaN (invalid weights)");
        }
        for (int t = 0; t < nWinners; t++) {
            int w = winners[t];
            double s = wf != null ? pf[w] : pd[w];
            code.set(t, w, s, s == 0 ? 0 : s / rowSum[w]);
        }
        code.setCount(nWinners);
        if (reconstruction != null) {
            if (reconstruction.length != nInputs) {
                throw new IllegalArgumentException("reconstruction: length " + reconstruction.length + ", expected " + nInputs);
            }
            for (int j = 0; j < nInputs; j++) {
                int off = j * nNeurons;
                double r = 0;
                for (int t = 0; t < nWinners; t++) {
                    int w = winners[t];
                    r += code.activation(t) * (wf != null ? wf[off + w] : wd[off + w]);
                }
                reconstruction[j] = (float) r;
            }
        }
        return code;
    }

    /** Collects the non-zero pixels of v (checking them) and computes p = W v over them. */
    private int compact(float[] v) {
        if (v.length != nInputs) {
            throw new IllegalArgumentException("sparse layer input: length " + v.length + ", expected " + nInputs);
        }
        int c = 0;
        for (int j = 0; j < nInputs; j++) {
            float x = v[j];
            if (x != 0f) {
                if (!(x > 0f && x <= Float.MAX_VALUE)) {
                    throw StateIO.badInput("sparse layer", j, x);
                }
                nzIndex[c] = j;
                nzValue[c] = x;
                c++;
            }
        }
        if (wf != null) {
            productFloat(c);
        } else {
            productDouble(c);
        }
        return c;
    }

    private void productFloat(int nnz) {
        final int n = nNeurons;
        final float[] p = pf;
        final float[] w = wf;
        Arrays.fill(p, 0f);
        int t = 0;
        for (; t + 4 <= nnz; t += 4) {
            final float x0 = nzValue[t];
            final float x1 = nzValue[t + 1];
            final float x2 = nzValue[t + 2];
            final float x3 = nzValue[t + 3];
            final int o0 = nzIndex[t] * n;
            final int o1 = nzIndex[t + 1] * n;
            final int o2 = nzIndex[t + 2] * n;
            final int o3 = nzIndex[t + 3] * n;
            for (int i = 0; i < n; i++) {
                p[i] += x0 * w[o0 + i] + x1 * w[o1 + i] + x2 * w[o2 + i] + x3 * w[o3 + i];
            }
        }
        for (; t < nnz; t++) {
            final float x = nzValue[t];
            final int o = nzIndex[t] * n;
            for (int i = 0; i < n; i++) {
                p[i] += x * w[o + i];
            }
        }
    }

    private void productDouble(int nnz) {
        final int n = nNeurons;
        final double[] p = pd;
        final double[] w = wd;
        Arrays.fill(p, 0.0);
        int t = 0;
        for (; t + 4 <= nnz; t += 4) {
            final double x0 = nzValue[t];
            final double x1 = nzValue[t + 1];
            final double x2 = nzValue[t + 2];
            final double x3 = nzValue[t + 3];
            final int o0 = nzIndex[t] * n;
            final int o1 = nzIndex[t + 1] * n;
            final int o2 = nzIndex[t + 2] * n;
            final int o3 = nzIndex[t + 3] * n;
            for (int i = 0; i < n; i++) {
                p[i] += x0 * w[o0 + i] + x1 * w[o1 + i] + x2 * w[o2 + i] + x3 * w[o3 + i];
            }
        }
        for (; t < nnz; t++) {
            final double x = nzValue[t];
            final int o = nzIndex[t] * n;
            for (int i = 0; i < n; i++) {
                p[i] += x * w[o + i];
            }
        }
    }

    private int select(int nnz) {
        return wf != null ? WinnerSelection.topN(pf, nNeurons, winners) : WinnerSelection.topN(pd, nNeurons, winners);
    }

    /** r, e, the winner-row update, their row sums and the outputs, in float as the seed's order. */
    private void learnFloat(float[] v) {
        final int n = nNeurons;
        final float[] w = wf;
        final int[] win = winners;
        double sq = 0;
        for (int j = 0; j < nInputs; j++) {
            int off = j * n;
            float r = 0f;
            for (int t = 0; t < nWinners; t++) {
                r += pf[win[t]] * w[off + win[t]];
            }
            float e = v[j] - r;
            sq += (double) e * e;
            quot[j] = e / Math.max(r, epsF);
        }
        lastSquaredError = sq;
        for (int t = 0; t < nWinners; t++) {
            int i = win[t];
            float s = pf[i];
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            if (s != 0f) {
                for (int j = 0; j < nInputs; j++) {
                    int idx = j * n + i;
                    float wv = w[idx];
                    float nw = wv + wv * s * (float) quot[j] * xiF;
                    w[idx] = nw;
                    sum += nw;
                    min = Math.min(min, nw);
                }
                rowSum[i] = sum;
                checkRow(i, min, sum);
            }
            code.set(t, i, s, s == 0f ? 0 : s / rowSum[i]);
        }
        code.setCount(nWinners);
    }

    private void learnDouble(float[] v) {
        final int n = nNeurons;
        final double[] w = wd;
        final int[] win = winners;
        final double xi = cfg.xi();
        final double eps = cfg.eps();
        double sq = 0;
        for (int j = 0; j < nInputs; j++) {
            int off = j * n;
            double r = 0;
            for (int t = 0; t < nWinners; t++) {
                r += pd[win[t]] * w[off + win[t]];
            }
            double e = v[j] - r;
            sq += e * e;
            quot[j] = e / Math.max(r, eps);
        }
        lastSquaredError = sq;
        for (int t = 0; t < nWinners; t++) {
            int i = win[t];
            double s = pd[i];
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            if (s != 0) {
                for (int j = 0; j < nInputs; j++) {
                    int idx = j * n + i;
                    double wv = w[idx];
                    double nw = wv + wv * s * quot[j] * xi;
                    w[idx] = nw;
                    sum += nw;
                    min = Math.min(min, nw);
                }
                rowSum[i] = sum;
                checkRow(i, min, sum);
            }
            code.set(t, i, s, s == 0 ? 0 : s / rowSum[i]);
        }
        code.setCount(nWinners);
    }

    private void checkRow(int i, double min, double sum) {
        if (!(min >= 0) || !(sum <= Double.MAX_VALUE)) {
            String what = Double.isNaN(min) || Double.isNaN(sum) ? "NaN" : !(sum <= Double.MAX_VALUE) ? "infinite" : "negative (min " + min + ")";
            throw new InvalidWeightsException("sparse", steps, "row " + i + " of W is " + what);
        }
    }

    @Override
    public DenseMatrix weights() {
        double[] d = new double[nNeurons * nInputs];
        for (int j = 0; j < nInputs; j++) {
            int off = j * nNeurons;
            for (int i = 0; i < nNeurons; i++) {
                d[i * nInputs + j] = wf != null ? wf[off + i] : wd[off + i];
            }
        }
        return new DenseMatrix(nNeurons, nInputs, d);
    }

    @Override
    public void setWeights(DenseMatrix w) {
        StateIO.checkWeights(w, nNeurons, nInputs, "sparse layer weights W");
        double[] d = w.data();
        for (int i = 0; i < nNeurons; i++) {
            for (int j = 0; j < nInputs; j++) {
                double x = d[i * nInputs + j];
                if (wf != null) {
                    wf[j * nNeurons + i] = (float) x;
                } else {
                    wd[j * nNeurons + i] = x;
                }
            }
        }
        recomputeRowSums();
    }

    private void recomputeRowSums() {
        Arrays.fill(rowSum, 0.0);
        // same order as the step's incremental sums: j ascending per row
        for (int i = 0; i < nNeurons; i++) {
            double sum = 0;
            for (int j = 0; j < nInputs; j++) {
                sum += wf != null ? wf[j * nNeurons + i] : wd[j * nNeurons + i];
            }
            rowSum[i] = sum;
        }
    }

    @Override
    public double[] rowSums() {
        return rowSum.clone();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.header(out, "fused-mwta/" + precision, nNeurons, nInputs);
        out.writeLong(steps);
        if (wf != null) {
            StateIO.writeFloats(out, wf);
        } else {
            StateIO.writeDoubles(out, wd);
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        StateIO.expectHeader(in, "fused-mwta/" + precision, nNeurons, nInputs);
        steps = in.readLong();
        if (wf != null) {
            StateIO.readFloats(in, wf);
        } else {
            StateIO.readDoubles(in, wd);
        }
        recomputeRowSums();
    }

    @Override
    public Map<String, Number> diagnostics() {
        return Map.of("steps", steps);
    }
}
