package io.github.mlplatform.invariance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Controls for the invariance figures: is the invariant layer invariant because it <em>learned</em>,
 * or only because it is an exponential moving average? An EMA is slower than its input whatever its
 * weights, so {@link Slowness} alone cannot tell. This class puts the trained model beside three
 * controls on the same frames, with the same trained sparse layer in front:
 * <ul>
 *   <li>{@link Variant#TRAINED}: the trained U, frames in their order;</li>
 *   <li>{@link Variant#INITIAL_U}: the same EMA with the untrained, initial U;</li>
 *   <li>{@link Variant#SHUFFLED}: the trained U fed the same frames in a seeded random order (no
 *       temporal continuity; {@link #shuffledOrder});</li>
 *   <li>{@link Variant#GROUPING}: the same EMA over a fixed, identity-like grouping of the sparse
 *       neurons ({@link #groupingWeights}): invariant neuron k averages the k-th contiguous block of
 *       sparse neurons, which have no order of their own, so the grouping is arbitrary but fixed.</li>
 * </ul>
 * Two measures for each:
 * <ol>
 *   <li><b>Slowness</b> ({@link Slowness}) of the EMA output o over the frames (o from zero, the
 *       seed's analysis loop): lower is slower.</li>
 *   <li><b>Probe separation</b> ({@link #separation}): probe frames show D images (digits) each at P
 *       window positions ({@link #probes}). A frame held still drives the EMA to its fixed point
 *       {@code o = U x} (from {@code o += alpha (U x - o)}), so the response of invariant neuron k to
 *       probe (d, p) is {@code R[d][p][k] = (U x(probe d, p))_k}, which the averaging cannot change.
 *       For each neuron, with {@code m_d} the mean over positions of image d and {@code m_p} the mean
 *       over images at position p:
 *       <pre>
 *   V_pos(k) = (1/D) sum_d (1/P) sum_p (R[d][p][k] - m_d)^2    (same image, different positions)
 *   V_img(k) = (1/P) sum_p (1/D) sum_d (R[d][p][k] - m_p)^2    (same position, different images)
 *   S(k)     = V_img(k) / (V_img(k) + V_pos(k))
 *       </pre>
 *       S = 1: the neuron's response depends only on which image is shown, not where (invariant and
 *       selective); S = 0: only on where; about 0.5 when moving the image changes the response as
 *       much as changing the image. Neurons whose response does not vary over the probes are left
 *       out; the reported index is the mean of S over the others. The measure is defined here (for
 *       issue #15); it follows the seed's wish that an invariant neuron respond to "the same digit at
 *       different positions" and is a per-neuron two-way variance ratio.</li>
 * </ol>
 */
public final class InvarianceControls {

    /** Window shifts of the probes from the centred position, in pixels, on each axis. */
    public static final int[] PROBE_SHIFTS = {-4, -2, 0, 2, 4};

    private InvarianceControls() {
    }

    /** The model and its controls, in the order they are reported. */
    public enum Variant {
        /** the trained U, frames in order */
        TRAINED("trained"),
        /** the untrained, initial U */
        INITIAL_U("initial U (untrained)"),
        /** the trained U, frames in a random order (its probe separation equals the trained one by construction: same weights) */
        SHUFFLED("trained U, shuffled frames"),
        /** a fixed grouping of the sparse neurons ({@link #groupingWeights}) */
        GROUPING("fixed grouping of sparse neurons");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        /** How tables name it. */
        public String label() {
            return label;
        }

        /** The key in run records: lower case with underscores ({@code initial_u}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@link #separation} of a set of responses.
     *
     * @param neurons        neurons whose response varied over the probes (the ones averaged)
     * @param index          mean over those neurons of S = V_img / (V_img + V_pos), in [0, 1]; NaN when none varied
     * @param perNeuron      S of every neuron (NaN for the ones left out)
     */
    public record Separation(int neurons, double index, double[] perNeuron) {
    }

    /**
     * One line of the comparison.
     *
     * @param variant      which model or control
     * @param slowness     {@link Slowness} of its EMA output over the frames (lower = slower)
     * @param separation   its probe separation
     */
    public record Row(Variant variant, double slowness, Separation separation) {
    }

    /**
     * The comparison.
     *
     * @param rows             one per {@link Variant}, in that order
     * @param sparseSlowness   {@link Slowness} of the sparse output x over the frames (the input of every EMA)
     * @param sparseSeparation probe separation of the sparse output x itself
     * @param labelPooling     probe separation of {@link #labelPooling}: a layer built to be invariant
     *                         over these probes from which image each shows (the positive control of the measure)
     * @param frames           frames the slowness was measured on
     * @param probeImages      D, images in the probes
     * @param probePositions   P, window positions per image
     */
    public record Report(List<Row> rows, double sparseSlowness, Separation sparseSeparation, Separation labelPooling,
                         int frames, int probeImages, int probePositions) {

        /** The row of {@code v}. */
        public Row row(Variant v) {
            return rows.get(v.ordinal());
        }

        /**
         * One sentence on what the numbers show, built from them: whether the trained layer is slower
         * and more separating than each control.
         */
        public String verdict() {
            Row t = row(Variant.TRAINED);
            List<String> slowerThan = new ArrayList<>();
            List<String> notSlowerThan = new ArrayList<>();
            List<String> sepAbove = new ArrayList<>();
            List<String> sepNotAbove = new ArrayList<>();
            for (Row r : rows) {
                if (r.variant() == Variant.TRAINED) {
                    continue;
                }
                (t.slowness() < r.slowness() ? slowerThan : notSlowerThan).add(r.variant().label());
                if (r.variant() != Variant.SHUFFLED) {
                    (t.separation().index() > r.separation().index() ? sepAbove : sepNotAbove).add(r.variant().label());
                }
            }
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "The trained layer's slowness %.3f is ", t.slowness()));
            b.append(notSlowerThan.isEmpty() ? "below every control's" : slowerThan.isEmpty()
                    ? "not below any control's" : "below that of " + String.join(", ", slowerThan) + " but not of "
                    + String.join(", ", notSlowerThan));
            b.append(String.format(Locale.ROOT, " (sparse input %.3f); its probe separation %.3f is ", sparseSlowness,
                    t.separation().index()));
            b.append(sepNotAbove.isEmpty() ? "above both controls with other weights" : sepAbove.isEmpty()
                    ? "not above either control with other weights" : "above that of " + String.join(", ", sepAbove)
                    + " but not of " + String.join(", ", sepNotAbove));
            b.append(String.format(Locale.ROOT, " (sparse input %.3f, a pooling built from the probes' labels %.3f), so %s.",
                    sparseSeparation.index(), labelPooling.index(),
                    sepNotAbove.isEmpty() && t.separation().index() > sparseSeparation.index()
                            ? "learning, not the averaging alone, made the responses more position-invariant"
                            : "the numbers do not show that learning made the responses more position-invariant than the averaging alone"));
            return b.toString();
        }
    }

    /**
     * The identity-like grouping of control (c): a K x N matrix whose row k is {@code rowSum / |G_k|}
     * on the sparse neurons {@code G_k = { j : floor(j K / N) = k }} (K contiguous blocks of
     * {@code N / K} neurons, sizes differing by at most one) and 0 elsewhere, so each invariant
     * neuron averages a fixed group and every row sums to {@code rowSum} like a renormalised U.
     *
     * @throws IllegalArgumentException if {@code k < 1}, {@code n < k} or {@code rowSum} is not finite and &gt; 0
     */
    public static DenseMatrix groupingWeights(int k, int n, double rowSum) {
        if (k < 1 || n < k) {
            throw new IllegalArgumentException("grouping: expected 1 <= K <= N, got K = " + k + ", N = " + n);
        }
        if (!(rowSum > 0) || !Double.isFinite(rowSum)) {
            throw new IllegalArgumentException("grouping: row sum must be a finite number > 0, got " + rowSum);
        }
        int[] size = new int[k];
        for (int j = 0; j < n; j++) {
            size[(int) ((long) j * k / n)]++;
        }
        double[] d = new double[k * n];
        for (int j = 0; j < n; j++) {
            int g = (int) ((long) j * k / n);
            d[g * n + j] = rowSum / size[g];
        }
        return new DenseMatrix(k, n, d);
    }

    /** A seeded random permutation of {@code 0..count-1} (ml-core's {@code Permutations.random}). */
    public static int[] shuffledOrder(int count, long seed) {
        return io.github.mlplatform.core.util.Permutations.random(count, seed);
    }

    /**
     * The {@code window x window} crop of a {@code rows x cols} image (row-major) whose top-left corner
     * is at column {@code x}, row {@code y} of the image; pixels outside the image are 0.
     */
    public static float[] crop(float[] image, int rows, int cols, int window, int x, int y) {
        if (image.length != rows * cols) {
            throw new IllegalArgumentException("crop: image has " + image.length + " pixels, expected " + rows + "x" + cols);
        }
        float[] out = new float[window * window];
        for (int r = 0; r < window; r++) {
            int sr = y + r;
            if (sr < 0 || sr >= rows) {
                continue;
            }
            for (int c = 0; c < window; c++) {
                int sc = x + c;
                if (sc >= 0 && sc < cols) {
                    out[r * window + c] = image[sr * cols + sc];
                }
            }
        }
        return out;
    }

    /**
     * Probe frames: for each image (row-major {@code rows x cols}) the {@code window x window} window
     * centred on it ({@code (cols - window) / 2}, {@code (rows - window) / 2}, rounded down) shifted
     * by every pair (dx, dy) of {@code shifts}; {@code probes[d][p]} with p = iy * |shifts| + ix.
     * For 28x28 digits and the seed's 20x20 window the default shifts keep the window inside the
     * digit's cell of the tapestry.
     */
    public static float[][][] probes(List<float[]> images, int rows, int cols, int window, int[] shifts) {
        if (images.isEmpty() || shifts.length == 0) {
            throw new IllegalArgumentException("probes: need at least one image and one shift");
        }
        int x0 = (cols - window) / 2;
        int y0 = (rows - window) / 2;
        float[][][] out = new float[images.size()][shifts.length * shifts.length][];
        for (int d = 0; d < images.size(); d++) {
            for (int iy = 0; iy < shifts.length; iy++) {
                for (int ix = 0; ix < shifts.length; ix++) {
                    out[d][iy * shifts.length + ix] = crop(images.get(d), rows, cols, window, x0 + shifts[ix], y0 + shifts[iy]);
                }
            }
        }
        return out;
    }

    /** The sparse codes of frames[0..count) without learning (copies). */
    public static SparseCode[] sparseCodes(SparseLayer sparse, float[][] frames, int count) {
        if (count < 1 || count > frames.length) {
            throw new IllegalArgumentException("sparse codes: frame count " + count + ", expected 1.." + frames.length);
        }
        SparseCode[] out = new SparseCode[count];
        for (int t = 0; t < count; t++) {
            out[t] = sparse.infer(frames[t], null).copy();
        }
        return out;
    }

    /**
     * {@link Slowness} of the EMA output o ({@code o += alpha (U x - o)}, o from zero, alpha of
     * {@code config}) over {@code codes} taken in {@code order} (null: as given), with weights {@code u}
     * (K x N, finite, &gt;= 0). No learning.
     */
    public static double emaSlowness(EmaInvariantConfig config, DenseMatrix u, SparseCode[] codes, int[] order) {
        FusedEmaInvariantLayer layer = new FusedEmaInvariantLayer(config, u);
        layer.startEpoch();
        Slowness s = new Slowness(config.neurons());
        for (int t = 0; t < codes.length; t++) {
            layer.infer(codes[order == null ? t : order[t]]);
            s.add(layer.state());
        }
        return s.value();
    }

    /** {@link Slowness} of the sparse output x over {@code codes}. */
    public static double sparseSlowness(SparseCode[] codes) {
        Slowness s = new Slowness(codes[0].size());
        for (SparseCode c : codes) {
            s.add(c);
        }
        return s.value();
    }

    /**
     * Responses of the invariant neurons to held probe frames: {@code R[d][p][k] = (U x)_k} with x the
     * sparse layer's output for {@code probes[d][p]} (no learning), the EMA's fixed point.
     */
    public static double[][][] responses(SparseCode[][] codes, DenseMatrix u) {
        int k = u.rows();
        int n = u.cols();
        double[] ud = u.data();
        double[][][] r = new double[codes.length][][];
        for (int d = 0; d < codes.length; d++) {
            r[d] = new double[codes[d].length][k];
            for (int p = 0; p < codes[d].length; p++) {
                SparseCode x = codes[d][p];
                if (x.size() != n) {
                    throw new IllegalArgumentException("responses: sparse code of size " + x.size() + ", U has " + n + " columns");
                }
                double[] out = r[d][p];
                for (int t = 0; t < x.count(); t++) {
                    int j = x.index(t);
                    double xj = x.output(t);
                    for (int i = 0; i < k; i++) {
                        out[i] += ud[i * n + j] * xj;
                    }
                }
            }
        }
        return r;
    }

    /** The sparse output x itself for each probe: {@code R[d][p][j] = x_j}. */
    public static double[][][] sparseResponses(SparseCode[][] codes) {
        double[][][] r = new double[codes.length][][];
        for (int d = 0; d < codes.length; d++) {
            r[d] = new double[codes[d].length][];
            for (int p = 0; p < codes[d].length; p++) {
                r[d][p] = codes[d][p].toDenseDouble();
            }
        }
        return r;
    }

    /**
     * A layer built to be invariant over the probes with knowledge the model never had, which image
     * each probe shows: D x N weights, {@code U[d][j]} = the number of image d's probes on which sparse
     * neuron j wins. Its separation shows how far the measure can rise above the sparse code's on
     * these probes (the positive control).
     */
    public static DenseMatrix labelPooling(SparseCode[][] probeCodes) {
        int n = probeCodes[0][0].size();
        double[] d = new double[probeCodes.length * n];
        for (int i = 0; i < probeCodes.length; i++) {
            for (SparseCode c : probeCodes[i]) {
                for (int t = 0; t < c.count(); t++) {
                    if (c.output(t) != 0) {
                        d[i * n + c.index(t)] += 1;
                    }
                }
            }
        }
        return new DenseMatrix(probeCodes.length, n, d);
    }

    /** The sparse codes of every probe frame (copies), {@code [d][p]}. */
    public static SparseCode[][] probeCodes(SparseLayer sparse, float[][][] probes) {
        SparseCode[][] out = new SparseCode[probes.length][];
        for (int d = 0; d < probes.length; d++) {
            out[d] = new SparseCode[probes[d].length];
            for (int p = 0; p < probes[d].length; p++) {
                out[d][p] = sparse.infer(probes[d][p], null).copy();
            }
        }
        return out;
    }

    /**
     * The probe separation of responses {@code r[d][p][k]} (D &gt;= 2 images, P &gt;= 2 positions, the
     * same number of neurons K everywhere); formula in the class comment. A neuron counts when
     * {@code V_img + V_pos} exceeds 1e-12 times its mean squared response (so rounding noise of a
     * constant response does not count).
     *
     * @throws IllegalArgumentException when D or P is below 2 or the shapes differ
     */
    public static Separation separation(double[][][] r) {
        int dCount = r.length;
        if (dCount < 2 || r[0].length < 2) {
            throw new IllegalArgumentException("separation: need at least 2 images and 2 positions, got "
                    + dCount + " x " + (dCount == 0 ? 0 : r[0].length));
        }
        int pCount = r[0].length;
        int k = r[0][0].length;
        for (double[][] rd : r) {
            if (rd.length != pCount) {
                throw new IllegalArgumentException("separation: every image needs " + pCount + " positions, got " + rd.length);
            }
            for (double[] rp : rd) {
                if (rp.length != k) {
                    throw new IllegalArgumentException("separation: every response needs " + k + " neurons, got " + rp.length);
                }
            }
        }
        double[] perNeuron = new double[k];
        Arrays.fill(perNeuron, Double.NaN);
        int counted = 0;
        double sum = 0;
        double[] mImage = new double[dCount];
        double[] mPos = new double[pCount];
        for (int i = 0; i < k; i++) {
            Arrays.fill(mImage, 0);
            Arrays.fill(mPos, 0);
            double sq = 0;
            for (int d = 0; d < dCount; d++) {
                for (int p = 0; p < pCount; p++) {
                    double v = r[d][p][i];
                    mImage[d] += v / pCount;
                    mPos[p] += v / dCount;
                    sq += v * v;
                }
            }
            double vPos = 0;
            double vImg = 0;
            for (int d = 0; d < dCount; d++) {
                for (int p = 0; p < pCount; p++) {
                    double v = r[d][p][i];
                    vPos += (v - mImage[d]) * (v - mImage[d]);
                    vImg += (v - mPos[p]) * (v - mPos[p]);
                }
            }
            double cells = (double) dCount * pCount;
            vPos /= cells;
            vImg /= cells;
            if (vPos + vImg > 1e-12 * (sq / cells)) {
                perNeuron[i] = vImg / (vImg + vPos);
                sum += perNeuron[i];
                counted++;
            }
        }
        return new Separation(counted, counted == 0 ? Double.NaN : sum / counted, perNeuron);
    }

    /**
     * The model beside its three controls on the same frames and probes.
     *
     * @param model        the trained model (its weights are read, not changed; its EMA state is not used)
     * @param initialU     the invariant layer's weights before training (K x N)
     * @param frames       the frames (each of the sparse layer's input size)
     * @param count        frames[0..count) are used, at least 2
     * @param probes       {@code probes[d][p]}: D &gt;= 2 images at P &gt;= 2 positions ({@link #probes})
     * @param shuffleSeed  seed of the shuffled order
     */
    public static Report compare(InvarianceModel model, DenseMatrix initialU, float[][] frames, int count, float[][][] probes,
                                 long shuffleSeed) {
        if (count < 2) {
            throw new IllegalArgumentException("controls: need at least 2 frames, got " + count);
        }
        EmaInvariantConfig ic = model.invariant().config();
        DenseMatrix trained = model.invariant().weights();
        DenseMatrix grouping = groupingWeights(ic.neurons(), ic.inputs(), ic.renormSum());
        SparseCode[] codes = sparseCodes(model.sparse(), frames, count);
        SparseCode[][] probeCodes = probeCodes(model.sparse(), probes);
        int[] order = shuffledOrder(count, shuffleSeed);
        List<Row> rows = new ArrayList<>();
        for (Variant v : Variant.values()) {
            DenseMatrix u = switch (v) {
                case TRAINED, SHUFFLED -> trained;
                case INITIAL_U -> initialU;
                case GROUPING -> grouping;
            };
            double slow = emaSlowness(ic, u, codes, v == Variant.SHUFFLED ? order : null);
            rows.add(new Row(v, slow, separation(responses(probeCodes, u))));
        }
        return new Report(List.copyOf(rows), sparseSlowness(codes), separation(sparseResponses(probeCodes)),
                separation(responses(probeCodes, labelPooling(probeCodes))), count, probes.length, probes[0].length);
    }
}
