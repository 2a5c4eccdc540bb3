package io.github.mlplatform.experiments.staged;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;
import io.github.mlplatform.layers.StagedNetwork;

/**
 * Settings of {@code ml run staged}, written to the run's {@code config.json} under the same keys.
 * Defaults: the seed's printout, ten stages of one {@code RandomSample(16) → Residual(Linear 16→16,
 * LayerNorm, ReLU, Dropout 0.5)} branch each, on MNIST; the seed gives no recipe, so Adam 1e-3
 * (PyTorch's default), batch 64 and 1 epoch per stage were chosen to keep the staged run and its
 * control within minutes on the 2-core build machine (docs/results.md has the measured run).
 * Stages beyond 10 follow {@link StagedNetwork.Config#seedDefaults()}: 5 branches each of 2, 4, 8 and
 * 16 residual layers (30 in all).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code stages}</td><td>integer</td><td>10 stages</td><td>stages, one new branch each (the seed's printout shows 10; at most 30)</td></tr>
 * <tr><td>{@code epochs-per-stage}</td><td>integer</td><td>1 epochs</td><td>passes over the training set per stage</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code subset-size}</td><td>integer</td><td>16 pixels</td><td>pixels each branch samples (RandomSample)</td></tr>
 * <tr><td>{@code dropout}</td><td>number</td><td>0.5</td><td>dropout after each residual layer's ReLU (0 = none)</td></tr>
 * <tr><td>{@code control}</td><td>true|false</td><td>true</td><td>also train the final network jointly from scratch for stages × epochs-per-stage epochs (the control)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation, pixel subsets and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record StagedConfig(
        @Param(doc = "stages, one new branch each (the seed's printout shows 10; at most 30)", unit = "stages") int stages,
        @Param(doc = "passes over the training set per stage", unit = "epochs") int epochsPerStage,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "pixels each branch samples (RandomSample)", unit = "pixels") int subsetSize,
        @Param(doc = "dropout after each residual layer's ReLU (0 = none)") double dropout,
        @Param(doc = "also train the final network jointly from scratch for stages × epochs-per-stage epochs (the control)") boolean control,
        @Param(doc = "initialisation, pixel subsets and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    /** How many stages the seed's branch list has. */
    public static final int MAX_STAGES = 30;

    public StagedConfig {
        Check.that(stages >= 1 && stages <= MAX_STAGES, "stages", "must be in 1.." + MAX_STAGES);
        Check.atLeast(epochsPerStage, 1, "epochs-per-stage");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.positive(lr, "lr");
        Check.that(subsetSize >= 1 && subsetSize <= 784, "subset-size", "must be in 1..784");
        Check.that(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(workers, 1, "workers");
    }

    /** Ten stages, 1 epoch each, batch 64, Adam 1e-3, 16 pixels per branch, dropout 0.5, with the control, seed 42. */
    public static StagedConfig defaults() {
        return new StagedConfig(10, 1, 64, 1e-3, 16, 0.5, true, 42, 0, LenetConfig.defaultWorkers());
    }

    /** The network settings: the first {@code stages} branches of the seed's list. */
    public StagedNetwork.Config network() {
        StagedNetwork.Config s = StagedNetwork.Config.seedDefaults();
        return new StagedNetwork.Config(s.inputSize(), subsetSize, s.layersPerBranch().subList(0, stages), dropout, s.classes(), seed);
    }
}
