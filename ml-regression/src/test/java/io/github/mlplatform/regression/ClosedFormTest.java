package io.github.mlplatform.regression;

import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.LogisticFit;
import io.github.mlplatform.regression.closedform.LogisticIrls;
import io.github.mlplatform.regression.closedform.NoFiniteOptimumException;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.closedform.SoftmaxFit;
import io.github.mlplatform.regression.closedform.SoftmaxNewton;
import io.github.mlplatform.regression.data.ArgmaxConfig;
import io.github.mlplatform.regression.data.ClassificationData;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClosedFormTest {

    @TempDir
    Path dir;

    @Test
    void olsOnTheSeedsLineMatchesSimpleRegressionSums() {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(11));
        double[] x = d.column(0);
        double[] y = d.y();
        LinearFit fit = OrdinaryLeastSquares.fit(FeatureMap.polynomial(1).design(x), y);
        SimpleRegression ref = new SimpleRegression(); // slope = Sxy/Sxx from running sums: no QR involved
        for (int i = 0; i < x.length; i++) {
            ref.addData(x[i], y[i]);
        }
        assertThat(fit.weights()[0]).isCloseTo(ref.getSlope(), within(1e-10 * Math.abs(ref.getSlope())));
        assertThat(fit.intercept()).isCloseTo(ref.getIntercept(), within(1e-9 * (1 + Math.abs(ref.getIntercept()))));
        assertThat(fit.rSquared()).isCloseTo(ref.getRSquare(), within(1e-10));
        assertThat(fit.mse()).isCloseTo(ref.getSumSquaredErrors() / x.length, within(1e-8 * ref.getSumSquaredErrors()));
    }

    @Test
    void olsRecoversANoiseFreeCubicAndMatchesCommonsMath() {
        double[] x = SyntheticData.linspace(-100, 100, 40);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1 - 2 * x[i] + 0.5 * x[i] * x[i] + 0.01 * x[i] * x[i] * x[i];
        }
        LinearFit exact = OrdinaryLeastSquares.fit(FeatureMap.polynomial(3).design(x), y);
        assertThat(exact.intercept()).isCloseTo(1, within(1e-7));
        assertThat(exact.weights()[0]).isCloseTo(-2, within(1e-9));
        assertThat(exact.weights()[1]).isCloseTo(0.5, within(1e-11));
        assertThat(exact.weights()[2]).isCloseTo(0.01, within(1e-13));
        // with noise: commons-math3's own OLS (Householder QR of the unscaled design)
        Random rng = new Random(4);
        for (int i = 0; i < y.length; i++) {
            y[i] += 50 * rng.nextGaussian();
        }
        double[][] design = FeatureMap.polynomial(3).design(x);
        LinearFit fit = OrdinaryLeastSquares.fit(design, y);
        OLSMultipleLinearRegression ref = new OLSMultipleLinearRegression();
        ref.newSampleData(y, design);
        double[] b = ref.estimateRegressionParameters();
        assertThat(fit.intercept()).isCloseTo(b[0], within(1e-7 * (1 + Math.abs(b[0]))));
        for (int j = 0; j < 3; j++) {
            assertThat(fit.weights()[j]).isCloseTo(b[j + 1], within(1e-7 * Math.abs(b[j + 1])));
        }
    }

    @Test
    void olsRejectsBadInput() {
        double[][] dup = {{1, 1}, {2, 2}, {3, 3}, {4, 4}};
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(dup, new double[] {1, 2, 3, 4})).hasMessageContaining("design")
                .hasMessageContaining("linearly dependent");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(new double[][] {{1}, {2}}, new double[] {1})).hasMessageContaining("y:");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(new double[][] {{1, 2}, {2, 5}}, new double[] {1, 2}))
                .hasMessageContaining("y:").hasMessageContaining("at least 3");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(new double[0][], new double[0])).hasMessageContaining("design");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(new double[][] {{1}, {Double.NaN}}, new double[] {1, 2}))
                .hasMessageContaining("design[1][0]");
        assertThatThrownBy(() -> OrdinaryLeastSquares.fit(new double[][] {{1}, {2}}, new double[] {1, 2}, true, List.of("a", "b")))
                .hasMessageContaining("featureNames");
    }

    @Test
    void interceptOnlyFitIsTheMean() {
        LinearFit f = OrdinaryLeastSquares.fit(FeatureMap.polynomial(0).design(new double[] {1, 2, 3}), new double[] {1, 5, 9});
        assertThat(f.intercept()).isCloseTo(5, within(1e-12));
        assertThat(f.weights()).isEmpty();
    }

    /** IRLS solves the score equations Σ (y − σ(β·x̃)) x̃ = 0; with a convex loss that is the global optimum. */
    @Test
    void irlsSolvesTheScoreEquations() {
        // seed 3: the classes overlap (with the seed's means 4σ apart, 30 of the draws with seeds 0-99 are separable)
        ClassificationData d = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(3));
        double[] x = d.column(0);
        int[] y = d.labels();
        LogisticFit fit = LogisticIrls.fit(FeatureMap.polynomial(1).design(x), y);
        double g0 = 0;
        double g1 = 0;
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double z = fit.intercept() + fit.weights()[0] * x[i];
            double p = 1 / (1 + Math.exp(-z));
            g0 += y[i] - p;
            g1 += (y[i] - p) * x[i];
            loss += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
        }
        assertThat(Math.abs(g0) + Math.abs(g1)).isLessThan(1e-9);
        assertThat(fit.meanLoss()).isCloseTo(loss / x.length, within(1e-12));
        assertThat(fit.weights()[0]).isPositive();
        // the boundary lies between the class means -3 and 5
        assertThat(fit.decisionBoundary()).isBetween(-3.0, 5.0);
        assertThat(fit.iterations()).isLessThan(30);
    }

    @Test
    void separableDataHaveNoLogisticOptimum() {
        double[][] x = {{-3}, {-2}, {-1}, {1}, {2}, {3}};
        int[] y = {0, 0, 0, 1, 1, 1};
        assertThatThrownBy(() -> LogisticIrls.fit(x, y)).isInstanceOf(NoFiniteOptimumException.class)
                .hasMessageContaining("data:").hasMessageContaining("separable");
        assertThatThrownBy(() -> LogisticIrls.fit(x, new int[] {1, 1, 1, 1, 1, 1})).hasMessageContaining("labels")
                .hasMessageContaining("only class 1");
        assertThatThrownBy(() -> LogisticIrls.fit(x, new int[] {0, 2, 0, 1, 1, 1})).hasMessageContaining("labels[1]");
        assertThatThrownBy(() -> LogisticIrls.fit(x, new int[] {0, 1})).hasMessageContaining("labels").hasMessageContaining("6");
        // one overlapping pair makes the optimum finite again
        LogisticFit f = LogisticIrls.fit(x, new int[] {0, 0, 1, 0, 1, 1});
        assertThat(f.weights()[0]).isPositive();
    }

    /** K = 2 softmax with class 0 pinned to zero is logistic regression on the logit difference. */
    @Test
    void twoClassSoftmaxEqualsLogistic() {
        ClassificationData d = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(1));
        double[][] design = FeatureMap.polynomial(2).design(d.column(0));
        LogisticFit lr = LogisticIrls.fit(design, d.labels());
        SoftmaxFit sm = SoftmaxNewton.fit(design, d.labels(), 2);
        assertThat(sm.intercepts()[1] - sm.intercepts()[0]).isCloseTo(lr.intercept(), within(1e-8));
        for (int j = 0; j < 2; j++) {
            assertThat(sm.weights()[j][1] - sm.weights()[j][0]).isCloseTo(lr.weights()[j], within(1e-8 * (1 + Math.abs(lr.weights()[j]))));
        }
        assertThat(sm.meanLoss()).isCloseTo(lr.meanLoss(), within(1e-12));
    }

    @Test
    void threeClassSoftmaxSolvesItsScoreEquations() {
        Random rng = new Random(8);
        int n = 300;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i][0] = 3 * y[i] + 1.5 * rng.nextGaussian();
        }
        SoftmaxFit fit = SoftmaxNewton.fit(x, y, 3);
        double[][] g = new double[3][2];
        for (int i = 0; i < n; i++) {
            double[] p = fit.probabilities(x[i]);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
            for (int k = 0; k < 3; k++) {
                double r = (y[i] == k ? 1 : 0) - p[k];
                g[k][0] += r;
                g[k][1] += r * x[i][0];
            }
        }
        for (double[] row : g) {
            assertThat(Math.abs(row[0]) + Math.abs(row[1])).isLessThan(1e-9);
        }
        assertThat(fit.predictClass(new double[] {-3})).isEqualTo(0);
        assertThat(fit.predictClass(new double[] {3})).isEqualTo(1);
        assertThat(fit.predictClass(new double[] {9})).isEqualTo(2);
    }

    @Test
    void theArgmaxExampleIsSeparableSoNewtonRefuses() {
        ClassificationData d = SyntheticData.argmaxExample(ArgmaxConfig.defaults(0));
        assertThatThrownBy(() -> SoftmaxNewton.fit(d.x(), d.labels(), 3)).isInstanceOf(NoFiniteOptimumException.class)
                .hasMessageContaining("separable");
    }

    @Test
    void fitsRoundTripThroughJson() throws Exception {
        ClassificationData d = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(2));
        LinearFit lin = OrdinaryLeastSquares.fit(FeatureMap.polynomial(2).design(d.column(0)), d.column(0));
        lin.save(dir.resolve("lin.json"));
        LinearFit lin2 = LinearFit.load(dir.resolve("lin.json"));
        assertThat(lin2.weights()).containsExactly(lin.weights());
        assertThat(lin2.intercept()).isEqualTo(lin.intercept());
        assertThat(lin2.featureNames()).isEqualTo(lin.featureNames());
        assertThat(lin2.rSquared()).isEqualTo(lin.rSquared());

        LogisticFit lr = LogisticIrls.fit(d.x(), d.labels());
        lr.save(dir.resolve("lr.json"));
        LogisticFit lr2 = LogisticFit.load(dir.resolve("lr.json"));
        assertThat(lr2.weights()).containsExactly(lr.weights());
        assertThat(lr2.intercept()).isEqualTo(lr.intercept());
        assertThat(lr2.probability(new double[] {0.3})).isEqualTo(lr.probability(new double[] {0.3}));

        SoftmaxFit sm = SoftmaxNewton.fit(d.x(), d.labels(), 2);
        sm.save(dir.resolve("sm.json"));
        SoftmaxFit sm2 = SoftmaxFit.load(dir.resolve("sm.json"));
        assertThat(sm2.weights()).isDeepEqualTo(sm.weights());
        assertThat(sm2.intercepts()).containsExactly(sm.intercepts());
        assertThatThrownBy(() -> LinearFit.load(dir.resolve("sm.json"))).hasMessageContaining("sm.json");
    }
}
