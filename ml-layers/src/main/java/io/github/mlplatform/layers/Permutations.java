package io.github.mlplatform.layers;

import java.util.SplittableRandom;

/** Seeded random permutations and subsets (Fisher–Yates with {@link SplittableRandom}). */
final class Permutations {

    private Permutations() {
    }

    /** A uniformly random permutation of {@code 0..n-1}; the same seed gives the same permutation. */
    static int[] random(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
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
