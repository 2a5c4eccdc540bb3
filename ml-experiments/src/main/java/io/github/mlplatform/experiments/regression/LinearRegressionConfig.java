package io.github.mlplatform.experiments.regression;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.regression.data.NoisyLineConfig;
import io.github.mlplatform.regression.gradient.GradientConfig;

import java.util.List;

/**
 * Settings of {@code ml run linear-regression}, written to the run's {@code config.json} under the
 * same keys. Defaults are the seed's: {@code noisyLineData(N=100, slope=3, intercept=2, stdDev=100)}
 * on {@code linspace(−100, 100)}, weights and bias starting at 0, one learning rate 1e-4, 4 epochs,
 * DataLoader batches of 20 in data order (15 in the seed's "PyTorch way" script).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>np.random.seed of the noise (the seed's scripts draw it unseeded)</td></tr>
 * <tr><td>{@code points}</td><td>integer</td><td>100 points</td><td>points on linspace(-100, 100)</td></tr>
 * <tr><td>{@code slope}</td><td>number</td><td>3</td><td>slope of the true line</td></tr>
 * <tr><td>{@code intercept}</td><td>number</td><td>2</td><td>intercept of the true line</td></tr>
 * <tr><td>{@code noise}</td><td>number</td><td>100</td><td>standard deviation of the Gaussian noise</td></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>4 epochs</td><td>epochs of the three gradient fits</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>1e-4</td><td>learning rate of the three gradient fits, one rate for every parameter as in the seed</td></tr>
 * <tr><td>{@code lr-decay}</td><td>number</td><td>1</td><td>the learning rate is multiplied by this after every epoch (1: constant, the seed)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>20 points</td><td>mini-batch size of mini-batch SGD (the seed's DataLoader)</td></tr>
 * <tr><td>{@code module-batch-size}</td><td>integer</td><td>15 points</td><td>mini-batch size of Module + SGD (the seed's 'PyTorch way' script)</td></tr>
 * <tr><td>{@code shuffle}</td><td>true|false</td><td>false</td><td>reshuffle the mini-batches every epoch (the seed's DataLoaders do not)</td></tr>
 * <tr><td>{@code initial-weight}</td><td>number</td><td>0</td><td>every weight at epoch 0 (the seed sets linear.weight = 0)</td></tr>
 * <tr><td>{@code initial-bias}</td><td>number</td><td>0</td><td>the bias at epoch 0 (the seed sets linear.bias = 0)</td></tr>
 * <tr><td>{@code shown-epochs}</td><td>list of integer</td><td>(empty)</td><td>epochs whose fitted line is drawn, 0 = the initial values (empty: every epoch)</td></tr>
 * <tr><td>{@code degree}</td><td>integer</td><td>1</td><td>polynomial features x, x^2, ..., x^degree (1: the seed's line)</td></tr>
 * <tr><td>{@code scale-features}</td><td>true|false</td><td>false</td><td>divide the feature x^d by 100^d for the gradient fits (weights are reported unscaled)</td></tr>
 * <tr><td>{@code m-loss}</td><td>true|false</td><td>false</td><td>also fit loss(m) = mean |y - yhat|^m for every m in powers, on the data with outliers</td></tr>
 * <tr><td>{@code powers}</td><td>list of number</td><td>1,2,4</td><td>the powers m of the m-loss fits</td></tr>
 * <tr><td>{@code outliers}</td><td>integer</td><td>5 points</td><td>number of outliers for the m-loss fits: the targets of the largest x</td></tr>
 * <tr><td>{@code outlier-offset}</td><td>number</td><td>-1500</td><td>added to each outlier's target</td></tr>
 * <tr><td>{@code m-epochs}</td><td>integer</td><td>3000 epochs</td><td>full-batch Adam epochs of each gradient-trained m-loss fit</td></tr>
 * <tr><td>{@code m-lr}</td><td>number</td><td>1</td><td>Adam learning rate of the m-loss fits, halved every tenth of m-epochs</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record LinearRegressionConfig(
        @Param(doc = "np.random.seed of the noise (the seed's scripts draw it unseeded)") long seed,
        @Param(doc = "points on linspace(-100, 100)", unit = "points") int points,
        @Param(doc = "slope of the true line") double slope,
        @Param(doc = "intercept of the true line") double intercept,
        @Param(doc = "standard deviation of the Gaussian noise") double noise,
        @Param(doc = "epochs of the three gradient fits", unit = "epochs") int epochs,
        @Param(doc = "learning rate of the three gradient fits, one rate for every parameter as in the seed") double lr,
        @Param(doc = "the learning rate is multiplied by this after every epoch (1: constant, the seed)") double lrDecay,
        @Param(doc = "mini-batch size of mini-batch SGD (the seed's DataLoader)", unit = "points") int batchSize,
        @Param(doc = "mini-batch size of Module + SGD (the seed's 'PyTorch way' script)", unit = "points") int moduleBatchSize,
        @Param(doc = "reshuffle the mini-batches every epoch (the seed's DataLoaders do not)") boolean shuffle,
        @Param(doc = "every weight at epoch 0 (the seed sets linear.weight = 0)") double initialWeight,
        @Param(doc = "the bias at epoch 0 (the seed sets linear.bias = 0)") double initialBias,
        @Param(doc = "epochs whose fitted line is drawn, 0 = the initial values (empty: every epoch)") List<Integer> shownEpochs,
        @Param(doc = "polynomial features x, x^2, ..., x^degree (1: the seed's line)") int degree,
        @Param(doc = "divide the feature x^d by 100^d for the gradient fits (weights are reported unscaled)") boolean scaleFeatures,
        @Param(doc = "also fit loss(m) = mean |y - yhat|^m for every m in powers, on the data with outliers") boolean mLoss,
        @Param(doc = "the powers m of the m-loss fits") List<Double> powers,
        @Param(doc = "number of outliers for the m-loss fits: the targets of the largest x", unit = "points") int outliers,
        @Param(doc = "added to each outlier's target") double outlierOffset,
        @Param(doc = "full-batch Adam epochs of each gradient-trained m-loss fit", unit = "epochs") int mEpochs,
        @Param(doc = "Adam learning rate of the m-loss fits, halved every tenth of m-epochs") double mLr) {

    public LinearRegressionConfig {
        Check.that(seed >= 0 && seed <= 0xFFFF_FFFFL, "seed", "must be in 0..4294967295 (NumPy's np.random.seed range)");
        Check.atLeast(points, 2, "points");
        Check.that(Double.isFinite(slope), "slope", "must be a finite number");
        Check.that(Double.isFinite(intercept), "intercept", "must be a finite number");
        Check.nonNegative(noise, "noise");
        Check.atLeast(epochs, 1, "epochs");
        Check.positive(lr, "lr");
        Check.that(lrDecay > 0 && lrDecay <= 1, "lr-decay", "must be in (0, 1]");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.atLeast(moduleBatchSize, 1, "module-batch-size");
        Check.that(Double.isFinite(initialWeight), "initial-weight", "must be a finite number");
        Check.that(Double.isFinite(initialBias), "initial-bias", "must be a finite number");
        Check.that(shownEpochs != null && shownEpochs.stream().allMatch(e -> e >= 0), "shown-epochs", "must be epochs >= 0");
        Check.atLeast(degree, 1, "degree");
        Check.that(degree <= 10, "degree", "must be at most 10");
        Check.that(powers != null && !powers.isEmpty() && powers.stream().allMatch(m -> m >= 1 && m <= 20), "powers",
                "must be powers m with 1 <= m <= 20");
        Check.atLeast(outliers, 0, "outliers");
        Check.that(outliers < points, "outliers", "must be fewer than points");
        Check.that(Double.isFinite(outlierOffset), "outlier-offset", "must be a finite number");
        Check.atLeast(mEpochs, 1, "m-epochs");
        Check.positive(mLr, "m-lr");
        shownEpochs = List.copyOf(shownEpochs);
        powers = List.copyOf(powers);
    }

    /** The seed's recipe with seed 42. */
    public static LinearRegressionConfig defaults() {
        return new LinearRegressionConfig(42, 100, 3, 2, 100, 4, 1e-4, 1, 20, 15, false, 0, 0, List.of(), 1, false,
                false, List.of(1.0, 2.0, 4.0), 5, -1500, 3000, 1);
    }

    /** The data set these settings describe. */
    NoisyLineConfig data() {
        return new NoisyLineConfig(points, slope, intercept, noise, -100, 100, seed);
    }

    /** The gradient settings of mini-batch SGD (and, with the full batch, of full-batch GD). */
    GradientConfig gradient() {
        return new GradientConfig(epochs, lr, batchSize, shuffle, seed, initialWeight, initialBias, lrDecay);
    }

    /** The gradient settings of Module + SGD. */
    GradientConfig module() {
        return gradient().withBatchSize(moduleBatchSize);
    }
}
