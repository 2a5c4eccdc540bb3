package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run convolution}, written to the run's {@code config.json} under the same
 * keys. Defaults are pytorch/examples {@code mnist/main.py}'s: Adadelta with learning rate 1.0
 * (rho 0.9, eps 1e-6, PyTorch's defaults), the rate ×0.7 after every epoch ({@code StepLR(step_size=1,
 * gamma=0.7)}), batch 64 shuffled every epoch, test batch 1000, 14 epochs, seed 1.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>14 epochs</td><td>passes over the training set (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code test-batch-size}</td><td>integer</td><td>1000 images</td><td>images per evaluation batch (changes nothing but speed and memory) (--resume may change it)</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>1</td><td>Adadelta learning rate: multiplies its step (PyTorch's Adadelta lr)</td></tr>
 * <tr><td>{@code lr-step}</td><td>integer</td><td>1 epochs</td><td>multiply the learning rate by lr-gamma every this many epochs (0 = constant)</td></tr>
 * <tr><td>{@code lr-gamma}</td><td>number</td><td>0.7</td><td>the step factor of the learning rate (PyTorch's StepLR gamma)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>1</td><td>initialisation, dropout and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code test-limit}</td><td>integer</td><td>0 images</td><td>evaluate on the first N test images only (0 = all 10,000)</td></tr>
 * <tr><td>{@code misclassified}</td><td>integer</td><td>64 images</td><td>misclassified test digits drawn in misclassified.png (--resume may change it)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>1</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * <tr><td>{@code threads}</td><td>integer</td><td>cores, at most 2</td><td>OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says) (--resume may change it)</td></tr>
 * <tr><td>{@code data-format}</td><td>nchw|nhwc</td><td>nhwc</td><td>where the convolutions keep the channels: nhwc (channels last, faster here) or nchw (PyTorch's default); the same function and parameters</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record ConvolutionConfig(
        @Param(doc = "passes over the training set", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "images per evaluation batch (changes nothing but speed and memory)", unit = "images", resumable = true) int testBatchSize,
        @Param(doc = "Adadelta learning rate: multiplies its step (PyTorch's Adadelta lr)") double lr,
        @Param(doc = "multiply the learning rate by lr-gamma every this many epochs (0 = constant)", unit = "epochs") int lrStep,
        @Param(doc = "the step factor of the learning rate (PyTorch's StepLR gamma)") double lrGamma,
        @Param(doc = "initialisation, dropout and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "evaluate on the first N test images only (0 = all 10,000)", unit = "images") int testLimit,
        @Param(doc = "misclassified test digits drawn in misclassified.png", unit = "images", resumable = true) int misclassified,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "1", resumable = true) int workers,
        @Param(doc = "OpenMP threads of each worker's native ops (0 = as OMP_NUM_THREADS says)",
                defaultText = "cores, at most 2", resumable = true) int threads,
        @Param(doc = "where the convolutions keep the channels: nhwc (channels last, faster here) or nchw (PyTorch's default);"
                + " the same function and parameters", absentMeans = "nchw") DataFormat dataFormat) {

    public ConvolutionConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.atLeast(testBatchSize, 1, "test-batch-size");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.atLeast(lrStep, 0, "lr-step");
        Check.that(lrGamma > 0 && Double.isFinite(lrGamma), "lr-gamma", "must be a number > 0");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(testLimit, 0, "test-limit");
        Check.that(misclassified >= 0 && misclassified <= 400, "misclassified", "must be in 0..400");
        Check.atLeast(workers, 1, "workers");
        Check.between(threads, 0, 256, "threads");
        Check.that(dataFormat != null, "data-format", "must be nhwc or nchw");
    }

    /**
     * pytorch/examples' recipe, seed 1 (its default); one worker whose convolutions run on
     * {@link LenetConfig#defaultWorkers()} OpenMP threads (cores, at most 2): measured faster here than
     * two data-parallel workers of one thread each; convolutions channels last (NHWC), which skips
     * oneDNN's reorders (docs/results.md, "Convolution").
     */
    public static ConvolutionConfig defaults() {
        return new ConvolutionConfig(14, 64, 1000, 1.0, 1, 0.7, 1, 0, 0, 64, 1, LenetConfig.defaultWorkers(), DataFormat.NHWC);
    }

    /** The trainer: Adadelta(lr) with the step schedule. */
    public TrainerConfig trainer() {
        return TrainerConfig.of(epochs, Optimizer.adadelta(lr)).withStepLr(lrStep, lrGamma);
    }
}
