package io.github.mlplatform.viz.tsne;

/**
 * The input affinities of t-SNE. For each point i the {@code k} nearest neighbours (exact, squared
 * Euclidean distances) get conditional probabilities
 * {@code p(j|i) = exp(-beta_i d_ij^2) / sum_l exp(-beta_i d_il^2)}, with {@code beta_i} found by
 * bisection so that the entropy {@code H_i = -sum_j p(j|i) ln p(j|i)} equals {@code ln(perplexity)}
 * (tolerance 1e-5, 200 steps, as bhtsne). The joint affinities are the symmetrised
 * {@code p_ij = (p(j|i) + p(i|j)) / (2n)}, stored sparse (CSR), summing to 1.
 */
final class Affinities {

    private static final int CHUNKS = 32;

    /** Sparse symmetric matrix in CSR form. */
    record Sparse(int n, int[] rowStart, int[] col, double[] val) {
        int nnz() {
            return col.length;
        }
    }

    /** Exact k nearest neighbours: indices and squared distances, nearest first. */
    record Neighbours(int[][] index, double[][] dist2) {
    }

    private Affinities() {
    }

    /**
     * Exact kNN of every row of {@code x} (self excluded), ties broken by the smaller index.
     * Candidates are screened with {@code |x_i|^2 + |x_j|^2 - 2 x_i.x_j}, the dot products in
     * float, in blocks (an axpy over a transposed copy of x, which the JIT vectorises), with a
     * margin {@code 1e-5 (|x_i|^2 + |x_j|^2)} far above float rounding; every candidate that
     * passes gets its distance recomputed in double, so the result is exact.
     */
    static Neighbours knn(double[][] x, int k, Workers workers) {
        int n = x.length;
        int d = x[0].length;
        double[] norms = new double[n];
        float[][] xt = new float[d][n];
        for (int i = 0; i < n; i++) {
            norms[i] = Pca.dot(x[i], x[i]);
            for (int t = 0; t < d; t++) {
                xt[t][i] = (float) x[i][t];
            }
        }
        final int bi = 8;
        final int bj = 1024;
        int[][] idx = new int[n][k];
        double[][] dst = new double[n][k];
        int blocks = (n + bi - 1) / bi;
        workers.forRange(blocks, CHUNKS, (chunk, fromBlock, toBlock) -> {
            double[][] heapD = new double[bi][k];
            int[][] heapI = new int[bi][k];
            int[] size = new int[bi];
            // dots[ii][j] for j in the current column block; indexed by j like xt[t][j] so the
            // inner loop has one index and the JIT vectorises it
            float[][] dots = new float[bi][n];
            for (int b = fromBlock; b < toBlock; b++) {
                int i0 = b * bi;
                int rows = Math.min(bi, n - i0);
                java.util.Arrays.fill(size, 0);
                for (int j0 = 0; j0 < n; j0 += bj) {
                    int j1 = Math.min(n, j0 + bj);
                    for (int ii = 0; ii < rows; ii++) {
                        java.util.Arrays.fill(dots[ii], j0, j1, 0f);
                    }
                    for (int t = 0; t < d; t++) {
                        float[] xr = xt[t];
                        for (int ii = 0; ii < rows; ii++) {
                            axpy(dots[ii], xr, (float) x[i0 + ii][t], j0, j1);
                        }
                    }
                    for (int ii = 0; ii < rows; ii++) {
                        int i = i0 + ii;
                        double ni = norms[i];
                        float[] dr = dots[ii];
                        double[] hd = heapD[ii];
                        int[] hi = heapI[ii];
                        int sz = size[ii];
                        for (int j = j0; j < j1; j++) {
                            double nj = norms[j];
                            double approx = ni + nj - 2.0 * dr[j];
                            if (sz == k && approx > hd[0] + 1e-5 * (ni + nj) + 1e-12) {
                                continue;
                            }
                            sz = offer(hd, hi, sz, k, i, j, x);
                        }
                        size[ii] = sz;
                    }
                }
                for (int ii = 0; ii < rows; ii++) {
                    int i = i0 + ii;
                    double[] hd = heapD[ii];
                    int[] hi = heapI[ii];
                    for (int end = size[ii] - 1; end >= 0; end--) {
                        idx[i][end] = hi[0];
                        dst[i][end] = hd[0];
                        hd[0] = hd[end];
                        hi[0] = hi[end];
                        siftDown(hd, hi, 0, end);
                    }
                }
            }
        });
        return new Neighbours(idx, dst);
    }

    /** {@code a[j] += v * b[j]} for j in [from, to) (same index on both arrays: vectorised by C2). */
    static void axpy(float[] a, float[] b, float v, int from, int to) {
        for (int j = from; j < to; j++) {
            a[j] += v * b[j];
        }
    }

    /** {@code a[j] += v * b[j]} for j in [from, to) (same index on both arrays: vectorised by C2). */
    static void axpy(double[] a, double[] b, double v, int from, int to) {
        for (int j = from; j < to; j++) {
            a[j] += v * b[j];
        }
    }

    /** Offers candidate j to the max-heap of point i; the screened distance is recomputed exactly before it is compared. */
    private static int offer(double[] hd, int[] hi, int size, int k, int i, int j, double[][] x) {
        if (j == i) {
            return size;
        }
        double dist = exactDist2(x[i], x[j]);
        if (size < k) {
            hd[size] = dist;
            hi[size] = j;
            siftUp(hd, hi, size);
            return size + 1;
        }
        if (less(dist, j, hd[0], hi[0])) {
            hd[0] = dist;
            hi[0] = j;
            siftDown(hd, hi, 0, size);
        }
        return size;
    }

    private static double exactDist2(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double v = a[t] - b[t];
            s += v * v;
        }
        return s;
    }

    private static boolean less(double d1, int i1, double d2, int i2) {
        return d1 < d2 || (d1 == d2 && i1 < i2);
    }

    private static void siftUp(double[] hd, int[] hi, int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >> 1;
            if (less(hd[parent], hi[parent], hd[pos], hi[pos])) {
                swap(hd, hi, parent, pos);
                pos = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(double[] hd, int[] hi, int pos, int size) {
        while (true) {
            int l = 2 * pos + 1;
            if (l >= size) {
                return;
            }
            int big = l;
            int r = l + 1;
            if (r < size && less(hd[l], hi[l], hd[r], hi[r])) {
                big = r;
            }
            if (less(hd[pos], hi[pos], hd[big], hi[big])) {
                swap(hd, hi, pos, big);
                pos = big;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] hd, int[] hi, int a, int b) {
        double t = hd[a];
        hd[a] = hd[b];
        hd[b] = t;
        int u = hi[a];
        hi[a] = hi[b];
        hi[b] = u;
    }

    /**
     * Conditional probabilities p(j|i) over the neighbours, each row calibrated to the perplexity.
     * Returned in place of the distances (same layout as {@code nb.dist2()}).
     */
    static double[][] conditional(Neighbours nb, double perplexity, Workers workers) {
        int n = nb.index().length;
        double[][] p = new double[n][];
        double target = Math.log(perplexity);
        workers.forRange(n, CHUNKS, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                p[i] = calibrate(nb.dist2()[i], target);
            }
        });
        return p;
    }

    /** One row: bisection on beta until the entropy (nats) is {@code targetEntropy}. */
    static double[] calibrate(double[] d2, double targetEntropy) {
        int k = d2.length;
        double[] p = new double[k];
        if (k == 0) {
            return p;
        }
        double dmin = Double.POSITIVE_INFINITY;
        double mean = 0;
        for (double v : d2) {
            dmin = Math.min(dmin, v);
            mean += v;
        }
        mean = mean / k - dmin;
        double beta = mean > 0 ? 1.0 / mean : 1.0;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < 200; iter++) {
            double sum = 0;
            double wsum = 0;
            for (int j = 0; j < k; j++) {
                double s = d2[j] - dmin;
                double e = Math.exp(-beta * s);
                p[j] = e;
                sum += e;
                wsum += s * e;
            }
            double h = beta * wsum / sum + Math.log(sum);
            double diff = h - targetEntropy;
            if (Math.abs(diff) < 1e-5) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** p_ij = (p(j|i) + p(i|j)) / (2n) as CSR with sorted columns. */
    static Sparse symmetrise(int[][] index, double[][] cond) {
        int n = index.length;
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : index[i]) {
                count[i]++;
                count[j]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] col = new int[start[n]];
        double[] val = new double[start[n]];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < index[i].length; e++) {
                int j = index[i][e];
                double v = cond[i][e];
                col[fill[i]] = j;
                val[fill[i]++] = v;
                col[fill[j]] = i;
                val[fill[j]++] = v;
            }
        }
        // sort each row by column and merge duplicates
        int[] outStart = new int[n + 1];
        int[] outCol = new int[start[n]];
        double[] outVal = new double[start[n]];
        int w = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            int s = start[i];
            int e = start[i + 1];
            sortByColumn(col, val, s, e);
            outStart[i] = w;
            for (int t = s; t < e; t++) {
                if (w > outStart[i] && outCol[w - 1] == col[t]) {
                    outVal[w - 1] += val[t];
                } else {
                    outCol[w] = col[t];
                    outVal[w] = val[t];
                    w++;
                }
                total += val[t];
            }
        }
        outStart[n] = w;
        int[] c2 = java.util.Arrays.copyOf(outCol, w);
        double[] v2 = java.util.Arrays.copyOf(outVal, w);
        for (int t = 0; t < w; t++) {
            v2[t] /= total;
        }
        return new Sparse(n, outStart, c2, v2);
    }

    private static void sortByColumn(int[] col, double[] val, int from, int to) {
        int m = to - from;
        if (m < 2) {
            return;
        }
        long[] keys = new long[m];
        for (int t = 0; t < m; t++) {
            keys[t] = ((long) col[from + t] << 32) | t;
        }
        java.util.Arrays.sort(keys);
        double[] v = new double[m];
        for (int t = 0; t < m; t++) {
            int src = (int) (keys[t] & 0xFFFFFFFFL);
            v[t] = val[from + src];
            col[from + t] = (int) (keys[t] >>> 32);
        }
        System.arraycopy(v, 0, val, from, m);
    }
}
