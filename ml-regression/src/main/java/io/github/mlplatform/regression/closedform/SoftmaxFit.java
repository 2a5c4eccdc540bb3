package io.github.mlplatform.regression.closedform;

import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A softmax-regression model: logits {@code z_k = intercepts[k] + Σ_j weights[j][k]·f_j},
 * {@code P(k | x) = exp(z_k) / Σ_l exp(z_l)}, prediction {@code argmax_k z_k}. Only differences of
 * logits matter; this reference pins class 0's weights and intercept to zero.
 *
 * @param featureNames names of the features
 * @param weights      {@code p × K} weights
 * @param intercepts   {@code K} intercepts
 * @param n            observations fitted
 * @param meanLoss     mean cross-entropy at the fit
 * @param iterations   Newton iterations used
 */
public record SoftmaxFit(List<String> featureNames, double[][] weights, double[] intercepts, int n, double meanLoss,
                         int iterations) {

    public SoftmaxFit {
        featureNames = List.copyOf(featureNames);
        if (weights.length != featureNames.size()) {
            throw new IllegalArgumentException("weights: expected " + featureNames.size() + " rows (one per feature), got " + weights.length);
        }
        double[][] w = new double[weights.length][];
        for (int j = 0; j < w.length; j++) {
            if (weights[j].length != intercepts.length) {
                throw new IllegalArgumentException("weights[" + j + "]: expected " + intercepts.length + " values (one per class), got " + weights[j].length);
            }
            w[j] = weights[j].clone();
        }
        weights = w;
        intercepts = intercepts.clone();
    }

    public int classes() {
        return intercepts.length;
    }

    /** The K logits of one row of features. */
    public double[] logits(double[] features) {
        if (features == null || features.length != weights.length) {
            throw new IllegalArgumentException("features: expected " + weights.length + " values, got "
                    + (features == null ? "null" : features.length));
        }
        double[] z = intercepts.clone();
        for (int j = 0; j < weights.length; j++) {
            for (int k = 0; k < z.length; k++) {
                z[k] += weights[j][k] * features[j];
            }
        }
        return z;
    }

    /** Softmax probabilities (computed with the max subtracted). */
    public double[] probabilities(double[] features) {
        return SoftmaxNewton.softmax(logits(features));
    }

    /** {@code argmax_k z_k}. */
    public int predictClass(double[] features) {
        double[] z = logits(features);
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    public void save(Path file) throws IOException {
        Json.write(file, this);
    }

    public static SoftmaxFit load(Path file) throws IOException {
        return Json.read(file, SoftmaxFit.class);
    }
}
