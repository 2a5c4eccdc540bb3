package io.github.mlplatform.regression.closedform;

import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The exact minimiser of the seed's power loss {@code (1/n) Σ |y_i − ŷ_i|^m} over linear models
 * {@code ŷ = intercept + Σ_j weights[j]·f_j} (see {@link LeastPowers}).
 *
 * @param m            the power (1: least absolute deviations, 2: least squares)
 * @param featureNames names of the features
 * @param weights      one weight per feature
 * @param intercept    {@code w0}
 * @param n            number of observations fitted
 * @param meanLoss     {@code (1/n) Σ |r_i|^m} at the optimum
 * @param maxAbsResidual the largest {@code |r_i|} at the optimum (falls as m grows: m → ∞ is the minimax fit)
 * @param iterations   Newton iterations (0 for the linear program of m = 1 and the QR of m = 2)
 */
public record PowerFit(double m, List<String> featureNames, double[] weights, double intercept, int n, double meanLoss,
                       double maxAbsResidual, int iterations) {

    public PowerFit {
        featureNames = List.copyOf(featureNames);
        weights = weights.clone();
        if (weights.length != featureNames.size()) {
            throw new IllegalArgumentException("weights: expected " + featureNames.size() + " (one per feature), got " + weights.length);
        }
    }

    /** The prediction for one row of features. */
    public double predict(double[] features) {
        if (features == null || features.length != weights.length) {
            throw new IllegalArgumentException("features: expected " + weights.length + " values, got "
                    + (features == null ? "null" : features.length));
        }
        return intercept + Design.dot(weights, features);
    }

    /** Writes the fit as JSON, atomically. */
    public void save(Path file) throws IOException {
        Json.write(file, this);
    }

    /** Reads a fit written by {@link #save}. */
    public static PowerFit load(Path file) throws IOException {
        return Json.read(file, PowerFit.class);
    }
}
