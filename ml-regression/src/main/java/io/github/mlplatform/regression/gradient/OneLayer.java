package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.regression.data.Checks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/** Helpers shared by the one-layer regressions. */
final class OneLayer {

    private OneLayer() {
    }

    /** ml-core's {@code Linear(in, out)} with every weight {@code w0} and every bias {@code b0} (the seed sets them by hand). */
    static Linear linear(int in, int out, double w0, double b0) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("features/outputs: expected >= 1, got in=" + in + ", out=" + out);
        }
        Linear l = new Linear(in, out);
        l.loadStateDict(Map.of("weight", Nd4j.zeros(DataType.DOUBLE, in, out).addi(w0), "bias", Nd4j.zeros(DataType.DOUBLE, out).addi(b0)));
        return l;
    }

    static INDArray matrix(double[][] design, DataType dt) {
        Checks.matrix("design", design);
        return Nd4j.createFromArray(design).castTo(dt);
    }

    static INDArray column(double[] y, DataType dt) {
        double[][] c = new double[y.length][1];
        for (int i = 0; i < y.length; i++) {
            c[i][0] = y[i];
        }
        return Nd4j.createFromArray(c).castTo(dt);
    }
}
