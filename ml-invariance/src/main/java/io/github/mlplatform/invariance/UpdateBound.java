package io.github.mlplatform.invariance;

/**
 * The cheap per-step weight check of the ND4J invariant layers, from o and h alone (two small host
 * transfers instead of reductions over U). With U &gt;= 0 and finite before the step, the update
 * {@code U (1 + o_k h_j)} keeps U &gt;= 0 when {@code 1 + max(o) min(h) > 1e-6} (the margin covers
 * rounding), and finite while an upper bound of max(U), multiplied by {@code 1 + max(o) max(h)} each
 * step, stays below 1e30. When either certificate fails the caller checks U exactly after the update
 * and resets the bound to the exact maximum.
 */
final class UpdateBound {

    private double maxBound;

    /** Starts from the exact maximum of U. */
    UpdateBound(double maxOfU) {
        this.maxBound = maxOfU;
    }

    /** After an exact check or a renormalisation: the new upper bound of max(U). */
    void reset(double maxOfU) {
        this.maxBound = maxOfU;
    }

    /**
     * Advances the bound over one update from {@code o[oOff .. oOff+k)} and {@code h[hOff .. hOff+n)}.
     *
     * @return true when the certificate fails and U must be checked exactly after the update
     * @throws InvalidWeightsException if o or h is not finite (U would not be)
     */
    boolean needsExactCheck(double[] o, int oOff, int k, double[] h, int hOff, int n, long step) {
        double omax = 0;
        boolean finite = true;
        for (int i = oOff; i < oOff + k; i++) {
            double v = o[i];
            finite &= v >= 0 && v <= Double.MAX_VALUE;
            omax = Math.max(omax, v);
        }
        double hmin = Double.POSITIVE_INFINITY;
        double hmax = Double.NEGATIVE_INFINITY;
        for (int j = hOff; j < hOff + n; j++) {
            double v = h[j];
            finite &= Math.abs(v) <= Double.MAX_VALUE;
            hmin = Math.min(hmin, v);
            hmax = Math.max(hmax, v);
        }
        if (!finite) {
            throw new InvalidWeightsException("invariant", step, "the EMA state o or the update factor h is not finite"
                    + " (so U would not be)");
        }
        maxBound *= 1 + omax * Math.max(hmax, 0);
        return 1 + omax * hmin <= 1e-6 || !(maxBound < 1e30);
    }
}
