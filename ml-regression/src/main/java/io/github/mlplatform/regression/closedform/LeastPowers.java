package io.github.mlplatform.regression.closedform;

import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact minimiser of the seed's generalised loss {@code loss(m) = (1/n) Σ |y_i − ŷ_i|^m}
 * ({@code m ≥ 1}) over linear models {@code ŷ = w0 + Xw}: the reference that gradient training on
 * {@link io.github.mlplatform.regression.gradient.PowerLoss} is compared with.
 * <ul>
 *   <li>{@code m = 2}: least squares ({@link OrdinaryLeastSquares}, QR);</li>
 *   <li>{@code m = 1}: least absolute deviations, a linear program (commons-math3 simplex):
 *       minimise {@code Σ (u_i + v_i)} subject to {@code X̃β + u − v = y}, {@code u, v ≥ 0};</li>
 *   <li>otherwise Newton's method with backtracking from the least-squares solution: the loss is
 *       convex with gradient {@code −m Σ |r|^{m−1} sign(r) x̃} and Hessian
 *       {@code m(m−1) Σ |r|^{m−2} x̃x̃ᵀ} (for {@code m < 2} the weights {@code |r|^{m−2}} are capped
 *       near zero residuals), solved on the column-scaled design.</li>
 * </ul>
 * The larger m, the more the largest residuals dominate: m = 1 gives the median-like fit that
 * ignores a few outliers, m → ∞ the fit that minimises the largest residual.
 */
public final class LeastPowers {

    private LeastPowers() {
    }

    /** {@link #fit(double[][], double[], double, List, NewtonConfig)} with names x0, x1, … and default Newton settings. */
    public static PowerFit fit(double[][] design, double[] y, double m) {
        return fit(design, y, m, null, NewtonConfig.defaults());
    }

    /**
     * Minimises {@code Σ |y − w0 − design·w|^m}.
     *
     * @throws IllegalArgumentException for m &lt; 1, mismatched or non-finite data, fewer
     *                                  observations than parameters, or linearly dependent columns
     */
    public static PowerFit fit(double[][] design, double[] y, double m, List<String> featureNames, NewtonConfig config) {
        if (!(m >= 1) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("m: expected a finite power >= 1, got " + m);
        }
        // least squares checks shapes, finiteness, rank and gives the starting point
        LinearFit ols = OrdinaryLeastSquares.fit(design, y, true, featureNames);
        int p = ols.weights().length;
        int k = p + 1;
        double[][] xt = Design.withOnes(design);
        double[] beta = new double[k];
        beta[0] = ols.intercept();
        System.arraycopy(ols.weights(), 0, beta, 1, p);
        int iterations = 0;
        if (m == 1) {
            beta = leastAbsoluteDeviations(xt, y);
        } else if (m != 2) {
            double[] scale = new double[k];
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (double[] row : xt) {
                    s += row[j] * row[j];
                }
                scale[j] = Math.sqrt(s);
            }
            double f = objective(xt, y, beta, m);
            for (int it = 1; it <= config.maxIterations(); it++) {
                iterations = it;
                double[] r = residuals(xt, y, beta);
                double rmax = 0;
                for (double v : r) {
                    rmax = Math.max(rmax, Math.abs(v));
                }
                if (rmax == 0) {
                    break; // an exact fit: every loss is 0 there
                }
                double floor = 1e-9 * rmax;
                // in scaled coordinates γ = Dβ: g = D⁻¹∇F, H = D⁻¹∇²F D⁻¹
                double[] g = new double[k];
                double[][] h = new double[k][k];
                for (int i = 0; i < r.length; i++) {
                    double a = Math.abs(r[i]);
                    double gi = -m * Math.pow(a, m - 1) * Math.signum(r[i]);
                    double hi = m * (m - 1) * Math.pow(Math.max(a, floor), m - 2);
                    for (int u = 0; u < k; u++) {
                        double xu = xt[i][u] / scale[u];
                        g[u] += gi * xu;
                        for (int v = 0; v <= u; v++) {
                            h[u][v] += hi * xu * xt[i][v] / scale[v];
                        }
                    }
                }
                for (int u = 0; u < k; u++) {
                    for (int v = u + 1; v < k; v++) {
                        h[u][v] = h[v][u];
                    }
                    g[u] = -g[u];
                }
                double[] step;
                try {
                    step = new CholeskyDecomposition(new Array2DRowRealMatrix(h, false), 1e-14, 1e-300).getSolver()
                            .solve(new ArrayRealVector(g, false)).toArray();
                } catch (NonPositiveDefiniteMatrixException e) {
                    throw new IllegalArgumentException("design: the Hessian of loss(m=" + m + ") is singular: too many "
                            + "residuals are exactly zero to determine the weights", e);
                }
                double t = 1;
                double[] next = new double[k];
                double fNext;
                int halvings = 0;
                while (true) {
                    for (int j = 0; j < k; j++) {
                        next[j] = beta[j] + t * step[j] / scale[j];
                    }
                    fNext = objective(xt, y, next, m);
                    if (fNext <= f || halvings >= 60) {
                        break;
                    }
                    t /= 2;
                    halvings++;
                }
                double move = 0;
                double size = 0;
                for (int j = 0; j < k; j++) {
                    move = Math.max(move, Math.abs((next[j] - beta[j]) * scale[j]));
                    size = Math.max(size, Math.abs(next[j] * scale[j]));
                }
                if (fNext <= f) {
                    beta = next.clone();
                    f = fNext;
                }
                if (move <= config.tolerance() * (1 + size) || halvings >= 60) {
                    break;
                }
            }
        }
        double[] r = residuals(xt, y, beta);
        double maxAbs = 0;
        for (double v : r) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double[] w = new double[p];
        System.arraycopy(beta, 1, w, 0, p);
        return new PowerFit(m, ols.featureNames(), w, beta[0], y.length, objective(xt, y, beta, m) / y.length, maxAbs, iterations);
    }

    /** {@code Σ |r_i|^m}. */
    static double objective(double[][] xt, double[] y, double[] beta, double m) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double a = Math.abs(y[i] - Design.dot(xt[i], beta));
            s += m == 2 ? a * a : m == 1 ? a : Math.pow(a, m);
        }
        return s;
    }

    private static double[] residuals(double[][] xt, double[] y, double[] beta) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - Design.dot(xt[i], beta);
        }
        return r;
    }

    /** Variables [β⁺ (k), β⁻ (k), u (n), v (n)] ≥ 0; minimise Σu + Σv with X̃(β⁺ − β⁻) + u − v = y. */
    private static double[] leastAbsoluteDeviations(double[][] xt, double[] y) {
        int n = y.length;
        int k = xt[0].length;
        int vars = 2 * k + 2 * n;
        double[] cost = new double[vars];
        for (int i = 0; i < 2 * n; i++) {
            cost[2 * k + i] = 1;
        }
        List<LinearConstraint> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] c = new double[vars];
            for (int j = 0; j < k; j++) {
                c[j] = xt[i][j];
                c[k + j] = -xt[i][j];
            }
            c[2 * k + i] = 1;
            c[2 * k + n + i] = -1;
            cs.add(new LinearConstraint(c, Relationship.EQ, y[i]));
        }
        PointValuePair opt;
        try {
            opt = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(200_000), new LinearObjectiveFunction(cost, 0),
                    new LinearConstraintSet(cs), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        } catch (TooManyIterationsException e) {
            throw new IllegalArgumentException("design: the least-absolute-deviations linear program did not finish in 200,000 "
                    + "simplex iterations (" + n + " observations); use fewer observations", e);
        }
        double[] sol = opt.getPoint();
        double[] beta = new double[k];
        for (int j = 0; j < k; j++) {
            beta[j] = sol[j] - sol[k + j];
        }
        return beta;
    }
}
