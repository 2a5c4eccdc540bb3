package io.github.mlplatform.regression;

import io.github.mlplatform.regression.closedform.LeastPowers;
import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.closedform.PowerFit;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The exact minimisers of loss(m) = mean |y − ŷ|^m: the references for gradient training on the power loss. */
class LeastPowersTest {

    @TempDir
    Path dir;

    /** The seed's noisy line with its five largest-x targets pushed 1,500 down (outliers). */
    static RegressionData lineWithOutliers() {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(42));
        double[] y = d.y().clone();
        for (int i = y.length - 5; i < y.length; i++) {
            y[i] -= 1500;
        }
        return RegressionData.of1d(d.column(0), y);
    }

    static double score(double[][] design, double[] y, PowerFit f, int j) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double r = y[i] - f.predict(design[i]);
            double xj = j == 0 ? 1 : design[i][j - 1];
            s += Math.pow(Math.abs(r), f.m() - 1) * Math.signum(r) * xj;
        }
        return s;
    }

    @Test
    void mTwoIsLeastSquares() {
        RegressionData d = lineWithOutliers();
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        PowerFit two = LeastPowers.fit(design, d.y(), 2);
        LinearFit ols = OrdinaryLeastSquares.fit(design, d.y());
        assertThat(two.weights()[0]).isCloseTo(ols.weights()[0], within(1e-12));
        assertThat(two.intercept()).isCloseTo(ols.intercept(), within(1e-9));
        assertThat(two.meanLoss()).isCloseTo(ols.mse(), within(1e-9 * ols.mse()));
    }

    /** Newton's optimum solves the score equations Σ |r|^{m−1} sign(r) x̃_j = 0 (relative to Σ |r|^{m−1} |x̃_j|). */
    @Test
    void newtonSolvesTheScoreEquations() {
        RegressionData d = lineWithOutliers();
        double[][] design = FeatureMap.polynomial(2).design(d.column(0));
        for (double m : new double[] {1.5, 3, 4, 6}) {
            PowerFit f = LeastPowers.fit(design, d.y(), m);
            for (int j = 0; j < 3; j++) {
                double scale = 0;
                for (int i = 0; i < design.length; i++) {
                    double r = d.y()[i] - f.predict(design[i]);
                    scale += Math.pow(Math.abs(r), m - 1) * Math.abs(j == 0 ? 1 : design[i][j - 1]);
                }
                assertThat(Math.abs(score(design, d.y(), f, j)) / scale).as("m = %s, parameter %d", m, j).isLessThan(1e-9);
            }
            assertThat(f.iterations()).isBetween(1, 60);
            // and nearby weights are worse
            double[] w = f.weights().clone();
            w[0] *= 1.001;
            PowerFit moved = new PowerFit(m, f.featureNames(), w, f.intercept(), f.n(), 0, 0, 0);
            double lf = 0;
            double lm = 0;
            for (int i = 0; i < design.length; i++) {
                lf += Math.pow(Math.abs(d.y()[i] - f.predict(design[i])), m);
                lm += Math.pow(Math.abs(d.y()[i] - moved.predict(design[i])), m);
            }
            assertThat(lm).isGreaterThan(lf);
            assertThat(f.meanLoss()).isCloseTo(lf / design.length, within(1e-9 * lf));
        }
    }

    /** m = 1 (a linear program): the median for an intercept-only model; no worse than any other fit's weights. */
    @Test
    void mOneIsLeastAbsoluteDeviations() {
        PowerFit median = LeastPowers.fit(FeatureMap.polynomial(0).design(new double[] {0, 0, 0, 0, 0}), new double[] {1, 2, 3, 10, 100}, 1);
        assertThat(median.intercept()).isCloseTo(3, within(1e-9));
        RegressionData d = lineWithOutliers();
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        PowerFit lad = LeastPowers.fit(design, d.y(), 1);
        Random r = new Random(1);
        for (int t = 0; t < 200; t++) {
            double[] w = {lad.weights()[0] + 0.05 * r.nextGaussian()};
            double b = lad.intercept() + 5 * r.nextGaussian();
            PowerFit other = new PowerFit(1, lad.featureNames(), w, b, lad.n(), 0, 0, 0);
            double lo = 0;
            for (int i = 0; i < design.length; i++) {
                lo += Math.abs(d.y()[i] - other.predict(design[i]));
            }
            assertThat(lo / design.length).isGreaterThanOrEqualTo(lad.meanLoss() - 1e-9);
        }
        for (double m : new double[] {2, 4}) {
            PowerFit f = LeastPowers.fit(design, d.y(), m);
            double l1 = 0;
            for (int i = 0; i < design.length; i++) {
                l1 += Math.abs(d.y()[i] - f.predict(design[i]));
            }
            assertThat(l1 / design.length).isGreaterThan(lad.meanLoss());
        }
    }

    /**
     * The seed's point, quantified: the larger m, the more the outliers pull the line. With five
     * targets 1,500 below the line at the right end, m = 1 stays near the clean slope and m = 4
     * bends furthest, while the largest residual shrinks as m grows.
     */
    @Test
    void largerPowersFollowTheOutliers() {
        RegressionData d = lineWithOutliers();
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        double clean = OrdinaryLeastSquares.fit(design, SyntheticData.noisyLine(NoisyLineConfig.defaults(42)).y()).weights()[0];
        PowerFit m1 = LeastPowers.fit(design, d.y(), 1);
        PowerFit m2 = LeastPowers.fit(design, d.y(), 2);
        PowerFit m4 = LeastPowers.fit(design, d.y(), 4);
        assertThat(Math.abs(m1.weights()[0] - clean)).isLessThan(Math.abs(m2.weights()[0] - clean));
        assertThat(Math.abs(m2.weights()[0] - clean)).isLessThan(Math.abs(m4.weights()[0] - clean));
        assertThat(m4.maxAbsResidual()).isLessThan(m2.maxAbsResidual());
        assertThat(m2.maxAbsResidual()).isLessThan(m1.maxAbsResidual());
    }

    @Test
    void badInputAndRoundTrip() throws Exception {
        assertThatThrownBy(() -> LeastPowers.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, 2, 3}, 0.5)).hasMessageContaining("m:");
        assertThatThrownBy(() -> LeastPowers.fit(new double[][] {{1, 2}, {2, 4}, {3, 6}, {4, 8}}, new double[] {1, 2, 3, 5}, 4))
                .hasMessageContaining("linearly dependent");
        assertThatThrownBy(() -> LeastPowers.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, Double.NaN, 3}, 1))
                .hasMessageContaining("y[1]");
        assertThatThrownBy(() -> LeastPowers.fit(new double[0][], new double[0], 4)).hasMessageContaining("design");
        PowerFit f = LeastPowers.fit(new double[][] {{1}, {2}, {3}, {5}}, new double[] {1, 2, 2, 7}, 4);
        f.save(dir.resolve("f.json"));
        PowerFit back = PowerFit.load(dir.resolve("f.json"));
        assertThat(back.weights()).containsExactly(f.weights());
        assertThat(back.m()).isEqualTo(4);
    }
}
