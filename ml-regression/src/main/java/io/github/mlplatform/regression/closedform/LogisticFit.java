package io.github.mlplatform.regression.closedform;

import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A logistic-regression model {@code P(y = 1 | x) = σ(intercept + w·f(x))} with its fit statistics.
 *
 * @param featureNames names of the features
 * @param weights      one weight per feature
 * @param intercept    the bias
 * @param n            observations fitted
 * @param meanLoss     mean binary cross-entropy {@code −(1/n) log L} at the fit
 * @param iterations   Newton iterations used
 */
public record LogisticFit(List<String> featureNames, double[] weights, double intercept, int n, double meanLoss,
                          int iterations) {

    public LogisticFit {
        featureNames = List.copyOf(featureNames);
        weights = weights.clone();
        if (weights.length != featureNames.size()) {
            throw new IllegalArgumentException("weights: expected " + featureNames.size() + " (one per feature), got " + weights.length);
        }
    }

    /** The logit {@code z = intercept + w·f}. */
    public double logit(double[] features) {
        if (features == null || features.length != weights.length) {
            throw new IllegalArgumentException("features: expected " + weights.length + " values, got "
                    + (features == null ? "null" : features.length));
        }
        return intercept + Design.dot(weights, features);
    }

    /** {@code σ(z)}. */
    public double probability(double[] features) {
        return Design.sigmoid(logit(features));
    }

    /** The seed's prediction: 1 if {@code σ(z) > 0.5} (i.e. {@code z > 0}), else 0. */
    public int predictClass(double[] features) {
        return logit(features) > 0 ? 1 : 0;
    }

    /** For one feature: the x where {@code σ = 0.5}, i.e. {@code −intercept / w}. */
    public double decisionBoundary() {
        if (weights.length != 1) {
            throw new IllegalStateException("decisionBoundary: defined for one feature, this fit has " + weights.length);
        }
        return -intercept / weights[0];
    }

    public void save(Path file) throws IOException {
        Json.write(file, this);
    }

    public static LogisticFit load(Path file) throws IOException {
        return Json.read(file, LogisticFit.class);
    }
}
