package io.github.mlplatform.invariance;

/**
 * The seed's ways of reading a trained model, plus the numbers it only looked at in pictures.
 * <ul>
 *   <li>{@link #prototypes}: {@code U W} (K x M), each invariant neuron's preferred input; the seed's
 *       {@code iw @ sw}. {@link #normalisedPrototypes}: each row divided by its L2 norm (the seed's
 *       {@code www}).</li>
 *   <li>{@link #affinityGroups}: each invariant neuron's top-k sparse neurons by weight, weakest
 *       first; the seed's {@code argsort(iw, axis=1)[:, -9:]} (top 9 for 100 invariant neurons,
 *       18 for 49), drawn as the sparse prototypes {@code sw[...]}.</li>
 *   <li>{@link #representationStrength}: column sums of U, how strongly each sparse neuron is
 *       represented ({@code cp.sum(iw, axis=0)}); the seed looked at its argmin and argmax.</li>
 *   <li>{@link #coverage}: share of sparse neurons whose column sum exceeds 10% of the mean column
 *       sum, the seed's worry that sparse features get "entirely left out".</li>
 *   <li>{@link #evaluate}: the seed's analysis loop (no learning, o from zero) over frames, giving
 *       the {@link Slowness} of the invariant output o against the sparse output x, and the sparse
 *       layer's reconstruction error {@code mean (v - W^T s)^2} (also relative to mean v^2).</li>
 * </ul>
 */
public final class InvarianceAnalysis {

    /** Share of the mean column sum below which a sparse neuron counts as left out. */
    public static final double COVERAGE_FRACTION = 0.1;

    private InvarianceAnalysis() {
    }

    /** {@code U W}: (K x N) times (N x M). */
    public static DenseMatrix prototypes(DenseMatrix u, DenseMatrix w) {
        if (u.cols() != w.rows()) {
            throw new IllegalArgumentException("prototypes: U is " + u.rows() + "x" + u.cols() + " but W is "
                    + w.rows() + "x" + w.cols() + " (U's columns must equal W's rows)");
        }
        int k = u.rows();
        int n = u.cols();
        int m = w.cols();
        double[] out = new double[k * m];
        double[] ud = u.data();
        double[] wd = w.data();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                double a = ud[i * n + j];
                if (a == 0) {
                    continue;
                }
                int wo = j * m;
                int oo = i * m;
                for (int q = 0; q < m; q++) {
                    out[oo + q] += a * wd[wo + q];
                }
            }
        }
        return new DenseMatrix(k, m, out);
    }

    /** {@link #prototypes} with each row divided by its L2 norm (rows of zeros stay zero). */
    public static DenseMatrix normalisedPrototypes(DenseMatrix u, DenseMatrix w) {
        return normaliseRows(prototypes(u, w));
    }

    /** Each row divided by its L2 norm (rows of zeros stay zero). */
    public static DenseMatrix normaliseRows(DenseMatrix a) {
        double[] d = a.data().clone();
        int m = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            double s = 0;
            for (int q = 0; q < m; q++) {
                s += d[i * m + q] * d[i * m + q];
            }
            double norm = Math.sqrt(s);
            if (norm > 0) {
                for (int q = 0; q < m; q++) {
                    d[i * m + q] /= norm;
                }
            }
        }
        return new DenseMatrix(a.rows(), m, d);
    }

    /**
     * Per row of U, the indices of its {@code k} largest weights, in ascending order of weight (the
     * strongest last, as the seed's {@code argsort(iw, axis=1)[:, -k:]}). Ties: the larger index
     * ranks higher (a stable ascending sort), as in {@link WinnerSelection}.
     */
    public static int[][] affinityGroups(DenseMatrix u, int k) {
        if (k < 1 || k > u.cols()) {
            throw new IllegalArgumentException("affinity group size: expected 1.." + u.cols() + ", got " + k);
        }
        int[][] out = new int[u.rows()][];
        int[] best = new int[k];
        for (int i = 0; i < u.rows(); i++) {
            double[] row = u.row(i);
            WinnerSelection.topN(row, row.length, best);
            int[] g = new int[k];
            for (int t = 0; t < k; t++) {
                g[t] = best[k - 1 - t];
            }
            out[i] = g;
        }
        return out;
    }

    /**
     * The seed's affinity-group picture as rows: for invariant neuron i and rank t, the sparse
     * prototype {@code W[groups[i][t]]}; a (K * k) x M matrix to tile k per row.
     */
    public static DenseMatrix affinityGroupPrototypes(DenseMatrix u, DenseMatrix w, int k) {
        int[][] groups = affinityGroups(u, k);
        int m = w.cols();
        double[] out = new double[u.rows() * k * m];
        for (int i = 0; i < groups.length; i++) {
            for (int t = 0; t < k; t++) {
                System.arraycopy(w.data(), groups[i][t] * m, out, (i * k + t) * m, m);
            }
        }
        return new DenseMatrix(u.rows() * k, m, out);
    }

    /** Column sums of U (length N): how strongly each sparse neuron is represented. */
    public static double[] representationStrength(DenseMatrix u) {
        double[] s = new double[u.cols()];
        for (int i = 0; i < u.rows(); i++) {
            int off = i * u.cols();
            for (int j = 0; j < u.cols(); j++) {
                s[j] += u.data()[off + j];
            }
        }
        return s;
    }

    /** Index of the smallest value (first one on ties, as numpy's argmin). */
    public static int argmin(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the largest value (first one on ties, as numpy's argmax). */
    public static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Share of entries above {@code fraction} times the mean entry. */
    public static double coverage(double[] strength, double fraction) {
        double mean = 0;
        for (double s : strength) {
            mean += s;
        }
        mean /= strength.length;
        int n = 0;
        for (double s : strength) {
            if (s > fraction * mean) {
                n++;
            }
        }
        return (double) n / strength.length;
    }

    /** {@link #coverage(double[], double)} of U's column sums with the 10% threshold. */
    public static double coverage(DenseMatrix u) {
        return coverage(representationStrength(u), COVERAGE_FRACTION);
    }

    /** Called for each frame of {@link #evaluate}; arrays are reused, copy what you keep. */
    @FunctionalInterface
    public interface FrameObserver {
        void frame(int t, float[] v, SparseCode x, double[] o, float[] reconstruction);
    }

    /**
     * Numbers of a trained model.
     *
     * @param frames             frames evaluated
     * @param slownessInvariant  {@link Slowness} of the invariant output o
     * @param slownessSparse     {@link Slowness} of the sparse output x
     * @param activeInvariant    invariant neurons whose output varied (counted in the slowness)
     * @param activeSparse       sparse neurons whose output varied (counted in the slowness)
     * @param reconMse           mean over frames and pixels of (v - W^T s)^2
     * @param reconRelative      reconMse / mean v^2
     * @param coverage           {@link #coverage(DenseMatrix)}
     * @param weakest            sparse neuron with the smallest column sum of U
     * @param weakestStrength    its column sum
     * @param strongest          sparse neuron with the largest column sum of U
     * @param strongestStrength  its column sum
     */
    public record Report(int frames, double slownessInvariant, double slownessSparse, int activeInvariant,
                         int activeSparse, double reconMse, double reconRelative, double coverage, int weakest,
                         double weakestStrength, int strongest, double strongestStrength) {
    }

    /**
     * Runs the seed's analysis loop on {@code frames[0..count)}: o starts at zero (this resets the
     * model's EMA state and within-epoch step), no weight changes. Every frame goes to
     * {@code observer} (may be null).
     */
    public static Report evaluate(InvarianceModel model, float[][] frames, int count, FrameObserver observer) {
        if (count < 2 || count > frames.length) {
            throw new IllegalArgumentException("evaluate: frame count " + count + ", expected 2.." + frames.length);
        }
        int m = model.sparse().config().inputs();
        Slowness inv = new Slowness(model.invariant().config().neurons());
        Slowness sp = new Slowness(model.sparse().config().neurons());
        float[] rec = new float[m];
        double errSum = 0;
        double vSum = 0;
        model.startEpoch();
        for (int t = 0; t < count; t++) {
            float[] v = frames[t];
            SparseCode x = model.infer(v, rec);
            double[] o = model.invariant().state();
            inv.add(o);
            sp.add(x);
            for (int q = 0; q < m; q++) {
                double e = v[q] - rec[q];
                errSum += e * e;
                vSum += (double) v[q] * v[q];
            }
            if (observer != null) {
                observer.frame(t, v, x, o, rec);
            }
        }
        model.startEpoch();
        DenseMatrix u = model.invariant().weights();
        double[] strength = representationStrength(u);
        int weak = argmin(strength);
        int strong = argmax(strength);
        double mse = errSum / ((double) count * m);
        double meanV2 = vSum / ((double) count * m);
        return new Report(count, inv.value(), sp.value(), inv.activeChannels(), sp.activeChannels(), mse,
                meanV2 > 0 ? mse / meanV2 : 0, coverage(strength, COVERAGE_FRACTION), weak, strength[weak], strong,
                strength[strong]);
    }
}
