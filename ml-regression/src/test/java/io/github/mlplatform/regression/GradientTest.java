package io.github.mlplatform.regression;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.regression.closedform.LinearFit;
import io.github.mlplatform.regression.closedform.LogisticFit;
import io.github.mlplatform.regression.closedform.LogisticIrls;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.data.ArgmaxConfig;
import io.github.mlplatform.regression.data.ClassificationData;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.data.RegressionData;
import io.github.mlplatform.regression.data.SyntheticData;
import io.github.mlplatform.regression.features.FeatureMap;
import io.github.mlplatform.regression.gradient.GradientConfig;
import io.github.mlplatform.regression.gradient.LinearRegression;
import io.github.mlplatform.regression.gradient.LinearRegression.Mode;
import io.github.mlplatform.regression.gradient.LogisticRegression;
import io.github.mlplatform.regression.gradient.ParameterSnapshot;
import io.github.mlplatform.regression.gradient.PowerLoss;
import io.github.mlplatform.regression.gradient.SoftmaxRegression;
import io.github.mlplatform.regression.gradient.TrainedRegression;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GradientTest {

    @TempDir
    Path dir;

    private static INDArray col(double... v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1).castTo(DataType.DOUBLE);
    }

    @Test
    void powerLossWithMTwoHasMseGradient() {
        INDArray x = col(-1, 0.5, 2, 3);
        INDArray y = col(1, -2, 0.25, 7);
        Model power = LinearRegression.model(1, 0.3, -0.2, new PowerLoss(2), DataType.DOUBLE);
        Model mse = LinearRegression.model(1, 0.3, -0.2, Loss.mse(), DataType.DOUBLE);
        Map<String, INDArray> ph = Map.of(Model.INPUT, x, Model.LABELS, y);
        Map<String, INDArray> gp = power.sameDiff().calculateGradients(ph, List.of("weight", "bias"));
        Map<String, INDArray> gm = mse.sameDiff().calculateGradients(ph, List.of("weight", "bias"));
        // by hand: r = ŷ − y, dL/dw = 2·mean(r·x), dL/db = 2·mean(r)
        double[] xv = {-1, 0.5, 2, 3};
        double[] yv = {1, -2, 0.25, 7};
        double dw = 0;
        double db = 0;
        for (int i = 0; i < 4; i++) {
            double r = 0.3 * xv[i] - 0.2 - yv[i];
            dw += 2 * r * xv[i] / 4;
            db += 2 * r / 4;
        }
        assertThat(gp.get("weight").getDouble(0)).isCloseTo(gm.get("weight").getDouble(0), within(1e-12)).isCloseTo(dw, within(1e-12));
        assertThat(gp.get("bias").getDouble(0)).isCloseTo(gm.get("bias").getDouble(0), within(1e-12)).isCloseTo(db, within(1e-12));
        // m = 3: the loss value equals the plain-Java definition
        PowerLoss cube = new PowerLoss(3);
        Model m3 = LinearRegression.model(1, 0.3, -0.2, cube, DataType.DOUBLE);
        double[] pred = new double[4];
        for (int i = 0; i < 4; i++) {
            pred[i] = 0.3 * xv[i] - 0.2;
        }
        assertThat(m3.loss(x, y)).isCloseTo(cube.value(pred, yv), within(1e-12));
        assertThatThrownBy(() -> new PowerLoss(0.5)).hasMessageContaining("m:");
    }

    @Test
    void gradientChecksOfTheNewLossAndTheThreeModels() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2}, {1.5, 0.7}, {-0.4, 2.2}, {0.9, 0.1}});
        INDArray y = col(1.0, -0.5, 2.0, 0.3);
        Model cube = LinearRegression.model(2, 0.2, 0.1, new PowerLoss(3), DataType.DOUBLE);
        // DL4J-like thresholds: relative error 1e-5 per element (ε = 1e-6 central differences)
        assertThat(GradientCheck.check(cube, x, y).passed()).isTrue();
        Model logistic = LogisticRegression.model(2, 0.4, -0.3, DataType.DOUBLE);
        GradientCheck.Result lr = GradientCheck.check(logistic, x, col(1, 0, 1, 0));
        assertThat(lr.passed()).as(lr.failures().toString()).isTrue();
        Model softmax = SoftmaxRegression.model(2, 3, 0.1, 0.0, DataType.DOUBLE);
        // constant initial weights give equal logits; perturb them so that the check is not at a symmetric point
        softmax.sameDiff().getArrForVarName("weight").assign(Nd4j.createFromArray(new double[][] {{0.1, -0.3, 0.5}, {0.2, 0.4, -0.6}}));
        GradientCheck.Result sm = GradientCheck.check(softmax, x, SoftmaxRegression.oneHot(new int[] {0, 2, 1, 2}, 3, DataType.DOUBLE));
        assertThat(sm.passed()).as(sm.failures().toString()).isTrue();
        assertThat(sm.checked()).isEqualTo(9);
    }

    /** The seed's hand-written BCE is NaN at saturation; BCE from logits equals the stable formula there. */
    @Test
    void logisticLossStaysFiniteAtSaturation() {
        double[] z = {800, -800, 800, 3};
        int[] labels = {1, 0, 0, 1};
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = 1 / (1 + Math.exp(-z[i]));
        }
        assertThat(p[0]).isEqualTo(1.0); // σ(800) rounds to exactly 1
        assertThat(LogisticRegression.naiveBce(p, labels)).isNaN(); // 0·log(0) for the correctly classified, saturated points
        // the same logits from a model: x = z, w = 1, b = 0
        Model m = LogisticRegression.model(1, 1, 0, DataType.DOUBLE);
        double loss = m.loss(col(z), col(1, 0, 0, 1));
        // by hand: correct saturated points cost 0, the wrong one costs z = 800, the last log(1 + e^{-3})
        assertThat(loss).isFinite().isCloseTo((800 + Math.log1p(Math.exp(-3))) / 4, within(1e-9));
        assertThat(LogisticRegression.bceFromLogits(z, labels)).isCloseTo(loss, within(1e-9));
        Map<String, INDArray> g = m.sameDiff().calculateGradients(Map.of(Model.INPUT, col(z), Model.LABELS, col(1, 0, 0, 1)),
                List.of("weight", "bias"));
        assertThat(g.get("weight").getDouble(0)).isFinite();
        assertThat(g.get("bias").getDouble(0)).isFinite();
    }

    /**
     * Full-batch gradient descent on MSE is w_k − w* = (I − ηH)^k (w_0 − w*), with H = 2X̃ᵀX̃/N; with
     * η = 1/λmax the error shrinks at least by (1 − λmin/λmax) per step. The test asserts that
     * bound (plus 1e-9 for rounding) after 300 steps, and that the bound itself is below 1e-6.
     */
    @Test
    void fullBatchGradientDescentConvergesToOls() {
        RegressionData d = SyntheticData.noisyLine(new NoisyLineConfig(60, 3, 2, 0.5, -2, 2, 9));
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        LinearFit ols = OrdinaryLeastSquares.fit(design, d.y());
        double[][] h = new double[2][2];
        for (double[] row : design) {
            double[] xt = {1, row[0]};
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    h[a][b] += 2 * xt[a] * xt[b] / design.length;
                }
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        double lmax = Math.max(ev[0], ev[1]);
        double lmin = Math.min(ev[0], ev[1]);
        int steps = 300;
        double e0 = Math.hypot(ols.intercept(), ols.weights()[0]); // starting from w = b = 0
        double bound = Math.pow(1 - lmin / lmax, steps) * e0;
        assertThat(bound).isLessThan(1e-6);
        TrainedRegression gd = LinearRegression.train(design, d.y(), Mode.FULL_BATCH_GD,
                new GradientConfig(steps, 1 / lmax, 20, false, 0, 0, 0));
        ParameterSnapshot last = gd.last();
        double err = Math.hypot(last.intercept() - ols.intercept(), last.slope() - ols.weights()[0]);
        assertThat(err).isLessThanOrEqualTo(bound + 1e-9);
        assertThat(gd.trajectory()).hasSize(steps + 1);
        assertThat(gd.trajectory().get(0).slope()).isZero();
        assertThat(gd.batchLosses()).hasSize(steps);
        assertThat(last.loss()).isCloseTo(ols.mse(), within(1e-9));
    }

    /**
     * The seed's setting (lr 1e-4, 4 epochs, zeros) with full-batch GD: x = linspace(−100, 100) has
     * mean 0, so slope and bias decouple; the slope's error shrinks by |1 − η·2·mean(x²)| ≈ 0.32 per
     * step (0.32⁴ ≈ 1% left), the bias's by 1 − 2η = 0.9998 (> 99.9% left) — "with a single learning
     * rate, the slope learned much faster than the bias".
     */
    @Test
    void withTheSeedsSettingsTheSlopeLearnsFasterThanTheBias() {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(1));
        double[] x = d.column(0);
        double[][] design = FeatureMap.polynomial(1).design(x);
        LinearFit ols = OrdinaryLeastSquares.fit(design, d.y());
        double meanSq = 0;
        for (double v : x) {
            meanSq += v * v / x.length;
        }
        double eta = GradientConfig.linearSeed().learningRate();
        double slopeFactor = Math.pow(Math.abs(1 - eta * 2 * meanSq), 4);
        double biasFactor = Math.pow(1 - 2 * eta, 4);
        TrainedRegression gd = LinearRegression.train(design, d.y(), Mode.FULL_BATCH_GD, GradientConfig.linearSeed());
        assertThat(gd.trajectory()).hasSize(5);
        double slopeError = Math.abs(gd.last().slope() - ols.weights()[0]) / Math.abs(ols.weights()[0]);
        double biasError = Math.abs(gd.last().intercept() - ols.intercept()) / Math.abs(ols.intercept());
        assertThat(slopeError).isCloseTo(slopeFactor, within(1e-9)).isLessThan(0.02);
        assertThat(biasError).isCloseTo(biasFactor, within(1e-9)).isGreaterThan(0.999);
        // mini-batches (batch 20, data order) take 5 steps per epoch: the slope gets there too, up to mini-batch noise
        TrainedRegression mb = LinearRegression.train(design, d.y(), Mode.MINI_BATCH_GD, GradientConfig.linearSeed());
        assertThat(mb.batchLosses()).hasSize(20);
        assertThat(Math.abs(mb.last().slope() - ols.weights()[0]) / Math.abs(ols.weights()[0])).isLessThan(0.15);
        assertThat(Math.abs(mb.last().intercept() - ols.intercept()) / Math.abs(ols.intercept())).isGreaterThan(0.9);
    }

    /** Trainer + SGD (the seed's optim.SGD) is the hand-written mini-batch update: same batches, same numbers. */
    @Test
    void trainerSgdEqualsHandWrittenMiniBatch() {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(2));
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        GradientConfig cfg = GradientConfig.linearSeed().withBatchSize(15);
        TrainedRegression hand = LinearRegression.train(design, d.y(), Mode.MINI_BATCH_GD, cfg);
        TrainedRegression trainer = LinearRegression.train(design, d.y(), Mode.MODULE_SGD, cfg);
        assertThat(trainer.trajectory()).hasSize(hand.trajectory().size());
        for (int e = 0; e < hand.trajectory().size(); e++) {
            assertThat(trainer.trajectory().get(e).slope()).isCloseTo(hand.trajectory().get(e).slope(), within(1e-12));
            assertThat(trainer.trajectory().get(e).intercept()).isCloseTo(hand.trajectory().get(e).intercept(), within(1e-12));
        }
        assertThat(trainer.batchLosses()).hasSize(hand.batchLosses().length);
        assertThat(trainer.batchLosses()[3]).isCloseTo(hand.batchLosses()[3], within(1e-9));
    }

    /**
     * Logistic regression by full-batch GD approaches the IRLS optimum. BCE's Hessian is at most
     * L = λmax(X̃ᵀX̃)/(4n), so η = 1/L is a safe step; the error then contracts at least like
     * (1 − μ/L) with μ the smallest Hessian eigenvalue near the optimum. The tolerance 1e-3 is
     * 1,000x looser than that rate's prediction after 1,000 steps (computed below) and far tighter
     * than the parameters' scale (~1).
     */
    @Test
    void logisticGradientDescentConvergesToIrls() {
        // strongly overlapping classes (means ±1, σ 2) keep the Hessian at the optimum well conditioned
        ClassificationData d = SyntheticData.noisyBinary(new NoisyBinaryConfig(100, -1, 1, 2, 3));
        double[][] design = d.x();
        LogisticFit irls = LogisticIrls.fit(design, d.labels());
        int n = design.length;
        double[][] s = new double[2][2];
        double[][] hOpt = new double[2][2];
        for (double[] row : design) {
            double[] xt = {1, row[0]};
            double p = 1 / (1 + Math.exp(-(irls.intercept() + irls.weights()[0] * row[0])));
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    s[a][b] += xt[a] * xt[b] / (4.0 * n);
                    hOpt[a][b] += p * (1 - p) * xt[a] * xt[b] / n;
                }
            }
        }
        double big = max(new EigenDecomposition(new Array2DRowRealMatrix(s)).getRealEigenvalues());
        double mu = min(new EigenDecomposition(new Array2DRowRealMatrix(hOpt)).getRealEigenvalues());
        int steps = 1000;
        double predicted = Math.pow(1 - mu / big, steps) * Math.hypot(irls.intercept(), irls.weights()[0]);
        assertThat(predicted).isLessThan(1e-6);
        TrainedRegression gd = LogisticRegression.train(design, d.labels(), new GradientConfig(steps, 1 / big, n, false, 0, 0, 0));
        assertThat(gd.last().intercept()).isCloseTo(irls.intercept(), within(1e-3));
        assertThat(gd.last().slope()).isCloseTo(irls.weights()[0], within(1e-3));
        assertThat(gd.last().loss()).isCloseTo(irls.meanLoss(), within(1e-8));
        int[] predicted01 = LogisticRegression.predictClasses(gd.model(), design);
        for (int i = 0; i < n; i++) {
            assertThat(predicted01[i]).isEqualTo(irls.predictClass(design[i]));
        }
    }

    /** The seed's logistic recipe (lr 2, batch 20, w = −0.1, b = 0.5) runs NaN-free and separates the classes. */
    @Test
    void theSeedsLogisticRecipeIsNanFree() {
        ClassificationData d = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(3));
        TrainedRegression t = LogisticRegression.train(d.x(), d.labels(), GradientConfig.logisticSeed().withEpochs(50));
        assertThat(t.trajectory().get(0).slope()).isEqualTo(-0.1);
        assertThat(t.trajectory().get(0).intercept()).isEqualTo(0.5);
        for (double l : t.batchLosses()) {
            assertThat(l).isFinite();
        }
        int[] pred = LogisticRegression.predictClasses(t.model(), d.x());
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            correct += pred[i] == d.labels()[i] ? 1 : 0;
        }
        assertThat(correct).isGreaterThanOrEqualTo(95);
    }

    /** On the argmax example the learned class boundaries approach the seed's −1 and 2. */
    @Test
    void softmaxLearnsTheArgmaxBoundaries() {
        ClassificationData d = SyntheticData.argmaxExample(ArgmaxConfig.defaults(0));
        TrainedRegression t = SoftmaxRegression.train(d.x(), d.labels(), 3, GradientConfig.softmaxArgmax());
        double[] grid = SyntheticData.linspace(-5, 5, 2001);
        int[] cls = SoftmaxRegression.predictClasses(t.model(), FeatureMap.identity(1).design(grid));
        double b01 = Double.NaN;
        double b12 = Double.NaN;
        for (int i = 1; i < grid.length; i++) {
            if (cls[i - 1] == 0 && cls[i] == 1) {
                b01 = grid[i];
            }
            if (cls[i - 1] == 1 && cls[i] == 2) {
                b12 = grid[i];
            }
        }
        // the data leave gaps of ~0.03 around each boundary; gradient descent on separable data moves the
        // boundary towards the max-margin position only slowly, so 0.15 (4% of the middle class's width) is allowed
        assertThat(b01).isCloseTo(-1, within(0.15));
        assertThat(b12).isCloseTo(2, within(0.15));
    }

    /**
     * Two-class softmax with zero start is logistic regression on the logit difference z1 − z0:
     * the difference's gradient is twice logistic's, so softmax at lr η equals logistic at 2η, step for step.
     */
    @Test
    void twoClassSoftmaxTrainsLikeLogistic() {
        ClassificationData d = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(4));
        GradientConfig cfg = new GradientConfig(30, 0.05, 20, true, 5, 0, 0);
        TrainedRegression sm = SoftmaxRegression.train(d.x(), d.labels(), 2, cfg);
        TrainedRegression lr = LogisticRegression.train(d.x(), d.labels(), cfg.withLearningRate(0.1));
        for (int e = 0; e < sm.trajectory().size(); e++) {
            ParameterSnapshot s = sm.trajectory().get(e);
            ParameterSnapshot l = lr.trajectory().get(e);
            assertThat(s.weight()[0][1] - s.weight()[0][0]).isCloseTo(l.slope(), within(1e-10));
            assertThat(s.bias()[1] - s.bias()[0]).isCloseTo(l.intercept(), within(1e-10));
            assertThat(s.loss()).isCloseTo(l.loss(), within(1e-10));
        }
    }

    @Test
    void seedsReproduceAndModelsRoundTrip() throws Exception {
        RegressionData d = SyntheticData.noisyLine(NoisyLineConfig.defaults(3));
        double[][] design = FeatureMap.polynomial(1).design(d.column(0));
        GradientConfig cfg = GradientConfig.linearSeed().withShuffle(true).withSeed(11);
        TrainedRegression a = LinearRegression.train(design, d.y(), Mode.MINI_BATCH_GD, cfg);
        TrainedRegression b = LinearRegression.train(design, d.y(), Mode.MINI_BATCH_GD, cfg);
        TrainedRegression c = LinearRegression.train(design, d.y(), Mode.MINI_BATCH_GD, cfg.withSeed(12));
        assertThat(b.batchLosses()).containsExactly(a.batchLosses());
        assertThat(c.batchLosses()).isNotEqualTo(a.batchLosses());

        a.save(dir, "linear");
        TrainedRegression back = TrainedRegression.load(dir, "linear");
        assertThat(back.method()).isEqualTo(a.method());
        assertThat(back.batchLosses()).containsExactly(a.batchLosses());
        assertThat(back.trajectory()).hasSize(a.trajectory().size());
        assertThat(back.last().slope()).isEqualTo(a.last().slope());
        assertThat(LinearRegression.predict(back.model(), design)).containsExactly(LinearRegression.predict(a.model(), design));

        ClassificationData cd = SyntheticData.noisyBinary(NoisyBinaryConfig.defaults(2));
        TrainedRegression sm = SoftmaxRegression.train(cd.x(), cd.labels(), 2, GradientConfig.softmaxArgmax().withEpochs(3));
        sm.save(dir, "softmax");
        TrainedRegression smBack = TrainedRegression.load(dir, "softmax");
        assertThat(SoftmaxRegression.logits(smBack.model(), cd.x())).isDeepEqualTo(SoftmaxRegression.logits(sm.model(), cd.x()));
        TrainedRegression lr = LogisticRegression.train(cd.x(), cd.labels(), GradientConfig.logisticSeed().withEpochs(3));
        lr.save(dir, "logistic");
        assertThat(LogisticRegression.probabilities(TrainedRegression.load(dir, "logistic").model(), cd.x()))
                .containsExactly(LogisticRegression.probabilities(lr.model(), cd.x()));
    }

    @Test
    void badTrainingInputsNameTheArgument() {
        double[][] design = {{1}, {2}, {3}};
        assertThatThrownBy(() -> LinearRegression.train(design, new double[] {1, 2}, Mode.FULL_BATCH_GD, GradientConfig.linearSeed()))
                .hasMessageContaining("y:");
        assertThatThrownBy(() -> LinearRegression.train(new double[0][], new double[0], Mode.FULL_BATCH_GD, GradientConfig.linearSeed()))
                .hasMessageContaining("design");
        assertThatThrownBy(() -> LogisticRegression.train(design, new int[] {0, 1, 2}, GradientConfig.logisticSeed()))
                .hasMessageContaining("labels[2]");
        assertThatThrownBy(() -> SoftmaxRegression.train(design, new int[] {0, 1, 3}, 3, GradientConfig.softmaxArgmax()))
                .hasMessageContaining("labels[2]");
        assertThatThrownBy(() -> GradientConfig.linearSeed().withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> GradientConfig.linearSeed().withLearningRate(-1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> GradientConfig.linearSeed().withBatchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> SoftmaxRegression.model(2, 1, 0, 0, DataType.DOUBLE)).hasMessageContaining("classes");
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
