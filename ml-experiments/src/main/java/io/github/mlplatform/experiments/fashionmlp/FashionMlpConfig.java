package io.github.mlplatform.experiments.fashionmlp;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

import java.util.List;

/**
 * Settings of {@code ml run fashion-mlp}, written to the run's {@code config.json} under the same keys.
 * Defaults are seed 002's intended recipe (cells [176] and [182]): {@code layer_dim = [784, 256, 256, 10]},
 * dropout 0.2 after the first hidden ReLU, weights N(0, 0.1²), Adam with learning rate 5e-4 and
 * {@code weight_decay} 0.002 (the value of the seed's later cells; cell [175] passed 0.09), batch 256,
 * 20 epochs. The grid is every pair of {@code dropouts} × {@code weight-decays}; the default 2×2 grid's
 * first cell (0.2, 0.002) is the seed's network, the others switch dropout, weight decay or both off.
 *
 * <p>{@code reproduce-seed-bugs=true} trains cell [175] as written instead (one training, no grid):
 * ReLU and Softmax before the cross-entropy, weights N(0, 0), 64 hidden units, Adam with learning rate
 * 784 (the input size, passed in the learning rate's place) and weight decay 0.09. The network keys
 * ({@code dropouts}, {@code weight-decays}, {@code hidden}, {@code init-std}, {@code lr}) must then stay
 * at their defaults; {@code epochs}, {@code batch-size}, {@code seed}, {@code limit} and {@code workers}
 * still apply.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code reproduce-seed-bugs}</td><td>true|false</td><td>false</td><td>train the notebook's cell [175] as written (ReLU+Softmax before the cross-entropy, std-0 weights, lr 784 from the swapped arguments, weight decay 0.09, 64 hidden units) instead of the fixed grid</td></tr>
 * <tr><td>{@code dropouts}</td><td>list of number</td><td>0.2,0</td><td>dropout probabilities after the first hidden ReLU, one grid row each (0 = off)</td></tr>
 * <tr><td>{@code weight-decays}</td><td>list of number</td><td>0.002,0</td><td>Adam weight decays (L2 added to the gradient, torch.optim.Adam's weight_decay), one grid column each (0 = off)</td></tr>
 * <tr><td>{@code hidden}</td><td>list of integer</td><td>256,256 units</td><td>hidden layer widths between the 784 inputs and the 10 outputs (the seed's layer_dim)</td></tr>
 * <tr><td>{@code init-std}</td><td>number</td><td>0.1</td><td>standard deviation of the N(0, std^2) weight initialisation (biases keep PyTorch's default)</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>5e-4</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>20 epochs</td><td>passes over the training set per training</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>256 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>1</td><td>initialisation, dropout and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record FashionMlpConfig(
        @Param(doc = "train the notebook's cell [175] as written (ReLU+Softmax before the cross-entropy, std-0 weights, "
                + "lr 784 from the swapped arguments, weight decay 0.09, 64 hidden units) instead of the fixed grid") boolean reproduceSeedBugs,
        @Param(doc = "dropout probabilities after the first hidden ReLU, one grid row each (0 = off)") List<Double> dropouts,
        @Param(doc = "Adam weight decays (L2 added to the gradient, torch.optim.Adam's weight_decay), one grid column each (0 = off)")
        List<Double> weightDecays,
        @Param(doc = "hidden layer widths between the 784 inputs and the 10 outputs (the seed's layer_dim)", unit = "units") List<Integer> hidden,
        @Param(doc = "standard deviation of the N(0, std^2) weight initialisation (biases keep PyTorch's default)") double initStd,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "passes over the training set per training", unit = "epochs") int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "initialisation, dropout and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    /** The seed's intended weight decay (cells [49] and [182]). */
    public static final double SEED_WEIGHT_DECAY = 0.002;
    /** The seed's dropout (cell [182]). */
    public static final double SEED_DROPOUT = 0.2;
    /** Cell [175]'s learning rate as the notebook ran it: the input size 784, passed in the learning rate's place. */
    public static final double AS_WRITTEN_LR = 784;
    /** Cell [175]'s weight decay ({@code build_model}'s default {@code weight_decay_param = 0.09}). */
    public static final double AS_WRITTEN_WEIGHT_DECAY = 0.09;

    public FashionMlpConfig {
        Check.distinct(dropouts, "dropouts", "probability");
        Check.that(dropouts.stream().allMatch(p -> p >= 0 && p < 1), "dropouts", "every probability must be in [0, 1)");
        Check.distinct(weightDecays, "weight-decays", "value");
        Check.that(weightDecays.stream().allMatch(w -> w >= 0), "weight-decays", "every value must be >= 0");
        Check.that(hidden != null && !hidden.isEmpty(), "hidden", "needs at least one hidden layer width");
        Check.that(hidden.stream().allMatch(h -> h >= 1 && h <= Check.MAX_WIDTH), "hidden", "every width must be in 1..65,536");
        Check.nonNegative(initStd, "init-std");
        Check.positive(lr, "lr");
        Check.atLeast(epochs, 1, "epochs");
        Check.between(batchSize, 1, Check.MAX_BATCH, "batch-size");
        Check.between(limit, 0, 60_000, "limit");
        Check.atLeast(workers, 1, "workers");
        dropouts = List.copyOf(dropouts);
        weightDecays = List.copyOf(weightDecays);
        hidden = List.copyOf(hidden);
        FashionMlpConfig d = reproduceSeedBugs ? defaults() : null;
        Check.that(d == null || (dropouts.equals(d.dropouts()) && weightDecays.equals(d.weightDecays()) && hidden.equals(d.hidden())
                        && initStd == d.initStd() && lr == d.lr()), "reproduce-seed-bugs",
                "runs cell [175] as written (64 hidden units, std 0, lr 784, weight decay 0.09, no dropout): "
                        + "leave dropouts, weight-decays, hidden, init-std and lr at their defaults");
    }

    /** The seed's recipe and the 2×2 grid of dropout {0.2, 0} × weight decay {0.002, 0}, seed 1. */
    public static FashionMlpConfig defaults() {
        return new FashionMlpConfig(false, List.of(SEED_DROPOUT, 0.0), List.of(SEED_WEIGHT_DECAY, 0.0), List.of(256, 256), 0.1, 5e-4, 20, 256, 1,
                0, LenetConfig.defaultWorkers());
    }
}
