package io.github.mlplatform.regression;

import io.github.mlplatform.regression.data.ArgmaxConfig;
import io.github.mlplatform.regression.data.ClassificationData;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataAndFeaturesTest {

    @Test
    void noisyLineHasTheSeedsDefaultsAndReproduces() {
        NoisyLineConfig c = NoisyLineConfig.defaults(1);
        assertThat(c.n()).isEqualTo(100);
        assertThat(c.slope()).isEqualTo(3);
        assertThat(c.intercept()).isEqualTo(2);
        assertThat(c.stdDev()).isEqualTo(100);
        RegressionData d = SyntheticData.noisyLine(c);
        double[] x = d.column(0);
        assertThat(x[0]).isEqualTo(-100);
        assertThat(x[99]).isEqualTo(100);
        assertThat(x[1] - x[0]).isCloseTo(200.0 / 99, within(1e-12));
        assertThat(SyntheticData.noisyLine(c)).isEqualTo(d);
        assertThat(SyntheticData.noisyLine(NoisyLineConfig.defaults(2))).isNotEqualTo(d);
        // the noise is N(0, 100²): over 20,000 points its mean is within 4 standard errors (4·100/√20000 ≈ 2.8) and its sd within 3%
        RegressionData big = SyntheticData.noisyLine(c.withN(20_000));
        double[] bx = big.column(0);
        double[] by = big.y();
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < by.length; i++) {
            double e = by[i] - (3 * bx[i] + 2);
            mean += e;
            sq += e * e;
        }
        mean /= by.length;
        assertThat(mean).isCloseTo(0, within(2.9));
        assertThat(Math.sqrt(sq / by.length - mean * mean)).isCloseTo(100, within(3.0));
    }

    @Test
    void noisyBinaryDrawsTwoGaussianClassesWithProbabilityOneHalf() {
        NoisyBinaryConfig c = NoisyBinaryConfig.defaults(3);
        assertThat(List.of(c.n(), c.x0(), c.x1(), c.stdDev())).containsExactly(100, -3.0, 5.0, 2.0);
        ClassificationData small = SyntheticData.noisyBinary(c);
        assertThat(small.size()).isEqualTo(100);
        assertThat(SyntheticData.noisyBinary(c)).isEqualTo(small);
        ClassificationData d = SyntheticData.noisyBinary(c.withN(20_000));
        int[] counts = d.classCounts();
        // binomial(20000, 1/2): sd 71
        assertThat(counts[1]).isBetween(10_000 - 300, 10_000 + 300);
        double[] x = d.column(0);
        int[] y = d.labels();
        double[] sum = new double[2];
        for (int i = 0; i < x.length; i++) {
            sum[y[i]] += x[i];
        }
        assertThat(sum[0] / counts[0]).isCloseTo(-3, within(0.1));
        assertThat(sum[1] / counts[1]).isCloseTo(5, within(0.1));
    }

    /**
     * The data are NumPy's: values printed by /usr/bin/python3 (NumPy 1.24) for
     * {@code np.random.seed(0); np.random.rand(), np.random.rand()}, {@code np.random.normal(0, 100, 5)},
     * seed 42's {@code normal(0, 1, 3)}, seed 2^32 − 1, seed 0's {@code uniform(-5, 5, 3)}, and the seed's {@code NoisyBinaryData} loop
     * (its script's {@code np.random.seed(0)}) for five points.
     */
    @Test
    void theDataAreNumpysDrawsForTheSameSeed() {
        io.github.mlplatform.regression.data.NumpyRandom r = new io.github.mlplatform.regression.data.NumpyRandom(0);
        assertThat(r.rand()).isEqualTo(0.5488135039273248);
        assertThat(r.rand()).isEqualTo(0.7151893663724195);
        double[] noise = {176.4052345967664, 40.01572083672233, 97.87379841057393, 224.08931992014578, 186.75579901499674};
        RegressionData line = SyntheticData.noisyLine(NoisyLineConfig.defaults(0).withN(5));
        double[] lx = line.column(0);
        for (int i = 0; i < 5; i++) {
            assertThat(line.y()[i] - (3 * lx[i] + 2)).isCloseTo(noise[i], within(1e-12));
        }
        io.github.mlplatform.regression.data.NumpyRandom r42 = new io.github.mlplatform.regression.data.NumpyRandom(42);
        assertThat(new double[] {r42.normal(0, 1), r42.normal(0, 1), r42.normal(0, 1)})
                .containsExactly(0.4967141530112327, -0.13826430117118466, 0.6476885381006925);
        assertThat(new io.github.mlplatform.regression.data.NumpyRandom(0xFFFF_FFFFL).rand()).isEqualTo(0.0976320289940138);
        ClassificationData bin = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(0).withN(5));
        assertThat(bin.column(0)).containsExactly(6.4831834816183225, 8.105827443825632, -4.685448107658575, 8.93984889573979,
                7.532237059715557);
        assertThat(bin.labels()).containsExactly(1, 1, 0, 1, 1);
        // np.random.seed(0); np.random.uniform(-5, 5, 3)
        assertThat(java.util.Arrays.copyOf(SyntheticData.argmaxExample(ArgmaxConfig.defaults(0)).column(0), 3))
                .containsExactly(0.48813503927324753, 2.151893663724195, 1.027633760716439);
        assertThatThrownBy(() -> NoisyBinaryConfig.defaults(-1)).hasMessageContaining("seed");
        assertThatThrownBy(() -> NoisyLineConfig.defaults(1L << 32)).hasMessageContaining("seed");
    }

    @Test
    void argmaxExampleMatchesTheSeedsTable() {
        // the seed's table: f(-5) -> class 0, f(1) -> class 1, f(4) -> class 2 (its f(-5) row says z0 = 10; -(-5) = 5)
        assertThat(SyntheticData.argmaxScores(-5)).containsExactly(5, 1, -6);
        assertThat(SyntheticData.argmaxScores(1)).containsExactly(-1, 1, 0);
        assertThat(SyntheticData.argmaxScores(4)).containsExactly(-4, 1, 3);
        assertThat(SyntheticData.argmaxClass(-5)).isEqualTo(0);
        assertThat(SyntheticData.argmaxClass(1)).isEqualTo(1);
        assertThat(SyntheticData.argmaxClass(4)).isEqualTo(2);
        assertThat(SyntheticData.argmaxClass(-1.001)).isEqualTo(0);
        assertThat(SyntheticData.argmaxClass(-0.999)).isEqualTo(1);
        assertThat(SyntheticData.argmaxClass(1.999)).isEqualTo(1);
        assertThat(SyntheticData.argmaxClass(2.001)).isEqualTo(2);
        ClassificationData d = SyntheticData.argmaxExample(ArgmaxConfig.defaults(5));
        double[] x = d.column(0);
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).isBetween(-5.0, 5.0);
            int expected = x[i] < -1 ? 0 : x[i] < 2 ? 1 : 2;
            assertThat(d.labels()[i]).isEqualTo(expected);
        }
        assertThat(SyntheticData.argmaxExample(ArgmaxConfig.defaults(5))).isEqualTo(d);
    }

    @Test
    void featureMapsBuildDesignMatrices() {
        FeatureMap poly = FeatureMap.polynomial(3);
        assertThat(poly.names()).containsExactly("x", "x^2", "x^3");
        assertThat(poly.design(new double[] {2, -1})).isDeepEqualTo(new double[][] {{2, 4, 8}, {-1, 1, -1}});
        assertThat(FeatureMap.polynomial(0).size()).isZero();
        Map<String, DoubleUnaryOperator> fns = new LinkedHashMap<>();
        fns.put("sin(x)", Math::sin);
        fns.put("tanh(x^2)", v -> Math.tanh(v * v));
        FeatureMap f = FeatureMap.functions(fns);
        assertThat(f.apply(new double[] {0.5})).containsExactly(Math.sin(0.5), Math.tanh(0.25));
        FeatureMap pairs = FeatureMap.pairwiseProducts(3);
        assertThat(pairs.names()).containsExactly("x0*x0", "x0*x1", "x0*x2", "x1*x1", "x1*x2", "x2*x2");
        assertThat(pairs.apply(new double[] {1, 2, 3})).containsExactly(1, 2, 3, 4, 6, 9);
        FeatureMap both = FeatureMap.identity(3).concat(pairs);
        assertThat(both.size()).isEqualTo(9);
        assertThat(both.apply(new double[] {1, 2, 3})[2]).isEqualTo(3);
    }

    /**
     * The seed's example of features "with mixed kernel data points",
     * ŷ = w0 (x0 + x3) + w1 arcsin(x0) + w2 tanh(x1²) + w3 x0⁵, composed from named pieces and
     * checked against values computed by hand; least squares on noise-free data from that model
     * recovers its weights.
     */
    @Test
    void composedFeaturesOfTheSeedsExample() {
        FeatureMap x = FeatureMap.identity(4);
        FeatureMap seed = FeatureMap.function(4, "x0+x3", v -> v[0] + v[3])
                .concat(x.select("x0").map("arcsin", Math::asin))
                .concat(x.select("x1").pow(2).map("tanh", Math::tanh))
                .concat(x.select("x0").pow(5));
        assertThat(seed.names()).containsExactly("x0+x3", "arcsin(x0)", "tanh(x1^2)", "x0^5");
        // x = (0.5, −0.3, 2, 1.5): 0.5 + 1.5 = 2; arcsin(0.5) = π/6; tanh(0.09) = 0.08975778474716 (Python math.tanh); 0.5⁵ = 1/32
        double[] f = seed.apply(new double[] {0.5, -0.3, 2, 1.5});
        assertThat(f[0]).isEqualTo(2.0);
        assertThat(f[1]).isCloseTo(Math.PI / 6, within(1e-15));
        assertThat(f[2]).isCloseTo(0.0897577847471601, within(1e-15));
        assertThat(f[3]).isEqualTo(0.03125);
        // x = (−1, 2, 0, 0): −1; arcsin(−1) = −π/2; tanh(4) = 0.9993292997…; (−1)⁵ = −1
        assertThat(seed.apply(new double[] {-1, 2, 0, 0})).containsExactly(-1, -Math.PI / 2, Math.tanh(4), -1);
        assertThat(Math.tanh(4)).isCloseTo(0.999329299739067, within(1e-15));
        // an observation outside arcsin's domain is named by feature and row
        assertThatThrownBy(() -> seed.design(new double[][] {{0, 0, 0, 0}, {2, 0, 0, 0}}))
                .hasMessageContaining("'arcsin(x0)'").hasMessageContaining("observation 1");

        java.util.Random r = new java.util.Random(8);
        double[][] obs = new double[50][4];
        double[] y = new double[50];
        double[] w = {0.7, -1.3, 2.1, 0.4};
        for (int i = 0; i < obs.length; i++) {
            for (int j = 0; j < 4; j++) {
                obs[i][j] = 2 * r.nextDouble() - 1;
            }
            double[] fi = seed.apply(obs[i]);
            y[i] = 0.25;
            for (int j = 0; j < 4; j++) {
                y[i] += w[j] * fi[j];
            }
        }
        var fit = io.github.mlplatform.regression.closedform.OrdinaryLeastSquares.fit(seed.design(obs), y, true, seed.names());
        assertThat(fit.intercept()).isCloseTo(0.25, within(1e-10));
        for (int j = 0; j < 4; j++) {
            assertThat(fit.weights()[j]).isCloseTo(w[j], within(1e-10));
        }
        assertThat(fit.featureNames()).containsExactly("x0+x3", "arcsin(x0)", "tanh(x1^2)", "x0^5");
    }

    @Test
    void pairwiseProductsWithoutRepeatsAndComposition() {
        FeatureMap inter = FeatureMap.pairwiseProducts(3, false);
        assertThat(inter.names()).containsExactly("x0*x1", "x0*x2", "x1*x2");
        assertThat(inter.apply(new double[] {2, 3, 5})).containsExactly(6, 10, 15);
        // p(p+1)/2 with squares, p(p−1)/2 without
        assertThat(FeatureMap.pairwiseProducts(5).size()).isEqualTo(15);
        assertThat(FeatureMap.pairwiseProducts(5, false).size()).isEqualTo(10);
        // powers of compound names are parenthesised, of atoms and calls not
        assertThat(inter.select("x1*x2").pow(2).names()).containsExactly("(x1*x2)^2");
        assertThat(inter.select("x1*x2").pow(2).apply(new double[] {2, 3, 5})).containsExactly(225);
        assertThat(FeatureMap.identity(2).map("exp", Math::exp).pow(3).names()).containsExactly("exp(x0)^3", "exp(x1)^3");
        assertThat(FeatureMap.identity(2).map("exp", Math::exp).pow(3).apply(new double[] {1, 0}))
                .containsExactly(Math.pow(Math.E, 3), 1.0);
        assertThat(FeatureMap.function(2, "f(a)+g(b)", v -> 1).pow(2).names()).containsExactly("(f(a)+g(b))^2");
        assertThat(FeatureMap.polynomial(2).map("log1p", Math::log1p).apply(new double[] {3})).containsExactly(Math.log1p(3), Math.log1p(9));
        assertThatThrownBy(() -> FeatureMap.identity(2).select("x2")).hasMessageContaining("'x2'").hasMessageContaining("[x0, x1]");
        assertThatThrownBy(() -> FeatureMap.identity(2).pow(0)).hasMessageContaining("k:");
        assertThatThrownBy(() -> FeatureMap.pairwiseProducts(1, false)).hasMessageContaining("inputs");
        assertThatThrownBy(() -> FeatureMap.identity(2).concat(FeatureMap.identity(2))).hasMessageContaining("distinct");
    }

    @Test
    void badInputsNameTheArgument() {
        assertThatThrownBy(() -> FeatureMap.polynomial(-1)).hasMessageContaining("degree");
        assertThatThrownBy(() -> FeatureMap.identity(2).apply(new double[] {1})).hasMessageContaining("observation").hasMessageContaining("2");
        assertThatThrownBy(() -> FeatureMap.identity(2).concat(FeatureMap.polynomial(2))).hasMessageContaining("other");
        assertThatThrownBy(() -> FeatureMap.functions(Map.of("log", Math::log)).design(new double[] {-1})).hasMessageContaining("'log'");
        assertThatThrownBy(() -> new NoisyLineConfig(1, 3, 2, 100, -100, 100, 0)).hasMessageContaining("n:");
        assertThatThrownBy(() -> new NoisyLineConfig(10, 3, 2, -1, -100, 100, 0)).hasMessageContaining("stdDev");
        assertThatThrownBy(() -> new NoisyBinaryConfig(1, -3, 5, 2, 0)).hasMessageContaining("n:");
        assertThatThrownBy(() -> new ArgmaxConfig(10, 5, -5, 0)).hasMessageContaining("low/high");
        assertThatThrownBy(() -> RegressionData.of1d(new double[] {1, 2}, new double[] {1})).hasMessageContaining("y:");
        assertThatThrownBy(() -> RegressionData.of1d(new double[0], new double[0])).hasMessageContaining("x:");
        assertThatThrownBy(() -> ClassificationData.of1d(new double[] {1, 2}, new int[] {0, 3}, 2)).hasMessageContaining("labels[1]");
        assertThatThrownBy(() -> new RegressionData(new double[][] {{1, 2}, {3}}, new double[] {1, 2})).hasMessageContaining("x:");
    }
}
