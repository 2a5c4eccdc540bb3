package io.github.mlplatform.invariance;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@link SparseLayer} on ND4J arrays, using only nd4j-api operations, so it runs on any backend
 * (CPU or CUDA) in FLOAT or DOUBLE. Per step: one matrix-vector product {@code p = W v}, the
 * selection of the winners on the host ({@link WinnerSelection}: N values cross to the host, and
 * the tie rule is the documented one on every backend; libnd4j's {@code top_k} op measured several
 * times slower on CPU and its Java wrapper in 1.0.0-M2.1 passes k wrongly), then only the n winner
 * rows of W are gathered ({@code pullRows}), updated as {@code W += xi W o (s q^T)} with the outer
 * product from one matrix product, and written back ({@code scatter_upd}); the seed updated the
 * whole of W through a mask. The n updated rows come back to the host once, for the check (finite,
 * >= 0) and the row sums of x. Buffers are preallocated and ops in place: on CPU each ND4J op has a
 * fixed cost of ~10 us or more, which dominates at these sizes.
 */
public final class Nd4jMwtaLayer implements SparseLayer {

    private final MwtaConfig cfg;
    private final Precision precision;
    private final DataType dtype;
    private final int nNeurons;
    private final int nInputs;
    private final int nWinners;
    private final INDArray w;
    private final INDArray p;
    private final INDArray r;
    private final INDArray e;
    private final INDArray s;
    private final INDArray sRow;
    private final INDArray rRow;
    private final INDArray eRow;
    private final INDArray rowIdx;
    private final INDArray ww;
    private final INDArray outer;
    private final INDArray delta;
    private final DynamicCustomOp scatter;
    private final int[] winners;
    private final double[] winnerP;
    private final SparseCode code;
    private long steps;
    private double lastSquaredError;

    /** A layer with the given initial weights (N x M, finite, >= 0). */
    public Nd4jMwtaLayer(MwtaConfig cfg, Precision precision, DenseMatrix initialWeights) {
        this.cfg = cfg;
        this.precision = precision;
        this.dtype = precision.dataType();
        this.nNeurons = cfg.neurons();
        this.nInputs = cfg.inputs();
        this.nWinners = cfg.winners();
        this.w = Nd4j.create(dtype, nNeurons, nInputs);
        this.p = Nd4j.create(dtype, nNeurons, 1);
        this.r = Nd4j.create(dtype, nInputs, 1);
        this.e = Nd4j.create(dtype, nInputs, 1);
        this.s = Nd4j.create(dtype, nWinners, 1);
        this.sRow = s.reshape(1, nWinners);
        this.rRow = r.reshape(1, nInputs);
        this.eRow = e.reshape(1, nInputs);
        this.rowIdx = Nd4j.create(DataType.INT, nWinners);
        this.ww = Nd4j.create(dtype, nWinners, nInputs);
        this.outer = Nd4j.create(dtype, nWinners, nInputs);
        this.delta = Nd4j.create(dtype, nWinners, nInputs);
        // W[rows] = ww, reused every step (same arrays)
        this.scatter = DynamicCustomOp.builder("scatter_upd").addInputs(w, rowIdx, ww).addOutputs(w).build();
        this.winners = new int[nWinners];
        this.winnerP = new double[nWinners];
        this.code = new SparseCode(nNeurons, nWinners);
        setWeights(initialWeights);
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
        return "nd4j";
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double lastSquaredError() {
        return lastSquaredError;
    }

    /** The weights as the layer's own array (not a copy): for callers that stay on the device. */
    public INDArray weightArray() {
        return w;
    }

    private INDArray input(float[] v) {
        if (v.length != nInputs) {
            throw new IllegalArgumentException("sparse layer input: length " + v.length + ", expected " + nInputs);
        }
        for (int j = 0; j < nInputs; j++) {
            float x = v[j];
            if (!(x >= 0f && x <= Float.MAX_VALUE)) {
                throw StateIO.badInput("sparse layer", j, x);
            }
        }
        return Nd4j.create(v, new long[] {nInputs, 1}, dtype);
    }

    /** p = W v and the winners (host indices, best first) with their activations. */
    private void activate(INDArray vCol, boolean learning) {
        Nd4j.gemm(w, vCol, p, false, false, 1.0, 0.0);
        // selection on the host: N values cross the bus once; measured far cheaper than the top_k op
        // on CPU, and the tie rule is then exactly WinnerSelection's on every backend
        double[] all = p.data().asDouble();
        int found = WinnerSelection.topN(all, nNeurons, winners);
        if (found < nWinners) {
            String msg = "activations p = W v are NaN";
            if (learning) {
                throw new InvalidWeightsException("sparse", steps, msg);
            }
            throw new IllegalStateException("sparse layer: " + msg + " (invalid weights)");
        }
        for (int t = 0; t < nWinners; t++) {
            winnerP[t] = all[winners[t]];
        }
    }

    /** Loads s and the row indices of the winners, and gathers their rows of W into ww. */
    private void gatherWinners() {
        for (int t = 0; t < nWinners; t++) {
            s.putScalar(t, winnerP[t]);
            rowIdx.putScalar(t, winners[t]);
        }
        Nd4j.pullRows(w, ww, 1, winners);
    }

    @Override
    public SparseCode step(float[] v) {
        INDArray vCol = input(v);
        steps++;
        activate(vCol, true);
        gatherWinners();                                            // ww = W[winners], n x M
        Nd4j.gemm(sRow, ww, rRow, false, false, 1.0, 0.0);         // r = W^T s  (as s^T W)
        vCol.sub(r, e);                                             // e = v - r
        double[] eh = e.data().asDouble();
        double sq = 0;
        for (double x : eh) {
            sq += x * x;
        }
        lastSquaredError = sq;
        e.divi(Transforms.max(r, cfg.eps(), false));               // q = e / max(r, eps)  (r clamped in place)
        Nd4j.gemm(s, eRow, outer, false, false, cfg.xi(), 0.0);    // xi * s q^T
        ww.addi(ww.mul(outer, delta));                              // W += xi * W o (s q^T), winner rows only
        Nd4j.exec(scatter);                                         // W[winners] = ww
        // one host transfer of the n updated rows: the check and the row sums for x
        double[] host = ww.data().asDouble();
        for (int t = 0; t < nWinners; t++) {
            double sum = checkedRowSum(host, t * nInputs, nInputs, steps, "row " + winners[t]);
            double sv = winnerP[t];
            code.set(t, winners[t], sv, sv == 0 ? 0 : sv / sum);
        }
        code.setCount(nWinners);
        return code;
    }

    /**
     * The sum of {@code len} updated weights from {@code off} (one row of W), after checking they are
     * finite and non-negative.
     *
     * @throws InvalidWeightsException naming {@code row} (e.g. "row 17") and what is wrong
     */
    static double checkedRowSum(double[] host, int off, int len, long step, String row) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int j = off; j < off + len; j++) {
            sum += host[j];
            min = Math.min(min, host[j]);
        }
        if (!(min >= 0) || !(sum <= Double.MAX_VALUE)) {
            String what = Double.isNaN(min) || Double.isNaN(sum) ? "NaN"
                    : !(sum <= Double.MAX_VALUE) ? "infinite" : "negative (min " + min + ")";
            throw new InvalidWeightsException("sparse", step, row + " of W is " + what);
        }
        return sum;
    }

    @Override
    public SparseCode infer(float[] v, float[] reconstruction) {
        INDArray vCol = input(v);
        activate(vCol, false);
        gatherWinners();
        double[] host = ww.data().asDouble();
        for (int t = 0; t < nWinners; t++) {
            double sum = 0;
            for (int j = 0; j < nInputs; j++) {
                sum += host[t * nInputs + j];
            }
            double sv = winnerP[t];
            code.set(t, winners[t], sv, sv == 0 ? 0 : sv / sum);
        }
        code.setCount(nWinners);
        if (reconstruction != null) {
            if (reconstruction.length != nInputs) {
                throw new IllegalArgumentException("reconstruction: length " + reconstruction.length + ", expected " + nInputs);
            }
            Nd4j.gemm(sRow, ww, rRow, false, false, 1.0, 0.0);
            double[] rr = r.data().asDouble();
            for (int j = 0; j < nInputs; j++) {
                reconstruction[j] = (float) rr[j];
            }
        }
        return code;
    }

    @Override
    public DenseMatrix weights() {
        return new DenseMatrix(nNeurons, nInputs, w.dup('c').data().asDouble());
    }

    @Override
    public void setWeights(DenseMatrix m) {
        StateIO.checkWeights(m, nNeurons, nInputs, "sparse layer weights W");
        w.assign(Nd4j.create(m.data(), new long[] {nNeurons, nInputs}, dtype));
    }

    @Override
    public double[] rowSums() {
        return w.sum(1).toDoubleVector();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.header(out, "nd4j-mwta/" + precision, nNeurons, nInputs);
        out.writeLong(steps);
        INDArray c = w.dup('c');
        if (precision == Precision.FLOAT) {
            StateIO.writeFloats(out, c.data().asFloat());
        } else {
            StateIO.writeDoubles(out, c.data().asDouble());
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        StateIO.expectHeader(in, "nd4j-mwta/" + precision, nNeurons, nInputs);
        steps = in.readLong();
        if (precision == Precision.FLOAT) {
            float[] f = new float[nNeurons * nInputs];
            StateIO.readFloats(in, f);
            w.assign(Nd4j.create(f, new long[] {nNeurons, nInputs}, dtype));
        } else {
            double[] d = new double[nNeurons * nInputs];
            StateIO.readDoubles(in, d);
            w.assign(Nd4j.create(d, new long[] {nNeurons, nInputs}, dtype));
        }
    }

    @Override
    public Map<String, Number> diagnostics() {
        return Map.of("steps", steps);
    }
}
