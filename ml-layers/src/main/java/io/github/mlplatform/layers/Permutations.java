package io.github.mlplatform.layers;

import java.util.SplittableRandom;

/** Seeded random permutations and subsets (Fisher–Yates with {@link SplittableRandom}). */
final class Permutations {

    private Permutations() {
    }

    /** A uniformly random permutation of {@code 0..n-1}; the same seed gives the same permutation (ml-core's). */
    static int[] random(int n, long seed) {
        return io.github.mlplatform.core.util.Permutations.random(n, seed);
    }

    /** {@code q} with {@code q[p[i]] = i}. */
    static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            q[p[i]] = i;
        }
        return q;
    }
}
