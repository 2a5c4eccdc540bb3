package io.github.mlplatform.viz.tsne;

import java.util.Random;

/**
 * Principal component analysis for t-SNE's pre-reduction: the data are centred, their covariance
 * {@code C = Xc^T Xc / (n - 1)} is formed, the top {@code k} eigenvectors of C are found by
 * subspace (block power) iteration with {@code k + 10} vectors and a Rayleigh-Ritz step (Jacobi
 * eigen-decomposition of the small projected matrix), and the centred data are projected on them.
 * Components are ordered by decreasing variance and their signs fixed (largest |loading| positive),
 * so the result is reproducible.
 */
public final class Pca {

    private static final int CHUNKS = 16;

    private Pca() {
    }

    /** The result: projected data {@code n x k}, components {@code k x d}, variances, mean. */
    public record Result(double[][] projected, double[][] components, double[] variances, double[] mean) {
    }

    /** Projects {@code x} ({@code n x d}) onto its top {@code k} principal components. */
    public static Result fit(double[][] x, int k, long seed) {
        try (Workers w = new Workers(0)) {
            return fit(x, k, seed, 20, w);
        }
    }

    /**
     * Fits on {@code x / 2^e} (e from {@link Scale#exponent}: exact, so that squares neither
     * overflow nor underflow) and returns projections, mean and variances in the units of x
     * (a variance whose true value exceeds the double range is infinite).
     */
    static Result fit(double[][] x, int k, long seed, int powerIterations, Workers workers) {
        int e = Scale.exponent(x, "x");
        Result r = fitScaled(Scale.divide(x, e), k, seed, powerIterations, workers);
        if (e == 0) {
            return r;
        }
        for (double[] row : r.projected()) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.scalb(row[j], e);
            }
        }
        double[] mean = r.mean();
        for (int j = 0; j < mean.length; j++) {
            mean[j] = Math.scalb(mean[j], e);
        }
        double[] var = r.variances();
        for (int c = 0; c < var.length; c++) {
            var[c] = Math.scalb(var[c], 2 * e);
        }
        return r;
    }

    private static Result fitScaled(double[][] x, int k, long seed, int powerIterations, Workers workers) {
        int n = x.length;
        int d = x[0].length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k: expected 1.." + d + " principal components, got " + k);
        }
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // covariance, upper triangle, in blocks of 16 rows of C (each block stays in cache while
        // all data rows stream past); blocks are independent, so any thread count gives the same C
        double[][] xc = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xc[i][j] = x[i][j] - mean[j];
            }
        }
        double[][] cov = new double[d][d];
        final int block = 16;
        int blocks = (d + block - 1) / block;
        workers.forRange(blocks, blocks, (chunk, from, to) -> {
            for (int bl = from; bl < to; bl++) {
                int a0 = bl * block;
                int a1 = Math.min(d, a0 + block);
                for (int i = 0; i < n; i++) {
                    double[] row = xc[i];
                    for (int a = a0; a < a1; a++) {
                        double xa = row[a];
                        if (xa == 0) {
                            continue;
                        }
                        double[] ca = cov[a];
                        for (int b = a; b < d; b++) {
                            ca[b] += xa * row[b];
                        }
                    }
                }
            }
        });
        double denom = Math.max(1, n - 1);
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= denom;
                cov[b][a] = cov[a][b];
            }
        }
        int m = Math.min(d, k + 10);
        double[][] q = new double[m][d]; // m orthonormal vectors (rows)
        Random rnd = new Random(seed);
        for (double[] v : q) {
            for (int j = 0; j < d; j++) {
                v[j] = rnd.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int it = 0; it < powerIterations; it++) {
            q = multiply(cov, q, workers);
            orthonormalise(q);
        }
        // Rayleigh-Ritz: B = Q C Q^T (m x m)
        double[][] cq = multiply(cov, q, workers);
        double[][] b = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double s = dot(q[i], cq[j]);
                b[i][j] = s;
                b[j][i] = s;
            }
        }
        double[][] vecs = new double[m][m];
        double[] vals = jacobiEigen(b, vecs);
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i1, i2) -> Double.compare(vals[i2], vals[i1]));
        double[][] comps = new double[k][d];
        double[] variances = new double[k];
        for (int c = 0; c < k; c++) {
            int e = order[c];
            variances[c] = vals[e];
            for (int i = 0; i < m; i++) {
                double coef = vecs[i][e];
                for (int j = 0; j < d; j++) {
                    comps[c][j] += coef * q[i][j];
                }
            }
            normalise(comps[c]);
            int arg = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(comps[c][j]) > Math.abs(comps[c][arg])) {
                    arg = j;
                }
            }
            if (comps[c][arg] < 0) {
                for (int j = 0; j < d; j++) {
                    comps[c][j] = -comps[c][j];
                }
            }
        }
        double[][] proj = new double[n][k];
        double[][] compsT = new double[d][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                compsT[j][c] = comps[c][j];
            }
        }
        workers.forRange(n, CHUNKS, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                double[] pr = proj[i];
                double[] row = xc[i];
                for (int j = 0; j < d; j++) {
                    Affinities.axpy(pr, compsT[j], row[j], 0, k);
                }
            }
        });
        return new Result(proj, comps, variances, mean);
    }

    /**
     * Rows of the result are C v for each row v of {@code vs}; C is symmetric, so C v is the sum
     * of C's rows weighted by v (an axpy with one index, which the JIT vectorises).
     */
    private static double[][] multiply(double[][] c, double[][] vs, Workers workers) {
        int m = vs.length;
        int d = c.length;
        double[][] out = new double[m][d];
        workers.forRange(m, m, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                double[] o = out[i];
                double[] v = vs[i];
                for (int b = 0; b < d; b++) {
                    Affinities.axpy(o, c[b], v[b], 0, d);
                }
            }
        });
        return out;
    }

    /** Modified Gram-Schmidt on the rows (a row that collapses is replaced by a unit vector). */
    static void orthonormalise(double[][] v) {
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < i; j++) {
                double p = dot(v[i], v[j]);
                for (int t = 0; t < v[i].length; t++) {
                    v[i][t] -= p * v[j][t];
                }
            }
            if (normalise(v[i]) < 1e-300) {
                java.util.Arrays.fill(v[i], 0);
                v[i][i % v[i].length] = 1;
            }
        }
    }

    private static double normalise(double[] v) {
        double s = Math.sqrt(dot(v, v));
        if (s > 0) {
            for (int t = 0; t < v.length; t++) {
                v[t] /= s;
            }
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Cyclic Jacobi eigen-decomposition of a symmetric matrix (destroyed). Eigenvalue i comes with
     * the eigenvector in column i of {@code vecs}.
     */
    static double[] jacobiEigen(double[][] a, double[][] vecs) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(vecs[i], 0);
            vecs[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = a[i][j] * a[i][j];
                    total += v;
                    if (i != j) {
                        off += v;
                    }
                }
            }
            if (off <= 1e-30 * Math.max(total, 1e-300)) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vecs[k][p];
                        double vkq = vecs[k][q];
                        vecs[k][p] = c * vkp - s * vkq;
                        vecs[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
            vals[i] = a[i][i];
        }
        return vals;
    }
}
