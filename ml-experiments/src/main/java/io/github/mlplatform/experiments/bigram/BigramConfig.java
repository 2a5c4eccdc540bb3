package io.github.mlplatform.experiments.bigram;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;

/**
 * Settings of {@code ml run bigram}, written to the run's {@code config.json} under the same keys.
 * Defaults follow makemore's bigram lecture, which the seed's {@code softMax_linLayer_makemore} notes
 * retrace: counts with add-one smoothing, and a 27 → 27 linear layer on one-hot characters (weights
 * N(0, 1), no bias) trained on all names by full-batch gradient descent at learning rate 50 with the
 * penalty 0.01·mean(W²). (The seed's notebook itself runs 10,000 epochs with the rate falling linearly
 * from 100 to 10, no penalty and unseeded weights; the Trainer has no linear schedule, so the nearest
 * run is {@code -P lr=100 -P l2=0 --epochs 10000}. Both end at the count model.)
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the initial weights and of the sampled names</td></tr>
 * <tr><td>{@code smoothing}</td><td>number</td><td>1</td><td>k added to every count of the count model (1: makemore's add-one)</td></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>300 epochs</td><td>full-batch gradient-descent steps of the linear layer (one epoch = one step on all pairs) (--resume may change it)</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>50</td><td>learning rate of the gradient descent (makemore: 50)</td></tr>
 * <tr><td>{@code l2}</td><td>number</td><td>0.01</td><td>penalty l2·mean(W^2) added to the loss (makemore: 0.01; 0 = none)</td></tr>
 * <tr><td>{@code init-std}</td><td>number</td><td>1</td><td>standard deviation of the initial weights (makemore: torch.randn, 1)</td></tr>
 * <tr><td>{@code batch}</td><td>pairs|grouped</td><td>pairs</td><td>pairs: one one-hot row per pair (makemore); grouped: the 27 distinct rows weighted by their counts (same loss and gradient, far less work)</td></tr>
 * <tr><td>{@code samples}</td><td>integer</td><td>20 names</td><td>names sampled from each model (from the same random stream)</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 names</td><td>use only the first N names (0 = all 32,033)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record BigramConfig(
        @Param(doc = "seed of the initial weights and of the sampled names") long seed,
        @Param(doc = "k added to every count of the count model (1: makemore's add-one)") double smoothing,
        @Param(doc = "full-batch gradient-descent steps of the linear layer (one epoch = one step on all pairs)", unit = "epochs",
                resumable = true) int epochs,
        @Param(doc = "learning rate of the gradient descent (makemore: 50)") double lr,
        @Param(doc = "penalty l2·mean(W^2) added to the loss (makemore: 0.01; 0 = none)") double l2,
        @Param(doc = "standard deviation of the initial weights (makemore: torch.randn, 1)") double initStd,
        @Param(doc = "pairs: one one-hot row per pair (makemore); grouped: the 27 distinct rows weighted by their counts "
                + "(same loss and gradient, far less work)") BatchMode batch,
        @Param(doc = "names sampled from each model (from the same random stream)", unit = "names") int samples,
        @Param(doc = "use only the first N names (0 = all 32,033)", unit = "names") int limit) {

    public BigramConfig {
        Check.that(Double.isFinite(smoothing) && smoothing >= 0, "smoothing", "must be a number >= 0");
        Check.atLeast(epochs, 1, "epochs");
        Check.positive(lr, "lr");
        Check.nonNegative(l2, "l2");
        Check.nonNegative(initStd, "init-std");
        Check.that(batch != null, "batch", "is required");
        Check.atLeast(samples, 0, "samples");
        Check.atLeast(limit, 0, "limit");
    }

    public static BigramConfig defaults() {
        return new BigramConfig(42, 1, 300, 50, 0.01, 1, BatchMode.PAIRS, 20, 0);
    }
}
