package io.github.mlplatform.regression.closedform;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The exact maximum-likelihood logistic regression by Newton–Raphson, a.k.a. iteratively
 * reweighted least squares: with {@code X̃ = [1 | X]}, {@code p = σ(X̃β)}, {@code W = diag(p(1−p))},
 * {@code β ← β + (X̃ᵀWX̃)⁻¹ X̃ᵀ(y − p)}, halving the step while the log-likelihood would drop.
 * The loss it minimises, mean BCE {@code (1/n) Σ softplus(z_i) − y_i z_i}, is computed in the
 * stable form (never {@code log σ}, which the seed found to give NaN).
 *
 * <p>The optimum does not exist when the classes are separable by a hyperplane; this is checked
 * first by linear programming ({@link Separability}) and reported as a {@link NoFiniteOptimumException}.
 */
public final class LogisticIrls {

    private static final Logger LOG = LoggerFactory.getLogger(LogisticIrls.class);

    private LogisticIrls() {
    }

    public static LogisticFit fit(double[][] design, int[] labels) {
        return fit(design, labels, null, NewtonConfig.defaults());
    }

    /**
     * @param design       {@code n × p} features
     * @param labels       0 or 1 per row
     * @param featureNames names of the p columns, or null
     * @throws NoFiniteOptimumException when the maximum-likelihood estimate does not exist
     */
    public static LogisticFit fit(double[][] design, int[] labels, List<String> featureNames, NewtonConfig config) {
        int p = Design.check(design);
        int n = design.length;
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("labels: expected " + n + " labels (one per row of the design), got "
                    + (labels == null ? "null" : labels.length));
        }
        int ones = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "]: expected 0 or 1, got " + labels[i]);
            }
            ones += labels[i];
        }
        if (ones == 0 || ones == n) {
            throw new NoFiniteOptimumException("labels: only class " + (ones == 0 ? 0 : 1)
                    + " occurs, so the logistic maximum-likelihood estimate does not exist (the intercept goes to infinity)");
        }
        List<String> names = Design.names(featureNames, p);
        double[][] xt = Design.withOnes(design);
        if (Separability.isSeparable(design, labels, 2).orElse(false)) {
            throw new NoFiniteOptimumException("data: the two classes are perfectly separable by a hyperplane, so the logistic "
                    + "maximum-likelihood estimate does not exist (the weights grow without bound); use overlapping data or regularise");
        }
        int m = p + 1;
        double[] beta = new double[m];
        double nll = nll(xt, labels, beta);
        for (int it = 1; it <= config.maxIterations(); it++) {
            double[] grad = new double[m];
            double[][] h = new double[m][m];
            for (int i = 0; i < n; i++) {
                double pi = Design.sigmoid(Design.dot(xt[i], beta));
                double r = labels[i] - pi;
                double w = pi * (1 - pi);
                for (int a = 0; a < m; a++) {
                    grad[a] += r * xt[i][a];
                    for (int b = 0; b <= a; b++) {
                        h[a][b] += w * xt[i][a] * xt[i][b];
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    h[a][b] = h[b][a];
                }
            }
            double[] step = solve(h, grad);
            DampedNewtonStep d = DampedNewtonStep.take(beta, nll, step, v -> nll(xt, labels, v));
            beta = d.next();
            nll = d.value();
            if (d.converged(config.tolerance())) {
                double[] w = new double[p];
                System.arraycopy(beta, 1, w, 0, p);
                LOG.debug("IRLS converged in {} iterations, mean BCE {}", it, nll / n);
                return new LogisticFit(names, w, beta[0], n, nll / n, it);
            }
            if (d.maxAbs() > 1e8) {
                break;
            }
        }
        throw new NoFiniteOptimumException("data: Newton–Raphson did not converge in " + config.maxIterations()
                + " iterations and the weights keep growing; the classes are probably quasi-separable (some points on the "
                + "separating hyperplane), so the maximum-likelihood estimate does not exist");
    }

    /** Mean-free negative log-likelihood {@code Σ softplus(z) − y z}. */
    static double nll(double[][] xt, int[] labels, double[] beta) {
        double s = 0;
        for (int i = 0; i < xt.length; i++) {
            double z = Design.dot(xt[i], beta);
            s += Design.softplus(z) - labels[i] * z;
        }
        return s;
    }

    static double[] solve(double[][] h, double[] g) {
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(h, false), 1e-14, 1e-300).getSolver()
                    .solve(new ArrayRealVector(g, false)).toArray();
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("design: the Hessian X̃ᵀWX̃ is singular: the columns are linearly dependent or the "
                    + "fitted probabilities are all 0 or 1 (separable data)", e);
        }
    }
}
