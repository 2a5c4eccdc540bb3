/**
 * Seeded pairs and references drawn from one split of a labelled image set: {@link
 * io.github.mlplatform.datasets.pairs.PairSampler} (balanced same/different pairs, k references per
 * class) and {@link io.github.mlplatform.datasets.pairs.ImagePairs} (the pairs as two-channel
 * batches).
 */
package io.github.mlplatform.datasets.pairs;
