package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run invariance-classifier}, written to the run's {@code config.json} under the same keys.
 *
 * <p>Sources of the defaults. The first two layers are {@code ml run invariance}'s (seed 001's final
 * run, {@code MwtaConfig.defaults()} and {@code EmaInvariantConfig.defaults()}: 900 sparse neurons,
 * 4 winners, xi 0.008; 100 invariant neurons, alpha 1/3, leta 0.05, seta 0.0005) with its schedule,
 * 20 epochs over the first 10,000 tapestry frames. The seed gives nothing for the top sparse layer
 * ("two sparse layers sandwiching an invariant layer"): it repeats the first sparse layer's settings
 * (900 neurons, 4 winners, xi 0.008, U(0, 0.2) start) and schedule, on the invariant layer's 100
 * outputs. The window grid (20×20 windows, the layers' input, at offsets −4, 0, 4, 8, 12 over the
 * 28×28 digit padded by 4 zeros: 25 positions), sum pooling and the read-out (Adam, learning rate
 * 1e-3, batch 128, 10 epochs, no weight decay) are this experiment's choices, measured in
 * docs/results.md ("Invariance classifier": on sparse codes 95.3% with this grid, 94.7% with stride 2
 * and no padding (also 25 positions), 91.9% with stride 4 and no padding (9); max pooling 91.4%
 * against sum's 91.9% on the 9 positions); they keep the whole run at a few minutes on 2 cores.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>20 epochs</td><td>passes of the sparse + invariant layers over the frames (ml run invariance's schedule)</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>10000 steps</td><td>frames per epoch: the first ones of the random walk over the digit tapestry</td></tr>
 * <tr><td>{@code top-neurons}</td><td>integer</td><td>900</td><td>neurons of the top sparse layer (on the 100 invariant outputs; default: the first sparse layer's)</td></tr>
 * <tr><td>{@code top-winners}</td><td>integer</td><td>4</td><td>winners of the top sparse layer (default: the first sparse layer's)</td></tr>
 * <tr><td>{@code top-xi}</td><td>number</td><td>0.008</td><td>learning constant xi of the top sparse layer (default: the first sparse layer's)</td></tr>
 * <tr><td>{@code top-epochs}</td><td>integer</td><td>20 epochs</td><td>passes of the top sparse layer over the invariant outputs of the same frames</td></tr>
 * <tr><td>{@code stride}</td><td>integer</td><td>4 pixels</td><td>distance between the 20x20 windows' offsets over the 28x28 digit</td></tr>
 * <tr><td>{@code pad}</td><td>integer</td><td>4 pixels</td><td>zero padding on each edge of the digit before placing windows</td></tr>
 * <tr><td>{@code pooling}</td><td>sum|max</td><td>sum</td><td>sum: how strongly and how often a feature occurs over the positions; max: whether it occurs anywhere</td></tr>
 * <tr><td>{@code readout-epochs}</td><td>integer</td><td>10 epochs</td><td>epochs of the linear read-out (softmax regression) on each feature set</td></tr>
 * <tr><td>{@code readout-lr}</td><td>number</td><td>0.001</td><td>Adam learning rate of the read-out</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>128 images</td><td>read-out mini-batch size</td></tr>
 * <tr><td>{@code weight-decay}</td><td>number</td><td>0</td><td>read-out L2 weight decay (Adam's coupled weight_decay)</td></tr>
 * <tr><td>{@code digits}</td><td>integer</td><td>0 images</td><td>training digits for the read-out, the first N (0 = all 60,000)</td></tr>
 * <tr><td>{@code test-digits}</td><td>integer</td><td>0 images</td><td>test digits, the first N (0 = all 10,000)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the layers' weights, the tapestry's random walk and the read-out's shuffling</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>threads of the feature extraction (the result does not depend on it) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 *
 * @param epochs        passes of the sparse + invariant layers over the frames ({@code ml run invariance}'s epochs)
 * @param limit         frames per epoch, the first ones of the tapestry walk
 * @param topNeurons    neurons of the top sparse layer
 * @param topWinners    winners of the top sparse layer
 * @param topXi         learning constant xi of the top sparse layer
 * @param topEpochs     passes of the top sparse layer over the invariant outputs of the same frames
 * @param stride        distance between window offsets over the digit
 * @param pad           zero padding around the 28×28 digit
 * @param pooling       pooling of the window codes over positions
 * @param readoutEpochs read-out epochs
 * @param readoutLr     read-out Adam learning rate
 * @param batchSize     read-out mini-batch size
 * @param weightDecay   read-out L2 weight decay
 * @param digits        training digits for the read-out (0 = all 60,000)
 * @param testDigits    test digits (0 = all 10,000)
 * @param seed          seed of the weights, the walk and the read-out's shuffling
 * @param workers       threads of the feature extraction
 */
public record InvarianceClassifierConfig(
        @Param(doc = "passes of the sparse + invariant layers over the frames (ml run invariance's schedule)", unit = "epochs") int epochs,
        @Param(doc = "frames per epoch: the first ones of the random walk over the digit tapestry", unit = "steps") int limit,
        @Param(doc = "neurons of the top sparse layer (on the 100 invariant outputs; default: the first sparse layer's)") int topNeurons,
        @Param(doc = "winners of the top sparse layer (default: the first sparse layer's)") int topWinners,
        @Param(doc = "learning constant xi of the top sparse layer (default: the first sparse layer's)") double topXi,
        @Param(doc = "passes of the top sparse layer over the invariant outputs of the same frames", unit = "epochs") int topEpochs,
        @Param(doc = "distance between the 20x20 windows' offsets over the 28x28 digit", unit = "pixels") int stride,
        @Param(doc = "zero padding on each edge of the digit before placing windows", unit = "pixels") int pad,
        @Param(doc = "sum: how strongly and how often a feature occurs over the positions; max: whether it occurs anywhere")
        WindowFeatures.Pooling pooling,
        @Param(doc = "epochs of the linear read-out (softmax regression) on each feature set", unit = "epochs") int readoutEpochs,
        @Param(doc = "Adam learning rate of the read-out") double readoutLr,
        @Param(doc = "read-out mini-batch size", unit = "images") int batchSize,
        @Param(doc = "read-out L2 weight decay (Adam's coupled weight_decay)") double weightDecay,
        @Param(doc = "training digits for the read-out, the first N (0 = all 60,000)", unit = "images") int digits,
        @Param(doc = "test digits, the first N (0 = all 10,000)", unit = "images") int testDigits,
        @Param(doc = "seed of the layers' weights, the tapestry's random walk and the read-out's shuffling") long seed,
        @Param(doc = "threads of the feature extraction (the result does not depend on it)", defaultText = "cores, at most 2",
                resumable = true) int workers) {

    public InvarianceClassifierConfig {
        Check.between(epochs, 1, 1000, "epochs");
        Check.between(limit, 2, 200_000, "limit");
        Check.between(topNeurons, 1, 3_600, "top-neurons"); // 60,000 x 3,600 pooled floats (864 MB) and their copies fit -Xmx8g
        Check.between(topWinners, 1, topNeurons, "top-winners");
        Check.positive(topXi, "top-xi");
        Check.between(topEpochs, 1, 1000, "top-epochs");
        Check.between(stride, 1, 28, "stride");
        Check.between(pad, 0, 20, "pad");
        Check.that(pooling != null, "pooling", "is required");
        Check.between(readoutEpochs, 1, 1000, "readout-epochs");
        Check.positive(readoutLr, "readout-lr");
        Check.between(batchSize, 1, Check.MAX_BATCH, "batch-size");
        Check.nonNegative(weightDecay, "weight-decay");
        Check.between(digits, 0, 60_000, "digits");
        Check.between(testDigits, 0, 10_000, "test-digits");
        Check.between(workers, 1, 64, "workers");
    }

    /** The defaults listed in the class comment. */
    public static InvarianceClassifierConfig defaults() {
        return new InvarianceClassifierConfig(20, 10_000, 900, 4, 0.008, 20, 4, 4, WindowFeatures.Pooling.SUM, 10, 1e-3, 128, 0,
                0, 0, 42, LenetConfig.defaultWorkers());
    }
}
