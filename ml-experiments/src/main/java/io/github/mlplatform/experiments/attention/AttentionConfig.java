package io.github.mlplatform.experiments.attention;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;

/**
 * Settings of {@code ml run self-attention}, written to the run's {@code config.json} under the same
 * keys. The seed's printout gives the network's shape: 2×2 max pooling to 14×14 = 196 tokens of
 * width 8, blocks of {@code Residual(LayerNorm((196, 8)) → 2 attention heads)}; it gives no optimiser,
 * batch, epochs or number of blocks. Defaults: image side 14 with max pooling (the seed's), width 8,
 * 2 heads, 2 layers, Adam 1e-3, batch 64, pixels in [0, 1], the baseline (the same network without
 * attention) trained beside it. Side 14 because side 28 makes 784×784 attention maps per head
 * (16 times the work of 196×196 per layer): measured in docs/results.md ("Self-attention").
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code epochs}</td><td>integer</td><td>5 epochs</td><td>passes over the training set (--resume may change it)</td></tr>
 * <tr><td>{@code batch-size}</td><td>integer</td><td>64 images</td><td>mini-batch size</td></tr>
 * <tr><td>{@code lr}</td><td>number</td><td>0.001</td><td>Adam learning rate</td></tr>
 * <tr><td>{@code image-size}</td><td>integer</td><td>14 pixels</td><td>image side the tokens come from: 28 (784 tokens) or 14 (196 tokens, after 2×2 pooling)</td></tr>
 * <tr><td>{@code pool}</td><td>max|avg</td><td>max</td><td>the 2×2 pooling to side 14: max (the seed's MaxPool2d) or avg</td></tr>
 * <tr><td>{@code width}</td><td>integer</td><td>8</td><td>token width d (the seed's embedding dimension)</td></tr>
 * <tr><td>{@code heads}</td><td>integer</td><td>2</td><td>attention heads per layer (width must be a multiple)</td></tr>
 * <tr><td>{@code layers}</td><td>integer</td><td>2</td><td>attention layers, each Residual(LayerNorm → SelfAttention); 0 = no attention</td></tr>
 * <tr><td>{@code baseline}</td><td>true|false</td><td>true</td><td>also train the baseline, the same network with 0 attention layers, for the same epochs</td></tr>
 * <tr><td>{@code query-row}</td><td>integer</td><td>-1 pixels</td><td>the query pixel of the attention maps: its row in the side × side image (-1 = the middle row) (--resume may change it)</td></tr>
 * <tr><td>{@code query-col}</td><td>integer</td><td>-1 pixels</td><td>the query pixel's column (-1 = the middle column) (--resume may change it)</td></tr>
 * <tr><td>{@code maps}</td><td>integer</td><td>4 images</td><td>test digits whose attention maps are drawn (--resume may change it)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>initialisation and shuffling seed</td></tr>
 * <tr><td>{@code limit}</td><td>integer</td><td>0 images</td><td>use only the first N training images (0 = all 60,000)</td></tr>
 * <tr><td>{@code test-limit}</td><td>integer</td><td>0 images</td><td>evaluate on the first N test images only (0 = all 10,000)</td></tr>
 * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>data-parallel training threads (changes the result only by float rounding) (--resume may change it)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record AttentionConfig(
        @Param(doc = "passes over the training set", unit = "epochs", resumable = true) int epochs,
        @Param(doc = "mini-batch size", unit = "images") int batchSize,
        @Param(doc = "Adam learning rate") double lr,
        @Param(doc = "image side the tokens come from: 28 (784 tokens) or 14 (196 tokens, after 2×2 pooling)", unit = "pixels")
        int imageSize,
        @Param(doc = "the 2×2 pooling to side 14: max (the seed's MaxPool2d) or avg") AttentionNet.Pooling pool,
        @Param(doc = "token width d (the seed's embedding dimension)") int width,
        @Param(doc = "attention heads per layer (width must be a multiple)") int heads,
        @Param(doc = "attention layers, each Residual(LayerNorm → SelfAttention); 0 = no attention") int layers,
        @Param(doc = "also train the baseline, the same network with 0 attention layers, for the same epochs") boolean baseline,
        @Param(doc = "the query pixel of the attention maps: its row in the side × side image (-1 = the middle row)", unit = "pixels",
                resumable = true) int queryRow,
        @Param(doc = "the query pixel's column (-1 = the middle column)", unit = "pixels", resumable = true) int queryCol,
        @Param(doc = "test digits whose attention maps are drawn", unit = "images", resumable = true) int maps,
        @Param(doc = "initialisation and shuffling seed") long seed,
        @Param(doc = "use only the first N training images (0 = all 60,000)", unit = "images") int limit,
        @Param(doc = "evaluate on the first N test images only (0 = all 10,000)", unit = "images") int testLimit,
        @Param(doc = "data-parallel training threads (changes the result only by float rounding)",
                defaultText = "cores, at most 2", resumable = true) int workers) {

    public AttentionConfig {
        Check.atLeast(epochs, 1, "epochs");
        Check.between(batchSize, 1, 1024, "batch-size"); // [batch, heads, T, T] scores: 5 GB at 1024 x 2 x 784^2
        Check.positive(lr, "lr");
        Check.that(imageSize == 28 || imageSize == 14, "image-size", "must be 28 or 14");
        Check.that(pool != null, "pool", "must be max or avg");
        Check.between(width, 1, 1024, "width");
        Check.atLeast(heads, 1, "heads");
        Check.that(width % heads == 0, "heads", "must divide width (" + width + ")");
        Check.that(layers >= 0 && layers <= 16, "layers", "must be in 0..16");
        Check.that(queryRow >= -1 && queryRow < imageSize, "query-row", "must be -1 (middle) or in 0.." + (imageSize - 1));
        Check.that(queryCol >= -1 && queryCol < imageSize, "query-col", "must be -1 (middle) or in 0.." + (imageSize - 1));
        Check.that(maps >= 0 && maps <= 32, "maps", "must be in 0..32");
        Check.between(limit, 0, 60_000, "limit");
        Check.between(testLimit, 0, 10_000, "test-limit");
        Check.atLeast(workers, 1, "workers");
    }

    /**
     * Side 14 (max pooling), width 8, 2 heads, 2 layers, Adam 1e-3, batch 64, 5 epochs, the baseline beside it, 4 maps, seed 42.
     * Measured (docs/results.md, "Self-attention"): the 5 epochs take 4 minutes on the full set (42–62 s per epoch, 2 workers)
     * and reach 94.27% against the baseline's 91.37%, still gaining about a point per epoch: a budget, not convergence.
     */
    public static AttentionConfig defaults() {
        return new AttentionConfig(5, 64, 1e-3, 14, AttentionNet.Pooling.MAX, 8, 2, 2, true, -1, -1, 4, 42, 0, 0,
                LenetConfig.defaultWorkers());
    }

    /** The network these settings train. */
    public AttentionNet.Spec network() {
        return new AttentionNet.Spec(imageSize, pool, width, heads, layers);
    }

    /** The query pixel of the maps as {row, column} in the side × side image. */
    public int[] queryPixel() {
        return new int[]{queryRow < 0 ? imageSize / 2 : queryRow, queryCol < 0 ? imageSize / 2 : queryCol};
    }
}
