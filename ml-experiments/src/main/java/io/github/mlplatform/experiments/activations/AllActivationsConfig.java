package io.github.mlplatform.experiments.activations;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

import java.util.List;

/**
 * Settings of {@code ml run all-activations}, written to the run's {@code config.json} under the same
 * keys. The seed gives the block, not the recipe around it; the defaults are chosen so the whole
 * comparison (2 data sets × 11 variants × 3 seeds = 66 trainings) finishes on the 2-core build
 * machine in minutes: H = 64 hidden units (a multiple of 8, as the block needs), Adam 1e-3 (PyTorch's
 * default learning rate, no tuning per variant, so no variant is favoured), batch 128, 2 epochs.
 * Measured timings and accuracies are in docs/results.md.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code datasets}</td><td>list of mnist|fashion-mnist</td><td>mnist,fashion-mnist</td><td>image sets, each trained and tested on its own</td></tr>
 * <tr><td>{@code variants}</td><td>list of all|identity|relu|gelu|sigmoid|leaky-relu|log-sigmoid|softmax-grouped-4|softmax-grouped-8|conv1d-4|conv1d-8</td><td>all,identity,relu,gelu,sigmoid,leaky-relu,log-sigmoid,softmax-grouped-4,softmax-grouped-8,conv1d-4,conv1d-8</td><td>blocks compared: all = the seed's Parallel of ten branches; the others one branch alone</td></tr>
 * <tr><td>{@code seeds}</td><td>list of integer</td><td>1,2,3</td><td>one training per seed (initialisation, shuffling and the permuted branches' permutations)</td></tr>
 * <tr><td>{@code hidden}</td><td>integer</td><td>64 units</td><td>width H of the first Linear layer, a multiple of 8</td></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>2 epochs</td><td>passes over the training set per training</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>128 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record AllActivationsConfig(
        @Param(doc = "image sets, each trained and tested on its own") List<AllActivationsDataset> datasets,
        @Param(doc = "blocks compared: all = the seed's Parallel of ten branches; the others one branch alone") List<AllActivationsVariant> variants,
        @Param(doc = "one training per seed (initialisation, shuffling and the permuted branches' permutations)") List<Long> seeds,
        @Param(doc = "width H of the first Linear layer, a multiple of 8", unit = "units") int hidden,
        @Param(doc = "passes over the training set per training", unit = "epochs") int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    public AllActivationsConfig {
        Check.distinct(datasets, "datasets", "data set");
        Check.distinct(variants, "variants", "variant");
        Check.distinct(seeds, "seeds", "seed");
        Check.that(hidden > 0 && hidden % 8 == 0, "hidden", "must be a positive multiple of 8 (SoftmaxGrouped(8) and Conv1d(8) group by 8)");
        Check.atLeast(epochs, 1, "epochs");
        Check.atLeast(batchSize, 1, "batch-size");
        Check.positive(lr, "lr");
        Check.atLeast(limit, 0, "limit");
        Check.atLeast(workers, 1, "workers");
        datasets = List.copyOf(datasets);
        variants = List.copyOf(variants);
        seeds = List.copyOf(seeds);
    }

    /** Both data sets, all eleven variants, seeds 1, 2, 3, H 64, 2 epochs, batch 128, Adam 1e-3. */
    public static AllActivationsConfig defaults() {
        return new AllActivationsConfig(List.of(AllActivationsDataset.values()), List.of(AllActivationsVariant.values()),
                List.of(1L, 2L, 3L), 64, 2, 128, 1e-3, 0, LenetConfig.defaultWorkers());
    }
}
