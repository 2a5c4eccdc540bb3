package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class WinnerSelectionTest {

    /** The seed's rule by brute force: stable ascending argsort, take the last n, best first. */
    static int[] stableArgsortLast(double[] p, int n) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        int[] out = new int[n];
        for (int t = 0; t < n; t++) {
            out[t] = order[p.length - 1 - t];
        }
        return out;
    }

    @Test
    void matchesAStableArgsortOnValuesWithManyTies() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            int len = 1 + rng.nextInt(40);
            int n = 1 + rng.nextInt(len);
            double[] p = new double[len];
            float[] pf = new float[len];
            for (int i = 0; i < len; i++) {
                p[i] = rng.nextInt(4);      // only 4 distinct values: ties everywhere
                pf[i] = (float) p[i];
            }
            int[] want = stableArgsortLast(p, n);
            int[] got = new int[n];
            assertThat(WinnerSelection.topN(p, len, got)).isEqualTo(n);
            assertThat(got).as("trial %d: %s", trial, Arrays.toString(p)).containsExactly(want);
            int[] gotF = new int[n];
            WinnerSelection.topN(pf, len, gotF);
            assertThat(gotF).containsExactly(want);
        }
    }

    @Test
    void largerIndexWinsATieAndNanNeverWins() {
        int[] w = new int[2];
        assertThat(WinnerSelection.topN(new float[] {1, 3, 2, 3, Float.NaN}, 5, w)).isEqualTo(2);
        assertThat(w).containsExactly(3, 1);
        assertThat(WinnerSelection.topN(new double[] {Double.NaN, Double.NaN, 0.5}, 3, w)).isEqualTo(1);
        assertThat(w[0]).isEqualTo(2);
    }
}
