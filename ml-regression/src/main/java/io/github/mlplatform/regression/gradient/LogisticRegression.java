package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.regression.data.Checks;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Logistic regression {@code P(y = 1 | x) = σ(x·w + b)} trained by mini-batch SGD (the seed's
 * {@code optim.SGD} on {@code sigmoid(linear(x))} with {@code BCELoss}). The model outputs the logit
 * {@code z = x·w + b} and is trained on binary cross-entropy <em>from logits</em>
 * ({@link Loss#bceFromLogits()}: {@code max(z, 0) − y·z + log(1 + e^{−|z|})}), which stays finite
 * where the seed's hand-written {@code −mean(y·log ŷ + (1−y)·log(1−ŷ))} gave NaN (ŷ rounds to
 * exactly 0 or 1 once |z| is large, and {@code 0·log 0 = 0·(−∞) = NaN}). Prediction: 1 if
 * {@code σ(z) > 0.5}, i.e. {@code z > 0}.
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }

    /** {@code Linear(features, 1)} producing logits, with BCE-from-logits loss. */
    public static Model model(int features, double initialWeight, double initialBias, DataType dataType) {
        return Model.builder(OneLayer.linear(features, 1, initialWeight, initialBias)).inputShape(features).labelShape(1)
                .loss(Loss.bceFromLogits()).dataType(dataType).build();
    }

    /** Trains in double precision with the hand-written SGD update (identical to {@code optim.SGD} without momentum). */
    public static TrainedRegression train(double[][] design, int[] labels, GradientConfig cfg) {
        return train(design, labels, cfg, DataType.DOUBLE);
    }

    public static TrainedRegression train(double[][] design, int[] labels, GradientConfig cfg, DataType dataType) {
        Checks.matrix("design", design);
        if (labels == null) {
            throw new IllegalArgumentException("labels: expected " + design.length + " labels, got null");
        }
        Checks.sameLength("design", design.length, "labels", labels.length);
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "]: expected 0 or 1, got " + labels[i]);
            }
            y[i] = labels[i];
        }
        Model m = model(design[0].length, cfg.initialWeight(), cfg.initialBias(), dataType);
        return GradientTraining.miniBatch("logistic-sgd", m, OneLayer.matrix(design, dataType), OneLayer.column(y, dataType), cfg);
    }

    /** The logits {@code z} of the rows of {@code design}. */
    public static double[] logits(Model model, double[][] design) {
        return model.predict(OneLayer.matrix(design, model.dataType())).reshape(-1).toDoubleVector();
    }

    /** {@code σ(z)} of the rows of {@code design}. */
    public static double[] probabilities(Model model, double[][] design) {
        double[] z = logits(model, design);
        for (int i = 0; i < z.length; i++) {
            z[i] = sigmoid(z[i]);
        }
        return z;
    }

    /** 1 where {@code σ(z) > 0.5}, else 0. */
    public static int[] predictClasses(Model model, double[][] design) {
        double[] z = logits(model, design);
        int[] out = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] > 0 ? 1 : 0;
        }
        return out;
    }

    /** Overflow-free {@code 1/(1 + e^{−z})}. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /**
     * The seed's hand-written BCE on probabilities, {@code −mean(y·log p + (1−y)·log(1−p))}, kept to
     * show its failure: NaN as soon as some {@code p} is exactly 0 or 1.
     */
    public static double naiveBce(double[] p, int[] y) {
        Checks.sameLength("p", p.length, "y", y.length);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
        }
        return -s / p.length;
    }

    /** The stable BCE from logits, {@code mean(max(z,0) − y·z + log1p(e^{−|z|}))}, in plain Java. */
    public static double bceFromLogits(double[] z, int[] y) {
        Checks.sameLength("z", z.length, "y", y.length);
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            s += Math.max(z[i], 0) - y[i] * z[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
        }
        return s / z.length;
    }
}
