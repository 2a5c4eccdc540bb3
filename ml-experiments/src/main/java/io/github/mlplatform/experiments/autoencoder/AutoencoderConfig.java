package io.github.mlplatform.experiments.autoencoder;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run autoencoder}, written to the run's {@code config.json} under the same keys.
 * The seed gives the network and the MSE loss but no optimiser, batch or epochs; the defaults are
 * Adam 1e-3, batch 64, 10 epochs, pixels scaled to [0, 1] (torchvision's {@code ToTensor}, what the
 * seed's notebooks feed), and PyTorch's initialisation: the usual recipe for a small autoencoder,
 * and the reference script's. Measured (docs/results.md, "Autoencoder"): on the first 10,000
 * training images the test MSE per pixel falls from 0.028 after epoch 1 to 0.0130 after epoch 10
 * (PyTorch, same recipe: 0.031 to 0.0127; predicting the mean image: 0.0675), still 2-3% per epoch
 * at the end, so 10 epochs of the 6x longer full set are past the steep part without making the
 * default run long. Not compared with other optimisers or epoch counts on the full set (no heavy
 * run could be made in that session).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>10 epochs</td><td>passes over the training set (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation, shuffling and t-SNE seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code tsne-points}</td><td>integer</td><td>0 images</td><td>test digits whose codes are mapped by t-SNE and scored by kNN (0 = all 10,000) (--resume may change it)</td></tr>
 * <tr><td>{@code perplexity}</td><td>number</td><td>30</td><td>t-SNE perplexity (effective number of neighbours) (--resume may change it)</td></tr>
 * <tr><td>{@code tsne-iterations}</td><td>integer</td><td>1000</td><td>t-SNE gradient-descent iterations (--resume may change it)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>1</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * <tr><td>{@code threads}</td><td>integer</td><td>cores, at most 2</td><td>OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says); t-SNE and kNN use workers x threads (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record AutoencoderConfig(
        @Param(doc = "passes over the training set", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "initialisation, shuffling and t-SNE seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "test digits whose codes are mapped by t-SNE and scored by kNN (0 = all 10,000)", unit = "images",
                resumable = true) int tsnePoints,
        @Param(doc = "t-SNE perplexity (effective number of neighbours)", resumable = true) double perplexity,
        @Param(doc = "t-SNE gradient-descent iterations", resumable = true) int tsneIterations,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "1", resumable = true) int workers,
        @Param(doc = "OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says); t-SNE and kNN use workers x threads",
                defaultText = "cores, at most 2", resumable = true) int threads) {

    public AutoencoderConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(tsnePoints, 0, "tsne-points");
        Check.that(perplexity > 1 && Double.isFinite(perplexity), "perplexity", "must be a number > 1");
        Check.atLeast(tsneIterations, 1, "tsne-iterations");
        Check.that(tsnePoints == 0 || tsnePoints - 1 >= 3 * perplexity, "tsne-points",
                "must be 0 (all test digits) or at least 3 x perplexity + 1 (t-SNE's neighbours)");
        Check.atLeast(workers, 1, "workers");
        Check.between(threads, 0, 256, "threads");
    }

    /** Threads of the t-SNE map and the kNN scores: the run's CPU budget, workers x threads (at least 1). */
    public int analysisThreads() {
        return workers * Math.max(1, threads);
    }

    /**
     * Adam 1e-3, batch 64, 10 epochs, seed 42; t-SNE of all 10,000 test codes, perplexity 30, 1,000
     * iterations; one worker whose native ops run on cores (at most 2) OpenMP threads, measured faster
     * than two 1-thread workers (docs/results.md, "Autoencoder").
     */
    public static AutoencoderConfig defaults() {
        return new AutoencoderConfig(10, 64, 1e-3, 42, 0, 0, 30, 1000, 1, LenetConfig.defaultWorkers());
    }
}
