package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.regression.data.Checks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax regression, the seed's "single-linear-layer softmax classifier": logits
 * {@code z = x·W + b} ({@code W [in, K]}), {@code P(k|x) = softmax(z)_k}, trained on cross-entropy
 * from logits (log-sum-exp inside, never {@code log softmax} of rounded probabilities), prediction
 * {@code argmax_k z_k}. On MNIST (784 inputs, 10 classes) it is the classic linear baseline.
 */
public final class SoftmaxRegression {

    private SoftmaxRegression() {
    }

    /** {@code Linear(features, classes)} with constant initial weights/biases and cross-entropy loss. */
    public static Model model(int features, int classes, double initialWeight, double initialBias, DataType dataType) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        return Model.builder(OneLayer.linear(features, classes, initialWeight, initialBias)).inputShape(features).labelShape(classes)
                .loss(Loss.crossEntropyFromLogits()).dataType(dataType).build();
    }

    /** Trains in double precision with the hand-written mini-batch SGD update. */
    public static TrainedRegression train(double[][] design, int[] labels, int classes, GradientConfig cfg) {
        return train(design, labels, classes, cfg, DataType.DOUBLE);
    }

    public static TrainedRegression train(double[][] design, int[] labels, int classes, GradientConfig cfg, DataType dataType) {
        Checks.matrix("design", design);
        if (labels == null) {
            throw new IllegalArgumentException("labels: expected " + design.length + " labels, got null");
        }
        Checks.sameLength("design", design.length, "labels", labels.length);
        Model m = model(design[0].length, classes, cfg.initialWeight(), cfg.initialBias(), dataType);
        return GradientTraining.miniBatch("softmax-sgd", m, OneLayer.matrix(design, dataType), oneHot(labels, classes, dataType), cfg);
    }

    /** {@code [n, classes]} one-hot rows. */
    public static INDArray oneHot(int[] labels, int classes, DataType dataType) {
        INDArray out = Nd4j.zeros(dataType, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in 0.." + (classes - 1) + ", got " + labels[i]);
            }
            out.putScalar(i, labels[i], 1.0);
        }
        return out;
    }

    /** The logits {@code [n][K]} of the rows of {@code design}. */
    public static double[][] logits(Model model, double[][] design) {
        return model.predict(OneLayer.matrix(design, model.dataType())).toDoubleMatrix();
    }

    /** {@code argmax_k z_k} of each row. */
    public static int[] predictClasses(Model model, double[][] design) {
        Checks.matrix("design", design);
        return model.predictClasses(OneLayer.matrix(design, model.dataType()));
    }
}
