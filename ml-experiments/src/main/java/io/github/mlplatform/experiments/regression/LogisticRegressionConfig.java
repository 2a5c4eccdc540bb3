package io.github.mlplatform.experiments.regression;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.regression.data.ArgmaxConfig;
import io.github.mlplatform.regression.data.NoisyBinaryConfig;
import io.github.mlplatform.regression.gradient.GradientConfig;

import java.util.List;

/**
 * Settings of {@code ml run logistic-regression}, written to the run's {@code config.json} under the
 * same keys. Defaults are the seed's {@code LogReg_PyTorch.py}: {@code NoisyBinaryData(N=100, x0=−3,
 * x1=5, stdDev=2)}, {@code Linear(1, 1)} from w = −0.1, b = 0.5, SGD lr 2, DataLoader batches of 20 in
 * data order, 1000 epochs, the σ curve drawn at epochs 0, 1, 10, 50 and 1000. The data seed is 42, not
 * the script's 0: that draw is linearly separable, so no finite optimum exists to compare with
 * ({@code --seed 0} shows what happens then).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>np.random.seed of the 1-D data and the argmax example (the seed's script: 0, a separable draw)</td></tr>
 * <tr><td>{@code points}</td><td>integer</td><td>100 points</td><td>points of the 1-D data (class by a fair coin)</td></tr>
 * <tr><td>{@code x0}</td><td>number</td><td>-3</td><td>mean of class 0</td></tr>
 * <tr><td>{@code x1}</td><td>number</td><td>5</td><td>mean of class 1</td></tr>
 * <tr><td>{@code std}</td><td>number</td><td>2</td><td>standard deviation of both classes</td></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>1000 epochs</td><td>SGD epochs of the 1-D logistic regression</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>2</td><td>SGD learning rate of the 1-D logistic regression</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>20 points</td><td>mini-batch size of the 1-D logistic regression (the seed's DataLoader)</td></tr>
 * <tr><td>{@code shuffle}</td><td>true|false</td><td>false</td><td>reshuffle the mini-batches every epoch (the seed's DataLoader does not)</td></tr>
 * <tr><td>{@code initial-weight}</td><td>number</td><td>-0.1</td><td>the weight at epoch 0 (the seed's script: linear.weight = -0.1)</td></tr>
 * <tr><td>{@code initial-bias}</td><td>number</td><td>0.5</td><td>the bias at epoch 0 (the seed's script: linear.bias = 0.5)</td></tr>
 * <tr><td>{@code shown-epochs}</td><td>list of integer</td><td>0,1,10,50,1000</td><td>epochs whose sigmoid is drawn, 0 = the initial values</td></tr>
 * <tr><td>{@code separable-draws}</td><td>integer</td><td>100 draws</td><td>count the linearly separable draws among data seeds 0..N-1 (0: skip)</td></tr>
 * <tr><td>{@code argmax}</td><td>true|false</td><td>true</td><td>softmax regression on the seed's argmax example (3 classes split at -1 and 2)</td></tr>
 * <tr><td>{@code argmax-points}</td><td>integer</td><td>300 points</td><td>points of the argmax example, uniform on [-5, 5]</td></tr>
 * <tr><td>{@code argmax-epochs}</td><td>integer</td><td>300 epochs</td><td>SGD epochs of the argmax softmax regression (batch 20, data order)</td></tr>
 * <tr><td>{@code argmax-lr}</td><td>number</td><td>0.1</td><td>SGD learning rate of the argmax softmax regression</td></tr>
 * <tr><td>{@code mnist}</td><td>true|false</td><td>true</td><td>softmax regression on MNIST (784 pixels -&gt; 10 classes)</td></tr>
 * <tr><td>{@code mnist-epochs}</td><td>integer</td><td>5 epochs</td><td>SGD epochs of the MNIST softmax regression</td></tr>
 * <tr><td>{@code mnist-batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size of the MNIST softmax regression</td></tr>
 * <tr><td>{@code mnist-lr}</td><td>number</td><td>0.1</td><td>SGD learning rate of the MNIST softmax regression</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N MNIST training images (0 = all 60,000)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record LogisticRegressionConfig(
        @Param(doc = "np.random.seed of the 1-D data and the argmax example (the seed's script: 0, a separable draw)") long seed,
        @Param(doc = "points of the 1-D data (class by a fair coin)", unit = "points") int points,
        @Param(doc = "mean of class 0") double x0,
        @Param(doc = "mean of class 1") double x1,
        @Param(doc = "standard deviation of both classes") double std,
        @Param(doc = "SGD epochs of the 1-D logistic regression", unit = "epochs") int epochs,
        @Param(doc = "SGD learning rate of the 1-D logistic regression") double lr,
        @Param(doc = "mini-batch size of the 1-D logistic regression (the seed's DataLoader)", unit = "points") int batchSize,
        @Param(doc = "reshuffle the mini-batches every epoch (the seed's DataLoader does not)") boolean shuffle,
        @Param(doc = "the weight at epoch 0 (the seed's script: linear.weight = -0.1)") double initialWeight,
        @Param(doc = "the bias at epoch 0 (the seed's script: linear.bias = 0.5)") double initialBias,
        @Param(doc = "epochs whose sigmoid is drawn, 0 = the initial values") List<Integer> shownEpochs,
        @Param(doc = "count the linearly separable draws among data seeds 0..N-1 (0: skip)", unit = "draws") int separableDraws,
        @Param(doc = "softmax regression on the seed's argmax example (3 classes split at -1 and 2)") boolean argmax,
        @Param(doc = "points of the argmax example, uniform on [-5, 5]", unit = "points") int argmaxPoints,
        @Param(doc = "SGD epochs of the argmax softmax regression (batch 20, data order)", unit = "epochs") int argmaxEpochs,
        @Param(doc = "SGD learning rate of the argmax softmax regression") double argmaxLr,
        @Param(doc = "softmax regression on MNIST (784 pixels -> 10 classes)") boolean mnist,
        @Param(doc = "SGD epochs of the MNIST softmax regression", unit = "epochs") int mnistEpochs,
        @Param(doc = "mini-batch size of the MNIST softmax regression", unit = "images") int mnistBatchSize,
        @Param(doc = "SGD learning rate of the MNIST softmax regression") double mnistLr,
        @Param(doc = "use only the first N MNIST training images (0 = all 60,000)", unit = "images") int limit) {

    public LogisticRegressionConfig {
        Check.that(seed >= 0 && seed <= 0xFFFF_FFFFL, "seed", "must be in 0..4294967295 (NumPy's np.random.seed range)");
        Check.atLeast(points, 2, "points");
        Check.that(Double.isFinite(x0), "x0", "must be a finite number");
        Check.that(Double.isFinite(x1), "x1", "must be a finite number");
        Check.positive(std, "std");
        Check.atLeast(epochs, 1, "epochs");
        Check.positive(lr, "lr");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.that(Double.isFinite(initialWeight), "initial-weight", "must be a finite number");
        Check.that(Double.isFinite(initialBias), "initial-bias", "must be a finite number");
        Check.that(shownEpochs != null && shownEpochs.stream().allMatch(e -> e >= 0), "shown-epochs", "must be epochs >= 0");
        Check.atLeast(separableDraws, 0, "separable-draws");
        Check.atLeast(argmaxPoints, 3, "argmax-points");
        Check.atLeast(argmaxEpochs, 1, "argmax-epochs");
        Check.positive(argmaxLr, "argmax-lr");
        Check.atLeast(mnistEpochs, 1, "mnist-epochs");
        Check.atLeast(mnistBatchSize, 1, "mnist-batch-size");
        Check.positive(mnistLr, "mnist-lr");
        Check.atLeast(limit, 0, "limit");
        shownEpochs = List.copyOf(shownEpochs);
    }

    /** The seed's recipe with data seed 42; argmax and MNIST parts as the former {@code regression} experiment ran them. */
    public static LogisticRegressionConfig defaults() {
        return new LogisticRegressionConfig(42, 100, -3, 5, 2, 1000, 2, 20, false, -0.1, 0.5, List.of(0, 1, 10, 50, 1000), 100,
                true, 300, 300, 0.1, true, 5, 64, 0.1, 0);
    }

    NoisyBinaryConfig data() {
        return new NoisyBinaryConfig(points, x0, x1, std, seed);
    }

    GradientConfig gradient() {
        return new GradientConfig(epochs, lr, batchSize, shuffle, seed, initialWeight, initialBias);
    }

    ArgmaxConfig argmaxData() {
        return new ArgmaxConfig(argmaxPoints, -5, 5, seed);
    }

    GradientConfig argmaxGradient() {
        return GradientConfig.softmaxArgmax().withEpochs(argmaxEpochs).withLearningRate(argmaxLr);
    }
}
