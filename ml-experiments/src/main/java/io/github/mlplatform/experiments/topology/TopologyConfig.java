package io.github.mlplatform.experiments.topology;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run topology}, written to the run's {@code config.json} under the same keys.
 * Defaults are the seed's recipe ({@code _03_determine_topology}: Adam 1e-3, batch 2048, 24 epochs,
 * loss {@code ‖output − target‖} summed over the batch, pixels in a fixed random order that is undone
 * for the analysis) with one change: the objective predicts each pixel from the others
 * ({@code masked}) instead of reproducing the input ({@code identity}, the seed's; see
 * {@link Objective}).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>24 epochs</td><td>passes over the training set (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>2048 images</td><td>mini-batch size (the last partial batch is dropped, as the seed's loader)</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code objective}</td><td>masked|identity</td><td>masked</td><td>masked: each pixel from the others (diagonal held at 0); identity: reproduce the input (the seed's)</td></tr>
 * <tr><td>{@code permute}</td><td>true|false</td><td>true</td><td>train on the pixels in a fixed random order (the seed's); the analysis undoes it</td></tr>
 * <tr><td>{@code links}</td><td>integer</td><td>8</td><td>strongest links per pixel counted for the neighbour share (--resume may change it)</td></tr>
 * <tr><td>{@code graph-threshold}</td><td>number</td><td>0.1</td><td>draw an edge between two pixels whose symmetrised weight is above this (--resume may change it)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation, permutation and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record TopologyConfig(
        @Param(doc = "passes over the training set", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size (the last partial batch is dropped, as the seed's loader)", unit = "images") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "masked: each pixel from the others (diagonal held at 0); identity: reproduce the input (the seed's)") Objective objective,
        @Param(doc = "train on the pixels in a fixed random order (the seed's); the analysis undoes it") boolean permute,
        @Param(doc = "strongest links per pixel counted for the neighbour share", resumable = true) int links,
        @Param(doc = "draw an edge between two pixels whose symmetrised weight is above this", resumable = true) double graphThreshold,
        @Param(doc = "initialisation, permutation and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    public TopologyConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.that(objective != null, "objective", "is required");
        Check.that(links >= 1 && links <= 100, "links", "must be in 1..100");
        Check.that(Double.isFinite(graphThreshold), "graph-threshold", "must be a number");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(workers, 1, "workers");
    }

    /** The seed's recipe with the masked objective, seed 42. */
    public static TopologyConfig defaults() {
        return new TopologyConfig(24, 2048, 1e-3, Objective.MASKED, true, 8, 0.1, 42, 0, LenetConfig.defaultWorkers());
    }
}
