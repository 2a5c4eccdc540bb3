package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run comparative}, written to the run's {@code config.json} under the same keys.
 * The seed names the task only ("determine if two input images are the same"); the network is
 * {@link ComparativeNet} and the recipe the usual one for a small network: Adam 1e-3, batch 64,
 * binary cross-entropy on the logit, pixels in [0, 1]. Each epoch draws a fresh set of 60,000
 * balanced pairs from the training images (as many pairs as images, so an epoch costs about two
 * passes of the encoder over MNIST), seeded by {@code seed} and the epoch; the 10,000 test pairs are
 * drawn once from the test images. 5 epochs: measured on full data (docs/results.md,
 * "Comparative"), test pair accuracy goes 88.7, 91.0, 92.9, 93.9, 94.6% over epochs 1-5, still
 * +0.7 points at epoch 5 but past the steep part, and the 5 epochs take 29 s of training (about a
 * minute for the whole run with the classifier table) on the 2-core build machine, so the default
 * run stays short. Longer runs: {@code --epochs N}.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>5 epochs</td><td>passes of train-pairs pairs each (a fresh draw every epoch) (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 pairs</td><td>mini-batch size</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation, pair and reference draws seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code train-pairs}</td><td>integer</td><td>60000 pairs</td><td>balanced training pairs drawn per epoch (even)</td></tr>
 * <tr><td>{@code test-pairs}</td><td>integer</td><td>10000 pairs</td><td>balanced test pairs, drawn once from the test images (even) (--resume may change it)</td></tr>
 * <tr><td>{@code classify-digits}</td><td>integer</td><td>0 images</td><td>test digits labelled by comparison with the references (0 = all 10,000) (--resume may change it)</td></tr>
 * <tr><td>{@code reference-draws}</td><td>integer</td><td>5</td><td>independent draws of the references per class; accuracies are averaged over them (--resume may change it)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record ComparativeConfig(
        @Param(doc = "passes of train-pairs pairs each (a fresh draw every epoch)", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size", unit = "pairs") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "initialisation, pair and reference draws seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "balanced training pairs drawn per epoch (even)", unit = "pairs") int trainPairs,
        @Param(doc = "balanced test pairs, drawn once from the test images (even)", unit = "pairs", resumable = true) int testPairs,
        @Param(doc = "test digits labelled by comparison with the references (0 = all 10,000)", unit = "images", resumable = true)
        int classifyDigits,
        @Param(doc = "independent draws of the references per class; accuracies are averaged over them", resumable = true)
        int referenceDraws,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    public ComparativeConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.between(batchSize, 1, Check.MAX_BATCH, "batch-size");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.that(limit == 0 || (limit >= 200 && limit <= 60_000), "limit", "must be 0 (all 60,000) or 200..60,000 images (10 references of every class are drawn from them)");
        Check.that(trainPairs >= 2 && trainPairs <= 10_000_000 && trainPairs % 2 == 0, "train-pairs", "must be an even number in 2..10,000,000 (half same, half different)");
        Check.that(testPairs >= 2 && testPairs <= 10_000_000 && testPairs % 2 == 0, "test-pairs", "must be an even number in 2..10,000,000 (half same, half different)");
        Check.between(classifyDigits, 0, 10_000, "classify-digits");
        Check.atLeast(referenceDraws, 1, "reference-draws");
        Check.atLeast(workers, 1, "workers");
    }

    /** Adam 1e-3, batch 64, 5 epochs of 60,000 fresh pairs, seed 42; 10,000 test pairs; all 10,000 test digits classified, 5 reference draws. */
    public static ComparativeConfig defaults() {
        return new ComparativeConfig(5, 64, 1e-3, 42, 0, 60_000, 10_000, 0, 5, LenetConfig.defaultWorkers());
    }
}
