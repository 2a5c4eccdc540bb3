package io.github.mlplatform.experiments.names;

import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;

/**
 * Settings of {@code ml run mlp-names}, written to the run's {@code config.json} under the same
 * keys. Defaults: the makemore MLP lecture's recipe (Bengio et al. 2003 on names): 3 characters
 * of context, 10-dimensional character embeddings, 200 tanh units, plain SGD on minibatches of 32
 * drawn uniformly with replacement, 200,000 steps at learning rate 0.1 and 0.01 from step 100,000,
 * makemore's 80/10/10 split of {@code names.txt} by word ({@code random.seed(42)}).
 *
 * <p>Steps are trained in "epochs" of {@code epoch-steps} random minibatches (10,000 by default):
 * the unit of the per-epoch metrics (train and dev loss), of the checkpoints a killed run resumes
 * from, and of the learning-rate schedule, which is the {@code Trainer}'s step schedule over
 * epochs: the rate is multiplied by {@code lr-after / lr} every {@code decay-step} steps (with the
 * defaults that is once, at step 100,000; {@code decay-step} must be a multiple of
 * {@code epoch-steps}).
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code steps}</td><td>integer</td><td>200000 steps</td><td>SGD steps (one minibatch each) (--resume may change it)</td></tr>
 * <tr><td>{@code decay-step}</td><td>integer</td><td>100000 steps</td><td>multiply the learning rate by lr-after/lr every this many steps (0 = constant lr); a multiple of epoch-steps</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.1</td><td>learning rate of the first decay-step steps</td></tr>
 * <tr><td>{@code lr-after}</td><td>number</td><td>0.01</td><td>learning rate after decay-step steps</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>32 examples</td><td>minibatch size; batches are drawn uniformly with replacement from the training examples</td></tr>
 * <tr><td>{@code block-size}</td><td>integer</td><td>3 characters</td><td>characters of context</td></tr>
 * <tr><td>{@code embedding}</td><td>integer</td><td>10</td><td>size of each character's embedding vector (with 2 the embedding figure is the table itself)</td></tr>
 * <tr><td>{@code hidden}</td><td>integer</td><td>200</td><td>tanh units of the hidden layer</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the initial weights, the minibatches and the sampled names</td></tr>
 * <tr><td>{@code split-seed}</td><td>integer</td><td>42</td><td>seed of the train/dev/test split by word (Python's random.seed(n); random.shuffle, as makemore)</td></tr>
 * <tr><td>{@code samples}</td><td>integer</td><td>20 names</td><td>names to sample from the trained model (--resume may change it)</td></tr>
 * <tr><td>{@code epoch-steps}</td><td>integer</td><td>10000 steps</td><td>steps per epoch: per-epoch metrics, checkpoints and the learning-rate schedule</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record MlpNamesConfig(
        @Param(doc = "SGD steps (one minibatch each)", unit = "steps", resumable = true) int steps,
        @Param(doc = "multiply the learning rate by lr-after/lr every this many steps (0 = constant lr); a multiple of epoch-steps",
                unit = "steps") int decayStep,
        @Param(doc = "learning rate of the first decay-step steps") double lr,
        @Param(doc = "learning rate after decay-step steps") double lrAfter,
        @Param(doc = "minibatch size; batches are drawn uniformly with replacement from the training examples",
                unit = "examples") int batchSize,
        @Param(doc = "characters of context", unit = "characters") int blockSize,
        @Param(doc = "size of each character's embedding vector (with 2 the embedding figure is the table itself)") int embedding,
        @Param(doc = "tanh units of the hidden layer") int hidden,
        @Param(doc = "seed of the initial weights, the minibatches and the sampled names") long seed,
        @Param(doc = "seed of the train/dev/test split by word (Python's random.seed(n); random.shuffle, as makemore)")
        long splitSeed,
        @Param(doc = "names to sample from the trained model", unit = "names", resumable = true) int samples,
        @Param(doc = "steps per epoch: per-epoch metrics, checkpoints and the learning-rate schedule", unit = "steps")
        int epochSteps) {

    public MlpNamesConfig {
        Check.atLeast(steps, 1, "steps");
        Check.atLeast(decayStep, 0, "decay-step");
        Check.that(lr > 0 && Double.isFinite(lr), "lr", "must be a number > 0");
        Check.that(lrAfter > 0 && Double.isFinite(lrAfter), "lr-after", "must be a number > 0");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.atLeast(blockSize, 1, "block-size");
        Check.atLeast(embedding, 1, "embedding");
        Check.atLeast(hidden, 1, "hidden");
        Check.that(splitSeed >= 0 && splitSeed <= 0xFFFF_FFFFL, "split-seed", "must be in 0..4294967295 (a 32-bit Python seed)");
        Check.atLeast(samples, 0, "samples");
        Check.atLeast(epochSteps, 1, "epoch-steps");
        Check.that(decayStep % epochSteps == 0, "decay-step",
                "must be a multiple of epoch-steps (" + epochSteps + "): the learning rate changes between epochs");
    }

    /** The lecture's recipe, seed 42. */
    public static MlpNamesConfig defaults() {
        return new MlpNamesConfig(200_000, 100_000, 0.1, 0.01, 32, 3, 10, 200, 42, 42, 20, 10_000);
    }

    /** Number of epochs: {@code steps / epoch-steps}, rounded up (the last one may be shorter). */
    public int epochs() {
        return (steps + epochSteps - 1) / epochSteps;
    }

    /** Steps of the 0-based {@code epoch}. */
    public int stepsIn(int epoch) {
        return Math.min(epochSteps, steps - epoch * epochSteps);
    }

    /** Plain SGD, stepped by lr-after/lr every decay-step/epoch-steps epochs. */
    public TrainerConfig trainer() {
        TrainerConfig t = TrainerConfig.of(epochs(), Optimizer.sgd(lr));
        return decayStep == 0 ? t : t.withStepLr(decayStep / epochSteps, lrAfter / lr);
    }

    /** The learning rate in force at 0-based {@code step}. */
    public double learningRateAt(long step) {
        return decayStep == 0 ? lr : lr * Math.pow(lrAfter / lr, Math.floorDiv(step, decayStep));
    }
}
