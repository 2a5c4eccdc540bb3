package io.github.mlplatform.regression.closedform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The exact maximum-likelihood softmax (multinomial logistic) regression by Newton's method on the
 * full Hessian, for small problems. Class 0 is the reference (its parameters are fixed at 0, which
 * removes the softmax's invariance to adding one vector to every class); the free parameters are
 * {@code θ_k ∈ R^{p+1}}, {@code k = 1…K−1}, with gradient {@code Σ_i (y_ik − p_ik) x̃_i} and
 * negative Hessian {@code Σ_i p_ik(δ_kl − p_il) x̃_i x̃_iᵀ}. For K = 2 this is exactly logistic
 * regression ({@code θ_1} = the logistic β), which the tests use as a cross-check against
 * {@link LogisticIrls}.
 */
public final class SoftmaxNewton {

    private static final Logger LOG = LoggerFactory.getLogger(SoftmaxNewton.class);

    /** Largest number of free parameters {@code (K−1)(p+1)} accepted (the Hessian is dense). */
    public static final int MAX_PARAMETERS = 1000;

    private SoftmaxNewton() {
    }

    public static SoftmaxFit fit(double[][] design, int[] labels, int classes) {
        return fit(design, labels, classes, null, NewtonConfig.defaults());
    }

    /**
     * @throws NoFiniteOptimumException when the classes are (quasi-)separable
     * @throws IllegalArgumentException for bad shapes/labels or more than {@link #MAX_PARAMETERS} parameters
     */
    public static SoftmaxFit fit(double[][] design, int[] labels, int classes, List<String> featureNames, NewtonConfig config) {
        int p = Design.check(design);
        int n = design.length;
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("labels: expected " + n + " labels (one per row of the design), got "
                    + (labels == null ? "null" : labels.length));
        }
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in 0.." + (classes - 1) + ", got " + labels[i]);
            }
            counts[labels[i]]++;
        }
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new NoFiniteOptimumException("labels: class " + k + " has no observations, so its logit goes to −∞ "
                        + "and the maximum-likelihood estimate does not exist");
            }
        }
        int block = p + 1;
        int m = (classes - 1) * block;
        if (m > MAX_PARAMETERS) {
            throw new IllegalArgumentException("design: " + m + " free parameters exceed the dense-Newton limit "
                    + MAX_PARAMETERS + "; train by gradient descent (SoftmaxRegression) instead");
        }
        List<String> names = Design.names(featureNames, p);
        if (Separability.isSeparable(design, labels, classes).orElse(false)) {
            throw new NoFiniteOptimumException("data: the classes are perfectly separable by linear functions, so the softmax "
                    + "maximum-likelihood estimate does not exist (the weights grow without bound); use overlapping data or regularise");
        }
        double[][] xt = Design.withOnes(design);
        double[] theta = new double[m];
        double nll = nll(xt, labels, classes, theta);
        for (int it = 1; it <= config.maxIterations(); it++) {
            double[] grad = new double[m];
            double[][] h = new double[m][m];
            for (int i = 0; i < n; i++) {
                double[] pr = softmax(logits(xt[i], theta, classes));
                for (int k = 1; k < classes; k++) {
                    double r = (labels[i] == k ? 1 : 0) - pr[k];
                    for (int a = 0; a < block; a++) {
                        grad[(k - 1) * block + a] += r * xt[i][a];
                    }
                    for (int l = 1; l <= k; l++) {
                        double w = pr[k] * ((k == l ? 1 : 0) - pr[l]);
                        for (int a = 0; a < block; a++) {
                            for (int b = 0; b < block; b++) {
                                h[(k - 1) * block + a][(l - 1) * block + b] += w * xt[i][a] * xt[i][b];
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < m; r++) {
                for (int c = r + 1; c < m; c++) {
                    h[r][c] = h[c][r];
                }
            }
            double[] step = LogisticIrls.solve(h, grad);
            DampedNewtonStep d = DampedNewtonStep.take(theta, nll, step, v -> nll(xt, labels, classes, v));
            theta = d.next();
            nll = d.value();
            if (d.converged(config.tolerance())) {
                double[][] w = new double[p][classes];
                double[] b = new double[classes];
                for (int k = 1; k < classes; k++) {
                    b[k] = theta[(k - 1) * block];
                    for (int j = 0; j < p; j++) {
                        w[j][k] = theta[(k - 1) * block + 1 + j];
                    }
                }
                LOG.debug("softmax Newton converged in {} iterations, mean cross-entropy {}", it, nll / n);
                return new SoftmaxFit(names, w, b, n, nll / n, it);
            }
            if (d.maxAbs() > 1e8) {
                break;
            }
        }
        throw new NoFiniteOptimumException("data: Newton's method did not converge in " + config.maxIterations()
                + " iterations and the weights keep growing; the classes are probably quasi-separable, so the "
                + "maximum-likelihood estimate does not exist");
    }

    static double[] logits(double[] xt, double[] theta, int classes) {
        int block = xt.length;
        double[] z = new double[classes];
        for (int k = 1; k < classes; k++) {
            double s = 0;
            for (int a = 0; a < block; a++) {
                s += theta[(k - 1) * block + a] * xt[a];
            }
            z[k] = s;
        }
        return z;
    }

    static double nll(double[][] xt, int[] labels, int classes, double[] theta) {
        double s = 0;
        for (int i = 0; i < xt.length; i++) {
            double[] z = logits(xt[i], theta, classes);
            s += logSumExp(z) - z[labels[i]];
        }
        return s;
    }

    /** {@code log Σ exp(z_k)} with the maximum subtracted first. */
    public static double logSumExp(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    /** {@code exp(z_k) / Σ exp(z_l)}, stable. */
    public static double[] softmax(double[] z) {
        double lse = logSumExp(z);
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = Math.exp(z[k] - lse);
        }
        return out;
    }
}
