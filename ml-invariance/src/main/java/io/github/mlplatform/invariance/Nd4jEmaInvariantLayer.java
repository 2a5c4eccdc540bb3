package io.github.mlplatform.invariance;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@link InvariantLayer} on ND4J arrays, as the seed wrote it (dense {@code r = U^T o} and a
 * dense update of all of U), using only nd4j-api operations so it runs on any backend in FLOAT or
 * DOUBLE. Every buffer is preallocated and every operation in place (on CPU an ND4J op costs about
 * 10 us and an allocation as much again, which dominates at these sizes); the EMA is one
 * matrix-vector product {@code o = alpha U x + (1 - alpha) o}, and the update is the issue's
 * {@code U += U o (o h^T)} with the outer product from one matrix product. Weights are checked every
 * step from o and h alone (see {@link #certify()}), exactly when that is not conclusive.
 */
public final class Nd4jEmaInvariantLayer implements InvariantLayer {

    private final EmaInvariantConfig cfg;
    private final Precision precision;
    private final DataType dtype;
    private final int nNeurons;
    private final int nInputs;
    private final INDArray u;
    private final INDArray o;
    private final INDArray x;
    private final INDArray zeta;
    private final INDArray r;
    private final INDArray h;
    private final INDArray hRow;
    private final INDArray outer;
    private final INDArray tmp;
    /** Upper bound of max(U) since the last exact check (for the cheap per-step finiteness check). */
    private final UpdateBound bound = new UpdateBound(0);
    private final int[] on;
    private int onCount;
    private int stepInEpoch;
    private long steps;

    /** A layer with the given initial weights (K x N, finite, >= 0). */
    public Nd4jEmaInvariantLayer(EmaInvariantConfig cfg, Precision precision, DenseMatrix initialWeights) {
        this.cfg = cfg;
        this.precision = precision;
        this.dtype = precision.dataType();
        this.nNeurons = cfg.neurons();
        this.nInputs = cfg.inputs();
        this.u = Nd4j.create(dtype, nNeurons, nInputs);
        this.o = Nd4j.create(dtype, nNeurons, 1);
        this.x = Nd4j.create(dtype, nInputs, 1);
        this.zeta = Nd4j.create(dtype, nInputs, 1).assign(cfg.seta());
        this.r = Nd4j.create(dtype, nInputs, 1);
        this.h = Nd4j.create(dtype, nInputs, 1);
        this.hRow = h.reshape(1, nInputs);
        this.outer = Nd4j.create(dtype, nNeurons, nInputs);
        this.tmp = Nd4j.create(dtype, nNeurons, nInputs);
        this.on = new int[nInputs];
        setWeights(initialWeights);
    }

    @Override
    public EmaInvariantConfig config() {
        return cfg;
    }

    @Override
    public String implementation() {
        return "nd4j";
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /** The weights as the layer's own array (not a copy). */
    public INDArray weightArray() {
        return u;
    }

    @Override
    public void startEpoch() {
        o.assign(0);
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
        return o.toDoubleVector();
    }

    /** Loads x (dense, only its changed entries written) and o += alpha (U x - o). */
    private void ema(SparseCode code) {
        if (code.size() != nInputs) {
            throw new IllegalArgumentException("invariant layer input: sparse code of size " + code.size() + ", expected " + nInputs);
        }
        for (int t = 0; t < code.count(); t++) {
            double xv = code.output(t);
            if (!(xv >= 0 && xv <= Double.MAX_VALUE)) {
                throw StateIO.badInput("invariant layer", code.index(t), xv);
            }
        }
        for (int q = 0; q < onCount; q++) {
            x.putScalar(on[q], 0.0);
            zeta.putScalar(on[q], cfg.seta());
        }
        onCount = 0;
        for (int t = 0; t < code.count(); t++) {
            double xv = code.output(t);
            if (xv > 0) {
                on[onCount++] = code.index(t);
                x.putScalar(code.index(t), xv);
                zeta.putScalar(code.index(t), cfg.leta());             // zeta = leta where x > 0, else seta
            }
        }
        // o = alpha (U x) + (1 - alpha) o, i.e. o += alpha (U x - o), in one matrix-vector product
        Nd4j.gemm(u, x, o, false, false, cfg.alpha(), 1.0 - cfg.alpha());
    }

    @Override
    public void infer(SparseCode code) {
        ema(code);
    }

    @Override
    public void step(SparseCode code) {
        ema(code);
        steps++;
        Nd4j.gemm(u, o, r, true, false, 1.0, 0.0);                        // r = U^T o
        x.sub(r, h).muli(zeta).divi(Transforms.max(r, cfg.eps(), false)); // h = (e * zeta) / max(r, eps)
        certify();
        Nd4j.gemm(o, hRow, outer, false, false, 1.0, 0.0);               // o h^T
        u.addi(u.mul(outer, tmp));                                        // U += U o (o h^T)
        if (needsExactCheck) {
            exactCheck();
        }
        int i0 = stepInEpoch;
        stepInEpoch++;
        if (cfg.renormEvery() > 0 && i0 % cfg.renormEvery() == 0) {
            INDArray sums = u.sum(1).reshape(nNeurons, 1);
            double smin = sums.minNumber().doubleValue();
            if (!(smin > 0)) {
                throw new InvalidWeightsException("invariant", steps, "a row of U sums to " + smin + " at renormalisation");
            }
            u.diviColumnVector(sums).muli(cfg.renormSum());                // renormSum * (U / rowsum(U))
            bound.reset(cfg.renormSum());                                   // rows of non-negatives summing to S
        }
    }

    private boolean needsExactCheck;

    /** The per-step certificate of {@link UpdateBound}; U is checked exactly when it fails. */
    private void certify() {
        needsExactCheck = bound.needsExactCheck(o.data().asDouble(), 0, nNeurons, h.data().asDouble(), 0, nInputs, steps);
    }

    private void exactCheck() {
        double min = u.minNumber().doubleValue();
        double max = u.maxNumber().doubleValue();
        double sum = u.sumNumber().doubleValue();
        if (!(min >= 0) || !(max <= Double.MAX_VALUE) || !(sum <= Double.MAX_VALUE)) {
            String what = Double.isNaN(sum) ? "NaN" : !(max <= Double.MAX_VALUE && sum <= Double.MAX_VALUE) ? "infinite"
                    : "negative (min " + min + ")";
            throw new InvalidWeightsException("invariant", steps, "U is " + what);
        }
        bound.reset(max);
    }

    @Override
    public DenseMatrix weights() {
        return new DenseMatrix(nNeurons, nInputs, u.dup('c').data().asDouble());
    }

    @Override
    public void setWeights(DenseMatrix m) {
        StateIO.checkWeights(m, nNeurons, nInputs, "invariant layer weights U");
        u.assign(Nd4j.create(m.data(), new long[] {nNeurons, nInputs}, dtype));
        bound.reset(u.maxNumber().doubleValue());
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.header(out, "nd4j-ema/" + precision, nNeurons, nInputs);
        out.writeLong(steps);
        out.writeInt(stepInEpoch);
        if (precision == Precision.FLOAT) {
            StateIO.writeFloats(out, u.dup('c').data().asFloat());
            StateIO.writeFloats(out, o.dup('c').data().asFloat());
        } else {
            StateIO.writeDoubles(out, u.dup('c').data().asDouble());
            StateIO.writeDoubles(out, o.dup('c').data().asDouble());
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        StateIO.expectHeader(in, "nd4j-ema/" + precision, nNeurons, nInputs);
        steps = in.readLong();
        stepInEpoch = in.readInt();
        if (precision == Precision.FLOAT) {
            float[] f = new float[nNeurons * nInputs];
            StateIO.readFloats(in, f);
            u.assign(Nd4j.create(f, new long[] {nNeurons, nInputs}, dtype));
            float[] fo = new float[nNeurons];
            StateIO.readFloats(in, fo);
            o.assign(Nd4j.create(fo, new long[] {nNeurons, 1}, dtype));
        } else {
            double[] d = new double[nNeurons * nInputs];
            StateIO.readDoubles(in, d);
            u.assign(Nd4j.create(d, new long[] {nNeurons, nInputs}, dtype));
            double[] dob = new double[nNeurons];
            StateIO.readDoubles(in, dob);
            o.assign(Nd4j.create(dob, new long[] {nNeurons, 1}, dtype));
        }
        bound.reset(u.maxNumber().doubleValue());
    }

    @Override
    public Map<String, Number> diagnostics() {
        return Map.of("steps", steps);
    }
}
