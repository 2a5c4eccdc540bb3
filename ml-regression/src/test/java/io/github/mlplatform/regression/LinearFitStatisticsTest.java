package io.github.mlplatform.regression;

import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The closed-form linear fit's statistics (R², standard errors) and its ridge option. */
class LinearFitStatisticsTest {

    @TempDir
    Path dir;

    /** Three correlated features with noise; commons-math3's OLS as the independent reference. */
    static double[][] design(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            x[i][0] = 10 * a;
            x[i][1] = 0.5 * a + r.nextGaussian();
            x[i][2] = r.nextDouble() * 4 - 2;
        }
        return x;
    }

    static double[] targets(double[][] x, long seed) {
        Random r = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 4 + 0.3 * x[i][0] - 2 * x[i][1] + x[i][2] + 1.5 * r.nextGaussian();
        }
        return y;
    }

    @Test
    void standardErrorsAndRSquaredMatchCommonsMath() {
        double[][] x = design(40, 1);
        double[] y = targets(x, 2);
        LinearFit fit = OrdinaryLeastSquares.fit(x, y);
        OLSMultipleLinearRegression ref = new OLSMultipleLinearRegression();
        ref.newSampleData(y, x);
        double[] b = ref.estimateRegressionParameters();
        double[] se = ref.estimateRegressionParametersStandardErrors();
        assertThat(fit.ridge()).isZero();
        assertThat(fit.interceptStandardError()).isCloseTo(se[0], within(1e-10 * se[0]));
        for (int j = 0; j < 3; j++) {
            assertThat(fit.weights()[j]).isCloseTo(b[j + 1], within(1e-9 * Math.abs(b[j + 1])));
            assertThat(fit.standardErrors()[j]).isCloseTo(se[j + 1], within(1e-10 * se[j + 1]));
        }
        assertThat(fit.rSquared()).isCloseTo(ref.calculateRSquared(), within(1e-12));
        assertThat(fit.residualVariance()).isCloseTo(ref.estimateErrorVariance(), within(1e-10 * ref.estimateErrorVariance()));
        assertThat(fit.effectiveParameters()).isEqualTo(4.0);
        // the true weights lie within a few standard errors (a sanity check on the scale of the errors)
        double[] truth = {0.3, -2, 1};
        for (int j = 0; j < 3; j++) {
            assertThat(Math.abs(fit.weights()[j] - truth[j]) / fit.standardErrors()[j]).isLessThan(4);
        }
    }

    /** The seed's line: SE(slope) = σ̂ / sqrt(Σ(x − x̄)²) and SE(intercept) = σ̂·sqrt(1/n + x̄²/Σ(x − x̄)²), by hand. */
    @Test
    void simpleRegressionStandardErrorsByHand() {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(5));
        double[] x = d.column(0);
        LinearFit fit = OrdinaryLeastSquares.fit(FeatureMap.polynomial(1).design(x), d.y());
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double sxx = 0;
        for (double v : x) {
            sxx += (v - mean) * (v - mean);
        }
        double s2 = fit.mse() * n / (n - 2);
        assertThat(fit.standardErrors()[0]).isCloseTo(Math.sqrt(s2 / sxx), within(1e-12));
        assertThat(fit.interceptStandardError()).isCloseTo(Math.sqrt(s2 * (1.0 / n + mean * mean / sxx)), within(1e-9));
        // a saturated fit (as many parameters as points) has no residual degrees of freedom: the errors are unknown
        LinearFit two = OrdinaryLeastSquares.fit(new double[][] {{0}, {1}}, new double[] {1, 3});
        assertThat(two.weights()[0]).isCloseTo(2, within(1e-12));
        assertThat(two.standardErrors()[0]).isNaN();
        assertThat(two.residualVariance()).isNaN();
    }

    /**
     * Ridge minimises ‖y − w0 − Xw‖² + λ‖w‖² (the intercept is not penalised): its weights solve
     * (X̃ᵀX̃ + Λ)β = X̃ᵀy with Λ = diag(0, λ, …, λ), and its covariance is the sandwich
     * σ̂²·A⁻¹X̃ᵀX̃A⁻¹ with σ̂² = SS_res/(n − df), df = tr(A⁻¹X̃ᵀX̃): both computed here by LU on
     * the normal equations, independently of the QR path.
     */
    @Test
    void ridgeSolvesThePenalisedNormalEquations() {
        double[][] x = design(30, 3);
        double[] y = targets(x, 4);
        double lambda = 25;
        LinearFit fit = OrdinaryLeastSquares.fit(x, y, true, null, lambda);
        int n = x.length;
        int k = 4;
        double[][] xt = new double[n][k];
        for (int i = 0; i < n; i++) {
            xt[i][0] = 1;
            System.arraycopy(x[i], 0, xt[i], 1, 3);
        }
        RealMatrix xm = new Array2DRowRealMatrix(xt);
        RealMatrix gram = xm.transpose().multiply(xm);
        RealMatrix a = gram.copy();
        for (int j = 1; j < k; j++) {
            a.addToEntry(j, j, lambda);
        }
        RealMatrix ainv = new LUDecomposition(a).getSolver().getInverse();
        double[] beta = ainv.operate(xm.transpose().operate(new ArrayRealVector(y))).toArray();
        assertThat(fit.ridge()).isEqualTo(lambda);
        assertThat(fit.intercept()).isCloseTo(beta[0], within(1e-9));
        for (int j = 0; j < 3; j++) {
            assertThat(fit.weights()[j]).isCloseTo(beta[j + 1], within(1e-9));
        }
        double df = ainv.multiply(gram).getTrace();
        assertThat(fit.effectiveParameters()).isCloseTo(df, within(1e-9)).isLessThan(4).isGreaterThan(1);
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - new ArrayRealVector(xt[i]).dotProduct(new ArrayRealVector(beta));
            ssRes += r * r;
        }
        RealMatrix cov = ainv.multiply(gram).multiply(ainv).scalarMultiply(ssRes / (n - df));
        assertThat(fit.interceptStandardError()).isCloseTo(Math.sqrt(cov.getEntry(0, 0)), within(1e-9));
        for (int j = 0; j < 3; j++) {
            assertThat(fit.standardErrors()[j]).isCloseTo(Math.sqrt(cov.getEntry(j + 1, j + 1)), within(1e-9));
        }
        // shrinkage: a larger λ gives a smaller weight vector; λ → 0 is least squares
        LinearFit ols = OrdinaryLeastSquares.fit(x, y);
        LinearFit more = OrdinaryLeastSquares.fit(x, y, true, null, 10 * lambda);
        assertThat(norm(more.weights())).isLessThan(norm(fit.weights())).isLessThan(norm(ols.weights()));
        LinearFit tiny = OrdinaryLeastSquares.fit(x, y, true, null, 1e-12);
        for (int j = 0; j < 3; j++) {
            assertThat(tiny.weights()[j]).isCloseTo(ols.weights()[j], within(1e-9));
        }
        assertThat(fit.rSquared()).isLessThan(ols.rSquared()).isGreaterThan(0);
    }

    /** Ridge makes a rank-deficient design solvable (the penalty picks the smallest weights) and allows p &gt; n. */
    @Test
    void ridgeHandlesDependentColumnsAndMoreFeaturesThanObservations() {
        double[][] dup = {{1, 2}, {2, 4}, {3, 6}, {4, 8}};
        double[] y = {1, 2, 2, 4};
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(dup, y)).hasMessageContaining("linearly dependent")
                .hasMessageContaining("ridge");
        LinearFit r = OrdinaryLeastSquares.fit(dup, y, true, null, 1.0);
        // the penalty splits the weight along the dependent direction (1, 2): w1 = 2·w0
        assertThat(r.weights()[1]).isCloseTo(2 * r.weights()[0], within(1e-10));
        double[][] wide = {{1, 0, 2, 1}, {0, 1, 1, 3}, {2, 2, 0, 1}};
        LinearFit w = OrdinaryLeastSquares.fit(wide, new double[] {1, 2, 3}, true, null, 0.5);
        assertThat(w.weights()).hasSize(4);
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(wide, new double[] {1, 2, 3}, true, null, -1))
                .hasMessageContaining("ridge");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(wide, new double[] {1, 2, 3}, true, null, Double.NaN))
                .hasMessageContaining("ridge");
    }

    @Test
    void statisticsRoundTripThroughJson() throws Exception {
        double[][] x = design(20, 6);
        LinearFit fit = OrdinaryLeastSquares.fit(x, targets(x, 7), true, null, 2.0);
        fit.save(dir.resolve("fit.json"));
        LinearFit back = LinearFit.load(dir.resolve("fit.json"));
        assertThat(back.standardErrors()).containsExactly(fit.standardErrors());
        assertThat(back.ridge()).isEqualTo(2.0);
        assertThat(back.effectiveParameters()).isEqualTo(fit.effectiveParameters());
        LinearFit sat = OrdinaryLeastSquares.fit(new double[][] {{0}, {1}}, new double[] {1, 3});
        sat.save(dir.resolve("sat.json"));
        assertThat(LinearFit.load(dir.resolve("sat.json")).standardErrors()[0]).isNaN();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
