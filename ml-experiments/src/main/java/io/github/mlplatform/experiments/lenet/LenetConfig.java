package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;

import java.util.Locale;

/**
 * Settings of {@code ml run lenet}, written to the run's {@code config.json} under the same keys.
 * Defaults: SGD with Nesterov momentum 0.9, learning rate 0.05 ×0.2 every 5 epochs, weight decay
 * 1e-4, batch 64, 12 epochs. Measured (docs/results.md): 99.0% test accuracy from epoch 6 on,
 * where Adam 1e-3 (the first choice) overfit and plateaued at 98.76%.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>12 epochs</td><td>passes over the training set (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code optimizer}</td><td>sgd|adam|adadelta</td><td>sgd</td><td>sgd: Nesterov momentum when momentum &gt; 0; adadelta: lr multiplies its step as in PyTorch (1.0 = plain AdaDelta)</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.05</td><td>base learning rate (the per-epoch metric lr is the rate in force)</td></tr>
 * <tr><td>{@code momentum}</td><td>number</td><td>0.9</td><td>SGD momentum (Nesterov); 0 = plain SGD</td></tr>
 * <tr><td>{@code weight-decay}</td><td>number</td><td>1e-4</td><td>L2 coefficient added to every gradient, biases included (PyTorch weight_decay)</td></tr>
 * <tr><td>{@code lr-step}</td><td>integer</td><td>5 epochs</td><td>multiply the learning rate by lr-gamma every this many epochs (0 = constant)</td></tr>
 * <tr><td>{@code lr-gamma}</td><td>number</td><td>0.2</td><td>the step factor of the learning rate</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record LenetConfig(
        @Param(doc = "passes over the training set", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "sgd: Nesterov momentum when momentum > 0; adadelta: lr multiplies its step as in PyTorch (1.0 = plain AdaDelta)") OptimizerType optimizer,
        @Param(doc = "base learning rate (the per-epoch metric lr is the rate in force)") double lr,
        @Param(doc = "SGD momentum (Nesterov); 0 = plain SGD") double momentum,
        @Param(doc = "L2 coefficient added to every gradient, biases included (PyTorch weight_decay)") double weightDecay,
        @Param(doc = "multiply the learning rate by lr-gamma every this many epochs (0 = constant)", unit = "epochs") int lrStep,
        @Param(doc = "the step factor of the learning rate") double lrGamma,
        @Param(doc = "initialisation and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    public LenetConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.that(optimizer != null, "optimizer", "is required");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.that(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1)");
        Check.nonNegative(weightDecay, "weight-decay");
        Check.atLeast(lrStep, 0, "lr-step");
        Check.positive(lrGamma, "lr-gamma");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(workers, 1, "workers");
    }

    /** The seed's recipe with seed 42 and {@link #defaultWorkers()} workers. */
    public static LenetConfig defaults() {
        return new LenetConfig(12, 64, OptimizerType.SGD, 0.05, 0.9, 1e-4, 5, 0.2, 42, 0, defaultWorkers());
    }

    /** One worker per core, at most 2 (measured best on the 2-core build machine; docs/results.md). */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public TrainerConfig trainer() {
        return TrainerConfig.of(epochs, new Optimizer(optimizer.name().toLowerCase(Locale.ROOT), lr, momentum))
                .withWeightDecay(weightDecay).withStepLr(lrStep, lrGamma);
    }
}
