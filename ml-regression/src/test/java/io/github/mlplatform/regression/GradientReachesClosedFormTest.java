package io.github.mlplatform.regression;

import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.gradient.GradientConfig;
import io.github.mlplatform.regression.gradient.LinearRegression;
import io.github.mlplatform.regression.gradient.LinearRegression.Mode;
import io.github.mlplatform.regression.gradient.ParameterSnapshot;
import io.github.mlplatform.regression.gradient.TrainedRegression;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each of the three gradient fits (full-batch GD, mini-batch SGD, Module + Trainer SGD) reaches the
 * closed-form least-squares solution to a relative 1e-4 (‖β − β*‖ / ‖β*‖ over intercept and
 * weights) on well-conditioned data: three independent standard-normal features, 200 rows, noise
 * σ = 0.5. Every step is replayed by the GraphExecutor (the fast path).
 */
class GradientReachesClosedFormTest {

    static final int N = 200;
    static final double[] TRUE_W = {2, -1, 0.5};
    static final double TRUE_B = 1.5;

    static double[][] x() {
        Random r = new Random(21);
        double[][] x = new double[N][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    static double[] y(double[][] x) {
        Random r = new Random(22);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = TRUE_B + 0.5 * r.nextGaussian();
            for (int j = 0; j < 3; j++) {
                y[i] += TRUE_W[j] * x[i][j];
            }
        }
        return y;
    }

    static double relativeError(ParameterSnapshot s, LinearFit ols) {
        double num = Math.pow(s.intercept() - ols.intercept(), 2);
        double den = ols.intercept() * ols.intercept();
        for (int j = 0; j < 3; j++) {
            num += Math.pow(s.weight()[j][0] - ols.weights()[j], 2);
            den += ols.weights()[j] * ols.weights()[j];
        }
        return Math.sqrt(num / den);
    }

    /** Full batch at η = 1/λmax(H), H = 2X̃ᵀX̃/N: the error contracts by at least 1 − λmin/λmax per step. */
    @Test
    void fullBatchGradientDescent() {
        double[][] x = x();
        double[] y = y(x);
        LinearFit ols = OrdinaryLeastSquares.fit(x, y);
        double[][] h = new double[4][4];
        for (double[] row : x) {
            double[] xt = {1, row[0], row[1], row[2]};
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    h[a][b] += 2 * xt[a] * xt[b] / N;
                }
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        double lmax = java.util.Arrays.stream(ev).max().orElseThrow();
        double lmin = java.util.Arrays.stream(ev).min().orElseThrow();
        assertThat(lmax / lmin).as("condition number").isLessThan(3);
        TrainedRegression gd = LinearRegression.train(x, y, Mode.FULL_BATCH_GD, new GradientConfig(100, 1 / lmax, N, false, 0, 0, 0));
        assertThat(relativeError(gd.last(), ols)).isLessThan(1e-4);
        assertThat(gd.last().loss()).isCloseTo(ols.mse(), within(1e-8 * ols.mse()));
        assertThat(gd.executionPath()).startsWith("REPLAYED");
    }

    /**
     * Mini-batches of 20, reshuffled every epoch, lr 0.05 decaying by 0.97 per epoch (300 epochs):
     * with a constant rate SGD circles the optimum at a distance proportional to the rate (the
     * control below stays far above 1e-4); the decay lets it settle.
     */
    @Test
    void miniBatchSgdWithADecayingRate() {
        double[][] x = x();
        double[] y = y(x);
        LinearFit ols = OrdinaryLeastSquares.fit(x, y);
        GradientConfig cfg = new GradientConfig(300, 0.05, 20, true, 7, 0, 0, 0.97);
        TrainedRegression sgd = LinearRegression.train(x, y, Mode.MINI_BATCH_GD, cfg);
        assertThat(relativeError(sgd.last(), ols)).isLessThan(1e-4);
        assertThat(sgd.batchLosses()).hasSize(300 * 10);
        assertThat(sgd.epochSeconds()).hasSize(300);
        assertThat(java.util.Arrays.stream(sgd.epochSeconds()).min().orElseThrow()).isPositive();
        assertThat(sgd.secondsPerEpoch()).isPositive();
        assertThat(sgd.executionPath()).startsWith("REPLAYED");
        TrainedRegression constant = LinearRegression.train(x, y, Mode.MINI_BATCH_GD, cfg.withLrDecay(1).withEpochs(100));
        assertThat(relativeError(constant.last(), ols)).isGreaterThan(1e-3);
    }

    /** The same recipe through a Module, ml-core's Trainer and its SGD with a step schedule of one epoch. */
    @Test
    void moduleAndTrainerSgd() {
        double[][] x = x();
        double[] y = y(x);
        LinearFit ols = OrdinaryLeastSquares.fit(x, y);
        GradientConfig cfg = new GradientConfig(300, 0.05, 20, true, 7, 0, 0, 0.97);
        TrainedRegression module = LinearRegression.train(x, y, Mode.MODULE_SGD, cfg);
        assertThat(relativeError(module.last(), ols)).isLessThan(1e-4);
        assertThat(module.executionPath()).startsWith("REPLAYED");
        // the Trainer's schedule is the hand-written one: same batches, same rates, same weights
        TrainedRegression hand = LinearRegression.train(x, y, Mode.MINI_BATCH_GD, cfg.withEpochs(20));
        TrainedRegression trainer = LinearRegression.train(x, y, Mode.MODULE_SGD, cfg.withEpochs(20));
        for (int j = 0; j < 3; j++) {
            assertThat(trainer.last().weight()[j][0]).isCloseTo(hand.last().weight()[j][0], within(1e-12));
        }
        assertThat(trainer.last().intercept()).isCloseTo(hand.last().intercept(), within(1e-12));
    }
}
