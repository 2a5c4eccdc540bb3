package io.github.mlplatform.regression.closedform;

import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A fitted linear model {@code ŷ = intercept + Σ_j weights[j]·f_j}, with its training error.
 *
 * @param featureNames names of the features (columns of the design)
 * @param weights      one weight per feature
 * @param intercept    {@code w0} (0 when fitted without intercept)
 * @param hasIntercept whether the intercept was fitted
 * @param n            number of observations fitted
 * @param mse          mean squared residual on the fitted data
 * @param rSquared     {@code 1 − SS_res / SS_tot} (SS_tot about the mean of y)
 */
public record LinearFit(List<String> featureNames, double[] weights, double intercept, boolean hasIntercept, int n,
                        double mse, double rSquared) {

    public LinearFit {
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

    /** Predictions for every row of a design matrix. */
    public double[] predict(double[][] design) {
        double[] out = new double[design.length];
        for (int i = 0; i < design.length; i++) {
            out[i] = predict(design[i]);
        }
        return out;
    }

    /** Writes the fit as JSON, atomically. */
    public void save(Path file) throws IOException {
        Json.write(file, this);
    }

    /** Reads a fit written by {@link #save}. */
    public static LinearFit load(Path file) throws IOException {
        return Json.read(file, LinearFit.class);
    }
}
