package io.github.mlplatform.invariance;

/**
 * Selects the n largest of N activations with a deterministic tie rule: a larger activation wins;
 * among equal activations the one with the <em>larger index</em> wins. This is what the seed's
 * {@code argsort(p)[-n_w:]} gives with a stable ascending sort (equal values keep index order, and
 * the last n are taken). NaN never wins (a NaN activation means broken weights, reported
 * separately). Runs in O(N n) with no allocation.
 */
public final class WinnerSelection {

    private WinnerSelection() {
    }

    /**
     * Writes the indices of the n = {@code winners.length} largest values of {@code p[0..len)} into
     * {@code winners}, best first; returns the number found (less than n only if fewer than n
     * values are not NaN).
     */
    public static int topN(float[] p, int len, int[] winners) {
        int n = winners.length;
        int filled = 0;
        for (int i = 0; i < len; i++) {
            float v = p[i];
            if (v != v) {
                continue;
            }
            if (filled == n) {
                // the current n-th (smallest rank) has a smaller index, so equality means i ranks higher
                if (!(v >= p[winners[n - 1]])) {
                    continue;
                }
                filled--;
            }
            int pos = filled;
            while (pos > 0 && v >= p[winners[pos - 1]]) {
                winners[pos] = winners[pos - 1];
                pos--;
            }
            winners[pos] = i;
            filled++;
        }
        return filled;
    }

    /** {@link #topN(float[], int, int[])} for doubles. */
    public static int topN(double[] p, int len, int[] winners) {
        int n = winners.length;
        int filled = 0;
        for (int i = 0; i < len; i++) {
            double v = p[i];
            if (v != v) {
                continue;
            }
            if (filled == n) {
                if (!(v >= p[winners[n - 1]])) {
                    continue;
                }
                filled--;
            }
            int pos = filled;
            while (pos > 0 && v >= p[winners[pos - 1]]) {
                winners[pos] = winners[pos - 1];
                pos--;
            }
            winners[pos] = i;
            filled++;
        }
        return filled;
    }
}
