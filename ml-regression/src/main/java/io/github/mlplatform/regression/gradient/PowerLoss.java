package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The seed's generalised regression loss {@code loss(m) = (1/N) Σ |y − ŷ|^m}: the larger {@code m},
 * the more the largest errors (outliers) dominate. {@code m = 2} is the mean squared error and has
 * exactly MSE's gradient {@code 2(ŷ − y)/N}; {@code m = 1} is the mean absolute error.
 *
 * @param m the power, {@code >= 1} (below 1 the gradient is infinite at a zero residual)
 */
public record PowerLoss(double m) implements Loss {

    public PowerLoss {
        if (!(m >= 1) || !Double.isFinite(m)) {
            throw new IllegalArgumentException("m: expected a finite power >= 1, got " + m);
        }
    }

    @Override
    public SDVariable compute(Graph g, String name, SDVariable output, SDVariable labels) {
        SDVariable abs = g.sd().math().abs(output.sub(labels));
        return g.sd().mean(name, m == 2 ? abs.mul(abs) : g.sd().math().pow(abs, m));
    }

    @Override
    public String name() {
        return "power_loss(m=" + m + ")";
    }

    /** The same loss in plain Java (for references and plots). */
    public double value(double[] prediction, double[] target) {
        if (prediction.length != target.length || prediction.length == 0) {
            throw new IllegalArgumentException("target: expected " + prediction.length + " values (as many as prediction), got " + target.length);
        }
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            s += Math.pow(Math.abs(target[i] - prediction[i]), m);
        }
        return s / target.length;
    }
}
