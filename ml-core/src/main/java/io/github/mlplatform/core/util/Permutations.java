package io.github.mlplatform.core.util;

import java.util.SplittableRandom;

/** Seeded random permutations, shared by the modules that shuffle (ml-layers, ml-invariance). */
public final class Permutations {

    private Permutations() {
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher–Yates with {@link SplittableRandom});
     * the same seed gives the same permutation.
     *
     * @throws IllegalArgumentException if n is negative
     */
    public static int[] random(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation size must be >= 0, got " + n);
        }
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
}
