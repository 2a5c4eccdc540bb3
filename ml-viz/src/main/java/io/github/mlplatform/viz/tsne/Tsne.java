package io.github.mlplatform.viz.tsne;

import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.viz.image.Arrays2D;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Random;

/**
 * Barnes-Hut t-SNE (van der Maaten, JMLR 2014) in plain Java: a 2-D embedding Y of n points X
 * that keeps neighbours together.
 *
 * <p>Input affinities {@code p_ij} come from {@link Affinities} (perplexity-calibrated Gaussians on
 * the {@code 3 * perplexity} exact nearest neighbours, symmetrised, summing to 1); high-dimensional
 * input is first reduced to {@link TsneConfig#pcaDimensions()} principal components ({@link Pca}).
 * Output similarities are Student-t: {@code w_ij = 1 / (1 + |y_i - y_j|^2)},
 * {@code q_ij = w_ij / Z}, {@code Z = sum_{k != l} w_kl}. Gradient descent minimises
 * {@code KL(P || Q) = sum p_ij ln(p_ij / q_ij)} with gradient (up to the constant 4, folded into
 * the learning rate as in bhtsne)
 * {@code g_i = sum_j p_ij w_ij (y_i - y_j) - (1/Z) sum_j w_ij^2 (y_i - y_j)}: the first sum runs
 * over the sparse P, the second (and Z) is estimated with a {@link QuadTree} (Barnes-Hut, theta).
 * Updates use momentum and per-coordinate gains ({@code +0.2} when the gradient changes sign
 * against the velocity (signs compared as bhtsne does, 0 being its own sign), {@code *0.8} otherwise, at least {@code minGain}); P is multiplied by the
 * early exaggeration for the first iterations; Y is re-centred after each step. Initial Y is
 * Gaussian with standard deviation 1e-4 from the seed (or the scaled first two principal
 * components).
 *
 * <p>The seed (autoencoder experiment) plotted a t-SNE of the 32-D codes of MNIST test digits,
 * coloured by class. Deterministic: the same input, config and seed give the same embedding for
 * any thread count (work is split into fixed chunks and reduced in chunk order).
 */
public final class Tsne {

    private static final Logger LOG = LoggerFactory.getLogger(Tsne.class);
    private static final int CHUNKS = 64;

    private Tsne() {
    }

    /**
     * An embedding and how it was obtained.
     *
     * @param embedding    n x 2 coordinates
     * @param klDivergence KL(P || Q) at the end (Barnes-Hut estimate of Z)
     * @param seconds      wall-clock time of the whole computation
     */
    public record Result(double[][] embedding, double klDivergence, double seconds) {
    }

    /**
     * Embeds the rows of {@code x} ({@code n x d}, finite values) in 2-D. The result does not depend
     * on the scale of x: x is first divided by the power of two nearest its largest absolute value
     * (exact), so that squared distances neither overflow nor underflow (x near 1e200 or 1e-200).
     *
     * @throws IllegalArgumentException when x is not rectangular, has a NaN or infinite value (named
     *                                  by row and column) or too few points for the perplexity
     * @throws IllegalStateException    when the optimisation produced a non-finite embedding or KL
     *                                  (names the iteration; not expected for finite input)
     */
    public static Result embed(double[][] x, TsneConfig config) {
        Arrays2D.requireRectangular(x, "x");
        int n = x.length;
        int d = x[0].length;
        int exponent = Scale.exponent(x, "x"); // also rejects NaN and infinite values
        if (n < 2 || n - 1 < 3 * config.perplexity()) {
            throw new IllegalArgumentException("x: " + n + " points are too few for perplexity " + config.perplexity()
                    + "; expected n - 1 >= 3 * perplexity");
        }
        long t0 = System.nanoTime();
        if (exponent < -100 || exponent > 100) {
            LOG.info("t-SNE: input rescaled by 2^{} (largest |value| {}) so that squared distances stay finite",
                    -exponent, String.format(Locale.ROOT, "%.3g", Math.scalb(1.0, exponent)));
        }
        x = Scale.divide(x, exponent);
        try (Workers workers = new Workers(config.threads())) {
            double[][] data = x;
            Pca.Result pca = null;
            if (config.pcaDimensions() > 0 && d > config.pcaDimensions()) {
                long tp = System.nanoTime();
                pca = Pca.fit(x, config.pcaDimensions(), config.seed(), 20, workers);
                data = pca.projected();
                LOG.info("t-SNE: PCA {} -> {} dimensions in {} s", d, config.pcaDimensions(), secs(tp));
            } else if (config.pcaInit()) {
                pca = Pca.fit(x, Math.min(2, d), config.seed(), 20, workers);
            }
            long tk = System.nanoTime();
            int k = config.neighboursFor(n);
            LOG.info("t-SNE: exact {} nearest neighbours of {} points in {} dimensions", k, n, data[0].length);
            Affinities.Neighbours nb = Affinities.knn(data, k, workers);
            double[][] cond = Affinities.conditional(nb, config.perplexity(), workers);
            Affinities.Sparse p = Affinities.symmetrise(nb.index(), cond);
            LOG.info("t-SNE: affinities of {} points ({} neighbours, perplexity {}, {} non-zeros) in {} s",
                    n, k, config.perplexity(), p.nnz(), secs(tk));
            double[] y = initial(n, config, pca);
            double kl = optimise(p, y, config, workers);
            requireFinite(y, kl, config.iterations());
            double[][] out = new double[n][2];
            for (int i = 0; i < n; i++) {
                out[i][0] = y[2 * i];
                out[i][1] = y[2 * i + 1];
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info("t-SNE: {} points embedded in {} s, KL = {}", n, String.format(Locale.ROOT, "%.1f", seconds),
                    String.format(Locale.ROOT, "%.4f", kl));
            return new Result(out, kl, seconds);
        }
    }

    /** Embeds the rows of a rank-2 INDArray. */
    public static Result embed(INDArray x, TsneConfig config) {
        return embed(Arrays2D.of(x, "x"), config);
    }

    /** Embeds the rows of a {@code float[][]}. */
    public static Result embed(float[][] x, TsneConfig config) {
        return embed(Arrays2D.of(x, "x"), config);
    }

    private static double[] initial(int n, TsneConfig config, Pca.Result pca) {
        double[] y = new double[2 * n];
        if (config.pcaInit() && pca != null && pca.projected()[0].length >= 2) {
            double[][] pr = pca.projected();
            double sd = 0;
            for (double[] r : pr) {
                sd += r[0] * r[0];
            }
            sd = Math.sqrt(sd / n);
            double f = sd > 0 ? 1e-4 / sd : 1;
            for (int i = 0; i < n; i++) {
                y[2 * i] = pr[i][0] * f;
                y[2 * i + 1] = pr[i][1] * f;
            }
        } else {
            Random rnd = new Random(config.seed());
            for (int i = 0; i < 2 * n; i++) {
                y[i] = rnd.nextGaussian() * 1e-4;
            }
        }
        return y;
    }

    private static double optimise(Affinities.Sparse p, double[] y, TsneConfig c, Workers workers) {
        int n = p.n();
        double eta = c.learningRateFor(n);
        double[] grad = new double[2 * n];
        double[] velocity = new double[2 * n];
        double[] gains = new double[2 * n];
        java.util.Arrays.fill(gains, 1.0);
        QuadTree tree = new QuadTree();
        double[] sumQ = new double[n];
        double[] rep = new double[2 * n];
        double kl = Double.NaN;
        LOG.info("t-SNE: {} iterations, learning rate {}, theta {}, {} threads", c.iterations(),
                String.format(Locale.ROOT, "%.1f", eta), c.theta(), workers.threads());
        try (Progress progress = Progress.start("t-SNE", c.iterations())) {
            for (int it = 0; it < c.iterations(); it++) {
                double exaggeration = it < c.exaggerationIterations() ? c.earlyExaggeration() : 1.0;
                double momentum = it < c.momentumSwitch() ? c.momentumStart() : c.momentumFinal();
                double z = gradient(p, y, exaggeration, c.theta(), tree, grad, rep, sumQ, workers);
                boolean last = it == c.iterations() - 1;
                if (last || (it + 1) % c.costEvery() == 0) {
                    kl = klDivergence(p, y, z);
                    LOG.debug("t-SNE iteration {}: KL = {}", it + 1, kl);
                    requireFinite(y, kl, it + 1);
                }
                for (int t = 0; t < 2 * n; t++) {
                    double g = grad[t];
                    double v = velocity[t];
                    double gain = Math.signum(g) != Math.signum(v) ? gains[t] + 0.2 : gains[t] * 0.8;
                    gain = Math.max(gain, c.minGain());
                    gains[t] = gain;
                    v = momentum * v - eta * gain * g;
                    velocity[t] = v;
                    y[t] += v;
                }
                double mx = 0;
                double my = 0;
                for (int i = 0; i < n; i++) {
                    mx += y[2 * i];
                    my += y[2 * i + 1];
                }
                mx /= n;
                my /= n;
                for (int i = 0; i < n; i++) {
                    y[2 * i] -= mx;
                    y[2 * i + 1] -= my;
                }
                progress.step(1, Double.isNaN(kl) ? null : String.format(Locale.ROOT, "KL=%.4f", kl));
            }
        }
        return kl;
    }

    /** Fails when a coordinate of y or the KL divergence is NaN or infinite after {@code iteration} iterations. */
    static void requireFinite(double[] y, double kl, int iteration) {
        int bad = -1;
        for (int t = 0; t < y.length && bad < 0; t++) {
            if (!Double.isFinite(y[t])) {
                bad = t;
            }
        }
        if (bad >= 0 || !Double.isFinite(kl)) {
            throw new IllegalStateException("t-SNE diverged: after " + iteration + " iterations "
                    + (bad >= 0 ? "point " + bad / 2 + " has coordinate " + y[bad] : "KL(P||Q) is " + kl)
                    + "; expected finite values (try a smaller learning rate or larger perplexity)");
        }
    }

    /**
     * The t-SNE gradient (without the factor 4) with P multiplied by {@code exaggeration}, into
     * {@code grad}; {@code rep} and {@code sumQ} are work arrays (2n and n). Returns Z, the
     * (estimated) sum of {@code w_ij} over all ordered pairs i != j.
     */
    static double gradient(Affinities.Sparse p, double[] y, double exaggeration, double theta, QuadTree tree,
                           double[] grad, double[] rep, double[] sumQ, Workers workers) {
        int n = p.n();
        tree.build(y, n);
        int[] rowStart = p.rowStart();
        int[] col = p.col();
        double[] val = p.val();
        workers.forRange(n, CHUNKS, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                double xi = y[2 * i];
                double yi = y[2 * i + 1];
                double ax = 0;
                double ay = 0;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int j = col[e];
                    double dx = xi - y[2 * j];
                    double dy = yi - y[2 * j + 1];
                    double m = val[e] / (1.0 + dx * dx + dy * dy);
                    ax += m * dx;
                    ay += m * dy;
                }
                grad[2 * i] = exaggeration * ax;
                grad[2 * i + 1] = exaggeration * ay;
            }
        });
        // repulsion: one tree walk per leaf (leaves are in spatial order)
        workers.forRange(tree.leafCount(), CHUNKS, (chunk, from, to) -> {
            QuadTree.Scratch scratch = new QuadTree.Scratch();
            for (int l = from; l < to; l++) {
                tree.repulsion(l, theta, scratch, rep, sumQ);
            }
        });
        double z = 0;
        for (int i = 0; i < n; i++) {
            z += sumQ[i];
        }
        double inv = z > 0 ? 1.0 / z : 0.0;
        for (int t = 0; t < 2 * n; t++) {
            grad[t] -= rep[t] * inv;
        }
        return z;
    }

    /** {@code KL(P || Q) = sum p_ij ln(p_ij Z / w_ij)} over the non-zeros of P (which sums to 1). */
    static double klDivergence(Affinities.Sparse p, double[] y, double z) {
        int n = p.n();
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                double pij = p.val()[e];
                if (pij <= 0) {
                    continue;
                }
                int j = p.col()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double w = 1.0 / (1.0 + dx * dx + dy * dy);
                kl += pij * Math.log(pij * z / w);
            }
        }
        return kl;
    }

    private static String secs(long startNanos) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
    }
}
