package io.github.mlplatform.invariance.bench;

import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.MwtaConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The seed's loop body ported line by line to ND4J (dense mask, {@code W^T s} over all neurons,
 * update of all of W and U, row sums of all of W), as the baseline of the benchmark: it shows what
 * the optimised implementations gain over a direct port. Not a public API.
 */
final class SeedPortStep {

    private final INDArray sw;
    private INDArray iw;
    private final INDArray io;
    private final MwtaConfig sc;
    private final EmaInvariantConfig ic;
    private final DataType dt;
    private int i;

    SeedPortStep(MwtaConfig sc, EmaInvariantConfig ic, DenseMatrix w0, DenseMatrix u0, DataType dt) {
        this.sc = sc;
        this.ic = ic;
        this.dt = dt;
        this.sw = Nd4j.create(w0.data(), new long[] {w0.rows(), w0.cols()}, dt);
        this.iw = Nd4j.create(u0.data(), new long[] {u0.rows(), u0.cols()}, dt);
        this.io = Nd4j.zeros(dt, ic.neurons(), 1);
    }

    void startEpoch() {
        io.assign(0);
        i = 0;
    }

    void step(float[] frame) {
        INDArray v = Nd4j.create(frame, new long[] {frame.length, 1}, dt);
        INDArray p = sw.mmul(v);
        INDArray order = Nd4j.sortWithIndices(p.dup().reshape(p.length()), 0, true)[0];
        int[] winners = order.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(p.length() - sc.winners(), p.length()))
                .toIntVector();
        INDArray mask = Nd4j.zeros(dt, sc.neurons(), 1);
        for (int w : winners) {
            mask.putScalar(w, 1.0);
        }
        INDArray soUw = mask.mul(p);
        INDArray r = sw.transpose().mmul(soUw);
        INDArray modR = Transforms.max(r, sc.eps(), true);
        INDArray e = v.sub(r);
        sw.addi(sw.mulColumnVector(soUw).muliRowVector(e.div(modR).transpose()).muli(sc.xi()));
        INDArray so = soUw.div(sw.sum(1).reshape(sc.neurons(), 1));
        INDArray pert = iw.mmul(so);
        io.addi(pert.sub(io).muli(ic.alpha()));
        INDArray r2 = iw.transpose().mmul(io);
        INDArray modR2 = Transforms.max(r2, ic.eps(), true);
        INDArray e2 = so.sub(r2);
        INDArray zeta = so.dup();
        BooleanIndexing.replaceWhere(zeta, ic.leta(), Conditions.greaterThan(0));
        BooleanIndexing.replaceWhere(zeta, ic.seta(), Conditions.lessThanOrEqual(0));
        iw.addi(iw.mulColumnVector(io).muliRowVector(e2.mul(zeta).divi(modR2).transpose()));
        if (ic.renormEvery() > 0 && i % ic.renormEvery() == 0) {
            iw = iw.divColumnVector(iw.sum(1).reshape(ic.neurons(), 1)).muli(ic.renormSum());
        }
        i++;
    }
}
