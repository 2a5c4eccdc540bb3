package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@link InvariantLayer} as plain Java loops that use the sparsity of its input; CPU only, no
 * allocation per step, weights in double precision (at no cost in speed, see below).
 *
 * <p><b>Why a step costs O(K n + N) instead of O(K N).</b> The update
 * {@code U[k][j] += U[k][j] * o[k] * h[j]} with {@code h = zeta * (x - r) / max(r, eps)} touches
 * every weight. But x has at most n non-zeros (the sparse layer's winners). For every other column
 * j, {@code x[j] = 0} and {@code zeta[j] = seta}, so
 * {@code h[j] = seta * (0 - r[j]) / max(r[j], eps) = -seta} exactly whenever {@code r[j] >= eps}:
 * the update of those columns is the row scaling {@code U[k][j] *= (1 - seta * o[k])}, the same
 * for every such j. The layer therefore stores {@code U[k][j] = c[k] * V[j][k]} with a per-row scale
 * c (double) and V column-major, and per step:
 * <ol>
 *   <li>{@code U x} gathers the n active columns; {@code o += alpha (U x - o)};</li>
 *   <li>{@code r[j]} is computed (exactly, K products) only for the active columns and for any
 *       column whose cheap certificate {@code r[j] >= c[kb] o[kb] V[j][kb] >= 2 eps} fails (kb =
 *       the column's largest weight); columns with {@code r[j] < eps} get their exact update;</li>
 *   <li>the scales take the row factor {@code c[k] *= 1 - seta o[k]}, and the explicitly updated
 *       columns are written back divided by the new scale;</li>
 *   <li>the renormalisation (every {@code renormEvery} steps of an epoch) folds c into V.</li>
 * </ol>
 * This is the seed's arithmetic (mathematically identical, and without the float rounding of
 * {@code -seta r / r}); {@code r = U^T o} over all columns is never needed.
 *
 * <p>Every step checks what it changed: the row factors ({@code 1 - seta o[k] >= 0}), the updated
 * columns (finite, >= 0) and the row sums at renormalisation.
 */
public final class FusedEmaInvariantLayer implements InvariantLayer {

    private static final double SCALE_MIN = 1e-150;
    private static final double SCALE_MAX = 1e150;

    private final double scaleMin;
    private final double scaleMax;

    private final EmaInvariantConfig cfg;
    private final int nNeurons;
    private final int nInputs;

    /** V, column-major: v[j * K + k]; the weight is c[k] * v[j * K + k]. */
    private final double[] v;
    private final double[] c;
    private final double[] cNew;
    private final double[] o;
    private final double[] co;
    private final double[] y;
    /** Certificate per column: kb[j] = argmax_k V[j][k] and ub[j] = V[j][kb[j]]. */
    private final int[] kb;
    private final double[] ub;

    private final int[] upd;
    private final double[] updH;
    private final boolean[] isUpd;
    private int updCount;

    private int stepInEpoch;
    private long steps;
    private long exactColumns;
    private long rowRescales;

    /** A layer with the given initial weights (K x N, finite, >= 0). */
    public FusedEmaInvariantLayer(EmaInvariantConfig cfg, DenseMatrix initialWeights) {
        this(cfg, initialWeights, SCALE_MIN, SCALE_MAX);
    }

    /** With the range the row scales are kept in (tests use a narrow one to exercise the folding). */
    FusedEmaInvariantLayer(EmaInvariantConfig cfg, DenseMatrix initialWeights, double scaleMin, double scaleMax) {
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.cfg = cfg;
        this.nNeurons = cfg.neurons();
        this.nInputs = cfg.inputs();
        this.v = new double[nNeurons * nInputs];
        this.c = new double[nNeurons];
        this.cNew = new double[nNeurons];
        this.o = new double[nNeurons];
        this.co = new double[nNeurons];
        this.y = new double[nNeurons];
        this.kb = new int[nInputs];
        this.ub = new double[nInputs];
        this.upd = new int[nInputs];
        this.updH = new double[nInputs];
        this.isUpd = new boolean[nInputs];
        setWeights(initialWeights);
    }

    @Override
    public EmaInvariantConfig config() {
        return cfg;
    }

    @Override
    public String implementation() {
        return "fused";
    }

    @Override
    public Precision precision() {
        return Precision.DOUBLE;
    }

    @Override
    public void startEpoch() {
        Arrays.fill(o, 0.0);
        stepInEpoch = 0;
    }

    @Override
    public int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double[] state() {
        return o.clone();
    }

    @Override
    public void infer(SparseCode x) {
        ema(x);
    }

    /** o += alpha (U x - o), gathering only x's non-zero columns. */
    private void ema(SparseCode x) {
        if (x.size() != nInputs) {
            throw new IllegalArgumentException("invariant layer input: sparse code of size " + x.size() + ", expected " + nInputs);
        }
        final int k = nNeurons;
        Arrays.fill(y, 0.0);
        for (int t = 0; t < x.count(); t++) {
            double xv = x.output(t);
            if (xv == 0) {
                continue;
            }
            if (!(xv > 0 && xv <= Double.MAX_VALUE)) {
                throw StateIO.badInput("invariant layer", x.index(t), xv);
            }
            int off = x.index(t) * k;
            for (int i = 0; i < k; i++) {
                y[i] += v[off + i] * xv;
            }
        }
        final double alpha = cfg.alpha();
        for (int i = 0; i < k; i++) {
            o[i] += (c[i] * y[i] - o[i]) * alpha;
        }
    }

    @Override
    public void step(SparseCode x) {
        ema(x);
        steps++;
        final int k = nNeurons;
        final double eps = cfg.eps();
        final double seta = cfg.seta();
        final double leta = cfg.leta();
        for (int i = 0; i < k; i++) {
            co[i] = c[i] * o[i];
        }
        // 1. columns that are on: exact r and h = leta (x - r) / max(r, eps)
        updCount = 0;
        for (int t = 0; t < x.count(); t++) {
            double xv = x.output(t);
            int j = x.index(t);
            if (xv > 0 && !isUpd[j]) {
                double r = columnDot(j);
                mark(j, ((xv - r) * leta) / Math.max(r, eps));
            }
        }
        // 2. columns that are off: h = -seta exactly unless r < eps; certify r >= eps cheaply
        final double floor = 2 * eps;
        for (int j = 0; j < nInputs; j++) {
            if (co[kb[j]] * ub[j] >= floor || isUpd[j]) {
                continue;
            }
            double r = columnDot(j);
            exactColumns++;
            if (r < eps) {
                mark(j, ((0.0 - r) * seta) / eps);
            }
        }
        // 3. row factors for the columns that are off
        for (int i = 0; i < k; i++) {
            double f = 1.0 + o[i] * -seta;
            if (!(f >= 0) || !(o[i] <= Double.MAX_VALUE)) {
                clearMarks();
                throw new InvalidWeightsException("invariant", steps, "row " + i + " of U would turn negative (o[" + i + "] = "
                        + o[i] + ", 1 - seta * o = " + f + ")");
            }
            double cn = c[i] * f;
            if (cn < scaleMin || cn > scaleMax) {
                rescaleRow(i, f);
                cn = 1.0;
            }
            cNew[i] = cn;
        }
        // 4. columns with their own h: exact update, written back in units of the new scale
        for (int q = 0; q < updCount; q++) {
            int j = upd[q];
            double h = updH[q];
            int off = j * k;
            double best = -1;
            int bestK = 0;
            for (int i = 0; i < k; i++) {
                double u = c[i] * v[off + i];
                double un = u + (u * o[i]) * h;
                if (!(un >= 0 && un <= Double.MAX_VALUE)) {
                    clearMarks();
                    throw new InvalidWeightsException("invariant", steps, "U[" + i + "][" + j + "] = " + un);
                }
                double nv = un / cNew[i];
                v[off + i] = nv;
                if (nv > best) {
                    best = nv;
                    bestK = i;
                }
            }
            kb[j] = bestK;
            ub[j] = best;
        }
        clearMarks();
        System.arraycopy(cNew, 0, c, 0, k);
        // 5. the seed's renormalisation: if i % renormEvery == 0 (i = step index in the epoch)
        int i0 = stepInEpoch;
        stepInEpoch++;
        if (cfg.renormEvery() > 0 && i0 % cfg.renormEvery() == 0) {
            renormalise();
        }
    }

    private double columnDot(int j) {
        int off = j * nNeurons;
        double r = 0;
        for (int i = 0; i < nNeurons; i++) {
            r += v[off + i] * co[i];
        }
        return r;
    }

    private void mark(int j, double h) {
        isUpd[j] = true;
        upd[updCount] = j;
        updH[updCount] = h;
        updCount++;
    }

    private void clearMarks() {
        for (int q = 0; q < updCount; q++) {
            isUpd[upd[q]] = false;
        }
        updCount = 0;
    }

    /** Folds scale and factor of row i into V for the columns not explicitly updated (rare: keeps c in range). */
    private void rescaleRow(int i, double f) {
        rowRescales++;
        for (int j = 0; j < nInputs; j++) {
            if (!isUpd[j]) {
                v[j * nNeurons + i] = (c[i] * v[j * nNeurons + i]) * f;
            }
        }
        // the explicitly updated columns still read c[i] (old scale) and divide by cNew[i] = 1
        refreshCertificates();
    }

    /** U = renormSum * (U / rowsum(U)), folding the scales into V (c = 1 afterwards). */
    private void renormalise() {
        final int k = nNeurons;
        double[] sums = y;
        Arrays.fill(sums, 0.0);
        for (int j = 0; j < nInputs; j++) {
            int off = j * k;
            for (int i = 0; i < k; i++) {
                sums[i] += v[off + i];
            }
        }
        for (int i = 0; i < k; i++) {
            double rs = c[i] * sums[i];
            if (!(rs > 0 && rs <= Double.MAX_VALUE)) {
                throw new InvalidWeightsException("invariant", steps, "row " + i + " of U sums to " + rs + " at renormalisation");
            }
            sums[i] = rs;
        }
        final double target = cfg.renormSum();
        for (int j = 0; j < nInputs; j++) {
            int off = j * k;
            for (int i = 0; i < k; i++) {
                v[off + i] = target * ((c[i] * v[off + i]) / sums[i]);
            }
        }
        Arrays.fill(c, 1.0);
        refreshCertificates();
    }

    private void refreshCertificates() {
        for (int j = 0; j < nInputs; j++) {
            int off = j * nNeurons;
            double best = -1;
            int bestK = 0;
            for (int i = 0; i < nNeurons; i++) {
                if (v[off + i] > best) {
                    best = v[off + i];
                    bestK = i;
                }
            }
            kb[j] = bestK;
            ub[j] = best;
        }
    }

    @Override
    public DenseMatrix weights() {
        double[] d = new double[nNeurons * nInputs];
        for (int j = 0; j < nInputs; j++) {
            int off = j * nNeurons;
            for (int i = 0; i < nNeurons; i++) {
                d[i * nInputs + j] = c[i] * v[off + i];
            }
        }
        return new DenseMatrix(nNeurons, nInputs, d);
    }

    @Override
    public void setWeights(DenseMatrix u) {
        StateIO.checkWeights(u, nNeurons, nInputs, "invariant layer weights U");
        double[] d = u.data();
        for (int i = 0; i < nNeurons; i++) {
            for (int j = 0; j < nInputs; j++) {
                v[j * nNeurons + i] = d[i * nInputs + j];
            }
        }
        Arrays.fill(c, 1.0);
        refreshCertificates();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.header(out, "fused-ema/DOUBLE", nNeurons, nInputs);
        out.writeLong(steps);
        out.writeInt(stepInEpoch);
        StateIO.writeDoubles(out, v);
        StateIO.writeDoubles(out, c);
        StateIO.writeDoubles(out, o);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        StateIO.expectHeader(in, "fused-ema/DOUBLE", nNeurons, nInputs);
        steps = in.readLong();
        stepInEpoch = in.readInt();
        StateIO.readDoubles(in, v);
        StateIO.readDoubles(in, c);
        StateIO.readDoubles(in, o);
        refreshCertificates();
    }

    @Override
    public Map<String, Number> diagnostics() {
        return Map.of("steps", steps, "exactColumnDots", exactColumns, "rowRescales", rowRescales);
    }
}
