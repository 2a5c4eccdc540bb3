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
 * @param ridge        the ridge penalty λ of {@code λ‖w‖²} (0: ordinary least squares)
 * @param standardErrors the standard error of each weight, {@code sqrt(Cov(β̂)_jj)} (NaN when no
 *                     residual degrees of freedom are left)
 * @param interceptStandardError the standard error of the intercept (NaN without one)
 * @param residualVariance {@code σ̂² = SS_res / (n − df)}, the estimated noise variance
 * @param effectiveParameters {@code df = tr(A⁻¹X̃ᵀX̃)}: the number of parameters without ridge,
 *                     fewer with it
 */
public record LinearFit(List<String> featureNames, double[] weights, double intercept, boolean hasIntercept, int n,
                        double mse, double rSquared, double ridge, double[] standardErrors, double interceptStandardError,
                        double residualVariance, double effectiveParameters) {

    public LinearFit {
        featureNames = List.copyOf(featureNames);
        weights = weights.clone();
        standardErrors = standardErrors.clone();
        if (weights.length != featureNames.size()) {
            throw new IllegalArgumentException("weights: expected " + featureNames.size() + " (one per feature), got " + weights.length);
        }
        if (standardErrors.length != weights.length) {
            throw new IllegalArgumentException("standardErrors: expected " + weights.length + " (one per weight), got " + standardErrors.length);
        }
    }

    /** The t statistic {@code w_j / SE(w_j)} of each weight (how many standard errors it is away from 0). */
    public double[] tStatistics() {
        double[] t = new double[weights.length];
        for (int j = 0; j < t.length; j++) {
            t[j] = weights[j] / standardErrors[j];
        }
        return t;
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
