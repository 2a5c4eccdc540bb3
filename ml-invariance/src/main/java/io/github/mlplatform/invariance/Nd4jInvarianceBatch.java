package io.github.mlplatform.invariance;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * B independent invariance models (each an MWTA sparse layer feeding an EMA invariant layer, the
 * seed's {@link InvarianceModel}) stepped together, one frame per stream per step, on ND4J arrays:
 * the form a GPU runs efficiently. Every per-model matrix-vector product of {@link Nd4jMwtaLayer}
 * and {@link Nd4jEmaInvariantLayer} becomes one batched product over the B models
 * ({@code matmul} on rank-3 arrays), so the number of native calls per step does not grow with B:
 * <pre>
 *   W  [B, N, M]   sparse weights           U  [B, K, N]   invariant weights
 *   V  [B, M, 1]   the B frames             P = W V        [B, N, 1]
 *   winners: top n of each P[b] on the host (WinnerSelection's tie rule), their rows of W gathered
 *            from W viewed as [B*N, M] into WW [B*n, M], updated, and scattered back
 *   R  = S^T WW    [B, 1, M]                W[winners] += xi WW o (S Q^T),  Q = (V - R) / max(R, eps)
 *   O  = alpha U X + (1 - alpha) O          [B, K, 1]
 *   R' = U^T O     [B, N, 1]                U += U o (O H^T),  H = zeta o (X - R') / max(R', eps)
 * </pre>
 * Stream b computes exactly what an {@code InvarianceModel} of the ND4J implementation computes
 * from the same initial weights and frames (tested to 1e-12 in DOUBLE); the streams share nothing
 * but the arrays they are stored in. All streams are in the same epoch: {@link #startEpoch()} zeros
 * every O, and renormalisation (every {@code renormEvery} steps of the epoch) applies to all.
 * Intended for throughput: B seeds or random walks of one configuration at once. Checkpointing
 * goes through {@link #sparseWeights}, {@link #invariantWeights} and {@link #state}.
 */
public final class Nd4jInvarianceBatch {

    private final MwtaConfig sc;
    private final EmaInvariantConfig ic;
    private final Precision precision;
    private final int b;
    private final int nSparse;
    private final int nInputs;
    private final int nWinners;
    private final int nInvariant;
    // sparse layer
    private final INDArray w;
    private final INDArray w2d;
    private final INDArray v;
    private final INDArray vRow;
    private final INDArray p;
    private final INDArray s;
    private final INDArray sRow;
    private final INDArray ww;
    private final INDArray ww2d;
    private final INDArray rs;
    private final INDArray es;
    private final INDArray outerS;
    private final INDArray deltaS;
    private final INDArray rowIdx;
    private final DynamicCustomOp scatter;
    // invariant layer
    private final INDArray u;
    private final INDArray o;
    private final INDArray x;
    private final INDArray zeta;
    private final INDArray ux;
    private final INDArray ri;
    private final INDArray h;
    private final INDArray hRow;
    private final INDArray outerI;
    private final INDArray tmpI;
    private final UpdateBound[] bounds;
    // host buffers
    private final double[] pSlice;
    private final int[] winners;
    private final int[] flatRows;
    private final double[] winnerP;
    private final SparseCode[] codes;
    private final double[] squaredErrors;
    private final int[][] on;
    private final int[] onCount;
    private int stepInEpoch;
    private long steps;

    /**
     * B models from the given initial weights.
     *
     * @param initial per stream {W (N x M), U (K x N)}, finite and non-negative
     * @throws IllegalArgumentException if the list is empty, a shape does not match the configs, or
     *                                  a weight is negative or not finite
     */
    public Nd4jInvarianceBatch(MwtaConfig sparseConfig, EmaInvariantConfig invariantConfig, Precision precision,
                               List<DenseMatrix[]> initial) {
        if (initial.isEmpty()) {
            throw new IllegalArgumentException("invariance batch: no streams (expected at least one {W, U} pair)");
        }
        if (sparseConfig.neurons() != invariantConfig.inputs()) {
            throw new IllegalArgumentException("EmaInvariantConfig.inputs (" + invariantConfig.inputs()
                    + ") must equal MwtaConfig.neurons (" + sparseConfig.neurons() + ")");
        }
        this.sc = sparseConfig;
        this.ic = invariantConfig;
        this.precision = precision;
        DataType dt = precision.dataType();
        this.b = initial.size();
        this.nSparse = sc.neurons();
        this.nInputs = sc.inputs();
        this.nWinners = sc.winners();
        this.nInvariant = ic.neurons();
        w = Nd4j.create(dt, b, nSparse, nInputs);
        w2d = w.reshape(b * nSparse, nInputs);
        v = Nd4j.create(dt, b, nInputs, 1);
        vRow = v.reshape(b, 1, nInputs);
        p = Nd4j.create(dt, b, nSparse, 1);
        s = Nd4j.create(dt, b, nWinners, 1);
        sRow = s.reshape(b, 1, nWinners);
        ww = Nd4j.create(dt, b, nWinners, nInputs);
        ww2d = ww.reshape(b * nWinners, nInputs);
        rs = Nd4j.create(dt, b, 1, nInputs);
        es = Nd4j.create(dt, b, 1, nInputs);
        outerS = Nd4j.create(dt, b, nWinners, nInputs);
        deltaS = Nd4j.create(dt, b, nWinners, nInputs);
        rowIdx = Nd4j.create(DataType.INT, b * nWinners);
        scatter = DynamicCustomOp.builder("scatter_upd").addInputs(w2d, rowIdx, ww2d).addOutputs(w2d).build();
        u = Nd4j.create(dt, b, nInvariant, nSparse);
        o = Nd4j.create(dt, b, nInvariant, 1);
        x = Nd4j.create(dt, b, nSparse, 1);
        zeta = Nd4j.create(dt, b, nSparse, 1).assign(ic.seta());
        ux = Nd4j.create(dt, b, nInvariant, 1);
        ri = Nd4j.create(dt, b, nSparse, 1);
        h = Nd4j.create(dt, b, nSparse, 1);
        hRow = h.reshape(b, 1, nSparse);
        outerI = Nd4j.create(dt, b, nInvariant, nSparse);
        tmpI = Nd4j.create(dt, b, nInvariant, nSparse);
        bounds = new UpdateBound[b];
        pSlice = new double[nSparse];
        winners = new int[nWinners];
        flatRows = new int[b * nWinners];
        winnerP = new double[b * nWinners];
        codes = new SparseCode[b];
        squaredErrors = new double[b];
        on = new int[b][nSparse];
        onCount = new int[b];
        for (int k = 0; k < b; k++) {
            DenseMatrix[] pair = initial.get(k);
            if (pair == null || pair.length != 2) {
                throw new IllegalArgumentException("invariance batch: stream " + k + " needs {W, U}, got "
                        + (pair == null ? "null" : pair.length + " matrices"));
            }
            StateIO.checkWeights(pair[0], nSparse, nInputs, "stream " + k + " sparse layer weights W");
            StateIO.checkWeights(pair[1], nInvariant, nSparse, "stream " + k + " invariant layer weights U");
            w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k)).assign(
                    Nd4j.create(pair[0].data(), new long[] {nSparse, nInputs}, dt));
            u.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k)).assign(
                    Nd4j.create(pair[1].data(), new long[] {nInvariant, nSparse}, dt));
            bounds[k] = new UpdateBound(pair[1].max());
            codes[k] = new SparseCode(nSparse, nWinners);
        }
    }

    /**
     * B models whose initial weights are {@link WeightInit#initial} of each seed, so stream k starts
     * exactly as {@code InvarianceModel.create(impl, sc, ic, precision, seeds[k])}.
     */
    public static Nd4jInvarianceBatch create(MwtaConfig sparseConfig, EmaInvariantConfig invariantConfig,
                                             Precision precision, long... seeds) {
        List<DenseMatrix[]> init = new ArrayList<>();
        for (long seed : seeds) {
            init.add(WeightInit.initial(sparseConfig, invariantConfig, seed));
        }
        return new Nd4jInvarianceBatch(sparseConfig, invariantConfig, precision, init);
    }

    /** The number of streams B. */
    public int streams() {
        return b;
    }

    public Precision precision() {
        return precision;
    }

    /** Learning steps done (each stepped every stream once). */
    public long steps() {
        return steps;
    }

    /** Zeros every stream's EMA state O and the within-epoch step index (the seed does it every epoch). */
    public void startEpoch() {
        o.assign(0);
        stepInEpoch = 0;
    }

    /**
     * One learning step of every stream: stream k learns from {@code frames[k]} (M pixels, finite,
     * non-negative).
     *
     * @throws IllegalArgumentException if there are not B frames, a frame is not M long, or a pixel
     *                                  is negative or not finite (nothing is changed then)
     * @throws InvalidWeightsException  if an update left non-finite or negative weights
     */
    public void step(float[][] frames) {
        loadFrames(frames);
        steps++;
        sparseStep();
        invariantStep();
    }

    /** The sparse code of stream k from the last step (a reused object: read it before the next step). */
    public SparseCode code(int k) {
        return codes[check(k)];
    }

    /** ||v - r||^2 of stream k's last sparse step. */
    public double lastSquaredError(int k) {
        return squaredErrors[check(k)];
    }

    /** A copy of stream k's sparse weights W (N x M). */
    public DenseMatrix sparseWeights(int k) {
        return new DenseMatrix(nSparse, nInputs, w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(check(k)))
                .dup('c').data().asDouble());
    }

    /** A copy of stream k's invariant weights U (K x N). */
    public DenseMatrix invariantWeights(int k) {
        return new DenseMatrix(nInvariant, nSparse, u.get(org.nd4j.linalg.indexing.NDArrayIndex.point(check(k)))
                .dup('c').data().asDouble());
    }

    /** A copy of stream k's EMA state o (length K). */
    public double[] state(int k) {
        return o.get(org.nd4j.linalg.indexing.NDArrayIndex.point(check(k))).dup('c').data().asDouble();
    }

    private int check(int k) {
        if (k < 0 || k >= b) {
            throw new IndexOutOfBoundsException("stream " + k + ": expected 0.." + (b - 1));
        }
        return k;
    }

    private void loadFrames(float[][] frames) {
        if (frames.length != b) {
            throw new IllegalArgumentException("invariance batch: " + frames.length + " frames, expected one per stream (" + b + ")");
        }
        float[] all = new float[b * nInputs];
        for (int k = 0; k < b; k++) {
            float[] f = frames[k];
            if (f.length != nInputs) {
                throw new IllegalArgumentException("sparse layer input of stream " + k + ": length " + f.length
                        + ", expected " + nInputs);
            }
            for (int j = 0; j < nInputs; j++) {
                float xv = f[j];
                if (!(xv >= 0f && xv <= Float.MAX_VALUE)) {
                    throw StateIO.badInput("sparse layer (stream " + k + ")", j, xv);
                }
            }
            System.arraycopy(f, 0, all, k * nInputs, nInputs);
        }
        v.assign(Nd4j.create(all, new long[] {b, nInputs, 1}, precision.dataType()));
    }

    private static void matmul(INDArray a, INDArray bm, INDArray out, boolean transA) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, bm).addOutputs(out)
                .addIntegerArguments(transA ? 1 : 0, 0).build());
    }

    private void sparseStep() {
        matmul(w, v, p, false);                                          // P = W V
        double[] all = p.data().asDouble();
        for (int k = 0; k < b; k++) {
            System.arraycopy(all, k * nSparse, pSlice, 0, nSparse);
            int found = WinnerSelection.topN(pSlice, nSparse, winners);
            if (found < nWinners) {
                throw new InvalidWeightsException("sparse", steps, "stream " + k + ": activations p = W v are NaN");
            }
            for (int t = 0; t < nWinners; t++) {
                int i = k * nWinners + t;
                winnerP[i] = pSlice[winners[t]];
                flatRows[i] = k * nSparse + winners[t];
                s.putScalar(i, winnerP[i]);
                rowIdx.putScalar(i, flatRows[i]);
            }
        }
        Nd4j.pullRows(w2d, ww2d, 1, flatRows);                           // WW = W[winners], B*n x M
        matmul(sRow, ww, rs, false);                                     // R = S^T WW
        vRow.sub(rs, es);                                                // E = V - R
        double[] eh = es.data().asDouble();
        for (int k = 0; k < b; k++) {
            double sq = 0;
            for (int j = k * nInputs; j < (k + 1) * nInputs; j++) {
                sq += eh[j] * eh[j];
            }
            squaredErrors[k] = sq;
        }
        es.divi(Transforms.max(rs, sc.eps(), false));                    // Q = E / max(R, eps)
        matmul(s, es, outerS, false);                                    // S Q^T
        outerS.muli(sc.xi());
        ww.addi(ww.mul(outerS, deltaS));                                 // WW += xi WW o (S Q^T)
        Nd4j.exec(scatter);                                              // W[winners] = WW
        double[] host = ww2d.data().asDouble();
        for (int k = 0; k < b; k++) {
            for (int t = 0; t < nWinners; t++) {
                int i = k * nWinners + t;
                double sum = Nd4jMwtaLayer.checkedRowSum(host, i * nInputs, nInputs, steps,
                        "stream " + k + ": row " + (flatRows[i] - k * nSparse));
                double sv = winnerP[i];
                codes[k].set(t, flatRows[i] - k * nSparse, sv, sv == 0 ? 0 : sv / sum);
            }
            codes[k].setCount(nWinners);
        }
    }

    private void invariantStep() {
        for (int k = 0; k < b; k++) {
            long base = (long) k * nSparse;
            for (int q = 0; q < onCount[k]; q++) {
                x.putScalar(base + on[k][q], 0.0);
                zeta.putScalar(base + on[k][q], ic.seta());
            }
            onCount[k] = 0;
            SparseCode code = codes[k];
            for (int t = 0; t < code.count(); t++) {
                double xv = code.output(t);
                if (xv > 0) {
                    on[k][onCount[k]++] = code.index(t);
                    x.putScalar(base + code.index(t), xv);
                    zeta.putScalar(base + code.index(t), ic.leta());    // zeta = leta where x > 0, else seta
                }
            }
        }
        matmul(u, x, ux, false);                                         // U X
        o.muli(1.0 - ic.alpha()).addi(ux.muli(ic.alpha()));              // O = alpha U X + (1 - alpha) O
        matmul(u, o, ri, true);                                          // R' = U^T O
        x.sub(ri, h).muli(zeta).divi(Transforms.max(ri, ic.eps(), false)); // H = zeta o (X - R') / max(R', eps)
        double[] oh = o.data().asDouble();
        double[] hh = h.data().asDouble();
        boolean exact = false;
        for (int k = 0; k < b; k++) {
            exact |= bounds[k].needsExactCheck(oh, k * nInvariant, nInvariant, hh, k * nSparse, nSparse, steps);
        }
        matmul(o, hRow, outerI, false);                                  // O H^T
        u.addi(u.mul(outerI, tmpI));                                     // U += U o (O H^T)
        if (exact) {
            exactCheck();
        }
        int i0 = stepInEpoch;
        stepInEpoch++;
        if (ic.renormEvery() > 0 && i0 % ic.renormEvery() == 0) {
            INDArray sums = u.sum(2);                                    // [B, K]
            double smin = sums.minNumber().doubleValue();
            if (!(smin > 0)) {
                throw new InvalidWeightsException("invariant", steps, "a row of U sums to " + smin + " at renormalisation");
            }
            Nd4j.getExecutioner().exec(new BroadcastDivOp(u, sums, u, 0, 1));
            u.muli(ic.renormSum());                                      // renormSum * (U / rowsum(U))
            for (UpdateBound bound : bounds) {
                bound.reset(ic.renormSum());
            }
        }
    }

    private void exactCheck() {
        for (int k = 0; k < b; k++) {
            INDArray uk = u.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k));
            double min = uk.minNumber().doubleValue();
            double max = uk.maxNumber().doubleValue();
            double sum = uk.sumNumber().doubleValue();
            if (!(min >= 0) || !(max <= Double.MAX_VALUE) || !(sum <= Double.MAX_VALUE)) {
                String what = Double.isNaN(sum) ? "NaN" : !(max <= Double.MAX_VALUE && sum <= Double.MAX_VALUE) ? "infinite"
                        : "negative (min " + min + ")";
                throw new InvalidWeightsException("invariant", steps, "stream " + k + ": U is " + what);
            }
            bounds[k].reset(max);
        }
    }
}
