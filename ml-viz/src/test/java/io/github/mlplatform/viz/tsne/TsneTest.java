package io.github.mlplatform.viz.tsne;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class TsneTest {

    /** {@code clusters} Gaussian blobs in {@code d} dimensions: centres N(0, 10^2), points centre + N(0, 1). */
    static double[][] blobs(int clusters, int perCluster, int d, long seed, int[] labels) {
        Random rnd = new Random(seed);
        double[][] centres = new double[clusters][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = 10 * rnd.nextGaussian();
            }
        }
        double[][] x = new double[clusters * perCluster][d];
        for (int i = 0; i < x.length; i++) {
            int c = i % clusters;
            labels[i] = c;
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[c][j] + rnd.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void fiveSeparatedClustersIn50dStaySeparatedIn2d() {
        int[] labels = new int[1000];
        double[][] x = blobs(5, 200, 50, 11, labels);
        Tsne.Result r = Tsne.embed(x, TsneConfig.defaults().withIterations(750));
        assertThat(r.embedding()).hasNumberOfRows(1000);
        double acc = EmbeddingQuality.oneNearestNeighbourAccuracy(r.embedding(), labels);
        double ratio = EmbeddingQuality.separationRatio(r.embedding(), labels);
        assertThat(acc).isGreaterThanOrEqualTo(0.99);
        assertThat(ratio).isGreaterThan(3.0);
        assertThat(r.klDivergence()).isFinite().isPositive();
    }

    /** Fraction of each point's k nearest input neighbours that are among its k nearest in the embedding. */
    private static double knnPreservation(double[][] x, double[][] y, int k) {
        return EmbeddingQuality.neighbourPreservation(x, y, k);
    }

    private static double[][] scaled(double[][] x, double s) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] * s;
            }
        }
        return out;
    }

    private static float[][] scaledFloat(double[][] x, float s) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j] * s;
            }
        }
        return out;
    }

    private static void assertFinite(double[][] y) {
        for (double[] r : y) {
            for (double v : r) {
                assertThat(v).isFinite();
            }
        }
    }

    @Test
    void theEmbeddingDoesNotDependOnTheScaleOfTheInput() {
        int[] labels = new int[300];
        double[][] x = blobs(3, 100, 10, 21, labels);
        TsneConfig c = TsneConfig.defaults().withPerplexity(10).withIterations(750).withThreads(2);
        Tsne.Result ref = Tsne.embed(x, c);
        double refPres = knnPreservation(x, ref.embedding(), 10);
        double refAcc = EmbeddingQuality.oneNearestNeighbourAccuracy(ref.embedding(), labels);
        assertThat(refAcc).isGreaterThanOrEqualTo(0.99);
        // a power of two scales exactly: the very same embedding
        assertThat(Tsne.embed(scaled(x, 0x1p600), c).embedding()).isDeepEqualTo(ref.embedding());
        assertThat(Tsne.embed(scaled(x, 0x1p-600), c).embedding()).isDeepEqualTo(ref.embedding());
        // squared distances of 1e150 * x overflow a double, of 1e-150 * x underflow it (all NaN before);
        // 1e150 is no power of two, so the input differs by rounding and t-SNE (chaotic) ends elsewhere,
        // but equally good: same KL, same neighbourhoods kept
        for (double s : new double[] {1e150, 1e-150}) {
            Tsne.Result r = Tsne.embed(scaled(x, s), c);
            assertFinite(r.embedding());
            assertThat(r.klDivergence()).as("KL at scale %s", s).isCloseTo(ref.klDivergence(), withinPercentage(5));
            assertThat(EmbeddingQuality.oneNearestNeighbourAccuracy(r.embedding(), labels)).as("scale %s", s)
                    .isGreaterThanOrEqualTo(0.99);
            assertThat(knnPreservation(scaled(x, s), r.embedding(), 10)).as("kNN preservation at scale %s", s)
                    .isCloseTo(refPres, within(0.03));
        }
        // float input: squares of 1e20 overflow a float, of 1e-20 underflow it
        for (float s : new float[] {1e20f, 1e-20f}) {
            Tsne.Result r = Tsne.embed(scaledFloat(x, s), c);
            assertFinite(r.embedding());
            assertThat(r.klDivergence()).as("KL at float scale %s", s).isCloseTo(ref.klDivergence(), withinPercentage(5));
            assertThat(knnPreservation(x, r.embedding(), 10)).as("kNN preservation at float scale %s", s)
                    .isCloseTo(refPres, within(0.03));
        }
    }

    @Test
    void nonFiniteInputIsRejectedNamingTheValue() {
        float[][] f = new float[60][3];
        f[9][2] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> Tsne.embed(f, TsneConfig.defaults().withPerplexity(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 9 column 2 is Infinity");
        double[][] d = new double[60][3];
        d[4][0] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> Tsne.embed(d, TsneConfig.defaults().withPerplexity(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 4 column 0 is -Infinity");
        // identical points are legal: no NaN, the embedding is finite
        Tsne.Result same = Tsne.embed(new double[60][3], TsneConfig.defaults().withPerplexity(5).withIterations(50));
        assertFinite(same.embedding());
        assertThat(same.klDivergence()).isFinite();
    }

    @Test
    void neighbourPreservationOnHandCheckedPoints() {
        double[][] line = {{0}, {1}, {2}, {10}, {11}};
        assertThat(EmbeddingQuality.neighbourPreservation(line, line, 1)).isEqualTo(1.0);
        // nearest neighbours in line: 0->1, 1->0 (tie with 2: lower index), 2->1, 3->4, 4->3;
        // points 1 and 3 swapped places: 0->3, 1->4, 2->3, 3->0 (tie with 2), 4->1: none kept
        double[][] swapped = {{0}, {10}, {2}, {1}, {11}};
        assertThat(EmbeddingQuality.neighbourPreservation(line, swapped, 1)).isEqualTo(0.0);
        assertThat(EmbeddingQuality.neighbourPreservation(line, line, 4)).isEqualTo(1.0);
        double[][] huge = scaled(line, 1e200);
        assertThat(EmbeddingQuality.neighbourPreservation(huge, line, 2)).isEqualTo(1.0);
        assertThat(EmbeddingQuality.oneNearestNeighbourAccuracy(huge, new int[] {0, 0, 0, 1, 1})).isEqualTo(1.0);
        assertThat(EmbeddingQuality.separationRatio(scaled(line, 1e200), new int[] {0, 0, 0, 1, 1}))
                .isCloseTo(EmbeddingQuality.separationRatio(line, new int[] {0, 0, 0, 1, 1}), within(1e-9));
    }

    @Test
    void sameSeedSameEmbeddingForAnyThreadCount() {
        int[] labels = new int[150];
        double[][] x = blobs(3, 50, 10, 5, labels);
        TsneConfig c = TsneConfig.defaults().withPerplexity(10).withIterations(120);
        double[][] a = Tsne.embed(x, c.withThreads(1)).embedding();
        double[][] b = Tsne.embed(x, c.withThreads(2)).embedding();
        assertThat(b).isDeepEqualTo(a);
        double[][] other = Tsne.embed(x, c.withSeed(43)).embedding();
        assertThat(Arrays.deepEquals(other, a)).as("another seed gives another embedding").isFalse();
    }

    @Test
    void pcaPreReductionRunsForWideInput() {
        int[] labels = new int[200];
        double[][] x = blobs(4, 50, 120, 9, labels);
        Tsne.Result r = Tsne.embed(x, TsneConfig.defaults().withPerplexity(15).withIterations(400).withPcaDimensions(20).withPcaInit(true));
        assertThat(EmbeddingQuality.oneNearestNeighbourAccuracy(r.embedding(), labels)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void calibratedRowsHaveTheEntropyOfThePerplexity() {
        Random rnd = new Random(1);
        for (double perplexity : new double[] {5, 30}) {
            double[] d2 = new double[90];
            for (int j = 0; j < d2.length; j++) {
                d2[j] = 50 + 30 * rnd.nextDouble(); // far-away points: needs the shift by the minimum
            }
            double[] p = Affinities.calibrate(d2, Math.log(perplexity));
            double sum = 0;
            double h = 0;
            for (double v : p) {
                sum += v;
                if (v > 0) {
                    h -= v * Math.log(v);
                }
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            assertThat(Math.exp(h)).as("2^H in nats = perplexity").isCloseTo(perplexity, within(perplexity * 1e-4));
            // nearer neighbours get more mass
            int nearest = 0;
            int farthest = 0;
            for (int j = 1; j < d2.length; j++) {
                nearest = d2[j] < d2[nearest] ? j : nearest;
                farthest = d2[j] > d2[farthest] ? j : farthest;
            }
            assertThat(p[nearest]).isGreaterThan(p[farthest]);
        }
    }

    @Test
    void symmetrisedAffinitiesAreTheMeanOfBothConditionals() {
        // 3 points, 1 neighbour each: 0 -> 1 (p=1), 1 -> 0 (p=1), 2 -> 1 (p=1)
        int[][] idx = {{1}, {0}, {1}};
        double[][] cond = {{1.0}, {1.0}, {1.0}};
        Affinities.Sparse p = Affinities.symmetrise(idx, cond);
        double[][] dense = dense(p);
        // p_ij = (p(j|i) + p(i|j)) / (2n) with n = 3
        assertThat(dense[0][1]).isCloseTo(2.0 / 6, within(1e-15));
        assertThat(dense[1][0]).isCloseTo(2.0 / 6, within(1e-15));
        assertThat(dense[1][2]).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(dense[2][1]).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(dense[0][2]).isZero();
        assertThat(Arrays.stream(p.val()).sum()).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void exactNearestNeighboursMatchBruteForce() {
        Random rnd = new Random(2);
        double[][] x = new double[300][7];
        for (double[] r : x) {
            for (int j = 0; j < 7; j++) {
                r[j] = rnd.nextGaussian() + 100; // offset: the dot-product screening must not lose precision
            }
        }
        try (Workers w = new Workers(2)) {
            Affinities.Neighbours nb = Affinities.knn(x, 12, w);
            for (int i = 0; i < x.length; i++) {
                int fi = i;
                Integer[] order = new Integer[x.length];
                for (int j = 0; j < order.length; j++) {
                    order[j] = j;
                }
                Arrays.sort(order, Comparator.comparingDouble((Integer j) -> dist2(x[fi], x[j])).thenComparingInt(j -> j));
                int[] want = Arrays.stream(order).filter(j -> j != fi).limit(12).mapToInt(Integer::intValue).toArray();
                assertThat(nb.index()[i]).as("neighbours of %d", i).containsExactly(want);
                assertThat(nb.dist2()[i][0]).isCloseTo(dist2(x[i], x[want[0]]), within(1e-12));
            }
        }
    }

    @Test
    void barnesHutGradientIsExactAtThetaZeroAndCloseAtHalf() {
        Random rnd = new Random(4);
        int n = 80;
        double[] y = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            y[i] = rnd.nextGaussian() * 5;
        }
        // random sparse symmetric P
        double[][] pd = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 5; t++) {
                int j = rnd.nextInt(n);
                if (j != i) {
                    double v = rnd.nextDouble();
                    pd[i][j] += v;
                    pd[j][i] += v;
                }
            }
        }
        Affinities.Sparse p = sparse(pd);
        // reference: the textbook O(n^2) gradient (without the factor 4)
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    z += 1 / (1 + d2(y, i, j));
                }
            }
        }
        double[] want = new double[2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double w = 1 / (1 + d2(y, i, j));
                double pij = pd[i][j] / total(pd);
                for (int a = 0; a < 2; a++) {
                    want[2 * i + a] += (3.0 * pij - w / z) * w * (y[2 * i + a] - y[2 * j + a]); // exaggeration 3
                }
            }
        }
        try (Workers w = new Workers(2)) {
            double[] grad = new double[2 * n];
            double got = Tsne.gradient(p, y, 3.0, 0.0, new QuadTree(), grad, new double[2 * n], new double[n], w);
            assertThat(got).isCloseTo(z, within(1e-9 * z));
            for (int t = 0; t < 2 * n; t++) {
                assertThat(grad[t]).isCloseTo(want[t], within(1e-12 + 1e-9 * Math.abs(want[t])));
            }
            double[] approx = new double[2 * n];
            double zApprox = Tsne.gradient(p, y, 3.0, 0.5, new QuadTree(), approx, new double[2 * n], new double[n], w);
            assertThat(zApprox).isCloseTo(z, within(0.02 * z));
            double err = 0;
            double norm = 0;
            for (int t = 0; t < 2 * n; t++) {
                err += (approx[t] - want[t]) * (approx[t] - want[t]);
                norm += want[t] * want[t];
            }
            assertThat(Math.sqrt(err / norm)).as("relative error of the Barnes-Hut gradient").isLessThan(0.05);
        }
    }

    @Test
    void klDivergenceMatchesTheDefinition() {
        double[] y = {0, 0, 1, 0, 0, 2};
        double[][] pd = {{0, 0.2, 0.1}, {0.2, 0, 0.2}, {0.1, 0.2, 0}};
        Affinities.Sparse p = sparse(pd);
        double z = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    z += 1 / (1 + d2(y, i, j));
                }
            }
        }
        double want = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    double q = (1 / (1 + d2(y, i, j))) / z;
                    want += pd[i][j] * Math.log(pd[i][j] / q);
                }
            }
        }
        assertThat(Tsne.klDivergence(p, y, z)).isCloseTo(want, within(1e-12));
    }

    @Test
    void pcaFindsTheDominantDirections() {
        Random rnd = new Random(8);
        int d = 10;
        double[] u = new double[d];
        double[] v = new double[d];
        u[0] = 0.6;
        u[1] = 0.8;                     // unit
        v[2] = 1;                       // unit, orthogonal to u
        double[][] x = new double[2000][d];
        for (double[] r : x) {
            double a = 3 * rnd.nextGaussian();
            double b = 2 * rnd.nextGaussian();
            for (int j = 0; j < d; j++) {
                r[j] = 5 + a * u[j] + b * v[j] + 0.05 * rnd.nextGaussian();
            }
        }
        Pca.Result res = Pca.fit(x, 2, 1);
        assertThat(Math.abs(Pca.dot(res.components()[0], u))).isGreaterThan(0.999);
        assertThat(Math.abs(Pca.dot(res.components()[1], v))).isGreaterThan(0.999);
        assertThat(res.variances()[0]).isCloseTo(9.0, within(0.9));
        assertThat(res.variances()[1]).isCloseTo(4.0, within(0.4));
        assertThat(res.mean()[3]).isCloseTo(5.0, within(0.01));
        // the same directions for data near 1e200 (its covariance near 1e400 overflowed: NaN before)
        Pca.Result huge = Pca.fit(scaled(x, 1e200), 2, 1);
        assertThat(Math.abs(Pca.dot(huge.components()[0], u))).isGreaterThan(0.999);
        assertThat(Math.abs(Pca.dot(huge.components()[1], v))).isGreaterThan(0.999);
        assertThat(huge.projected()[5][0] / 1e200).isCloseTo(res.projected()[5][0], within(1e-6));
        assertThat(huge.mean()[3] / 1e200).isCloseTo(5.0, within(0.01));
        Pca.Result tiny = Pca.fit(scaled(x, 0x1p-300), 2, 1); // variances near 2^-600, squares of 2^-300
        assertThat(tiny.components()).isDeepEqualTo(res.components());
        assertThat(Math.scalb(tiny.variances()[0], 600)).isEqualTo(res.variances()[0]);
    }

    @Test
    void jacobiEigenvaluesOfAKnownMatrix() {
        double[][] a = {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}};
        double[][] vecs = new double[3][3];
        double[] vals = Pca.jacobiEigen(a, vecs);
        double[] sorted = vals.clone();
        Arrays.sort(sorted);
        assertThat(sorted[0]).isCloseTo(1, within(1e-12));
        assertThat(sorted[1]).isCloseTo(3, within(1e-12));
        assertThat(sorted[2]).isCloseTo(5, within(1e-12));
    }

    @Test
    void embeddingQualityOnHandCheckedPoints() {
        double[][] pts = {{0, 0}, {0, 1}, {10, 10}, {10, 11}};
        assertThat(EmbeddingQuality.oneNearestNeighbourAccuracy(pts, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
        assertThat(EmbeddingQuality.oneNearestNeighbourAccuracy(pts, new int[] {0, 1, 0, 1})).isEqualTo(0.0);
        // centroids (0, 0.5) and (10, 10.5): distance sqrt(200); every point is 0.5 from its centroid
        assertThat(EmbeddingQuality.separationRatio(pts, new int[] {0, 0, 1, 1})).isCloseTo(Math.sqrt(200) / 0.5, within(1e-9));
    }

    @Test
    void badInputIsRejectedWithItsName() {
        assertThatThrownBy(() -> Tsne.embed(new double[50][3], TsneConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity");
        double[][] nan = new double[100][2];
        nan[7][1] = Double.NaN;
        assertThatThrownBy(() -> Tsne.embed(nan, TsneConfig.defaults().withPerplexity(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 7");
        assertThatThrownBy(() -> TsneConfig.defaults().withTheta(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("theta");
        assertThat(TsneConfig.defaults().learningRateFor(1000)).isEqualTo(200.0);
        assertThat(TsneConfig.defaults().learningRateFor(12_000)).isEqualTo(1000.0);
        assertThat(TsneConfig.defaults().neighboursFor(10_000)).isEqualTo(90);
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += (a[t] - b[t]) * (a[t] - b[t]);
        }
        return s;
    }

    private static double d2(double[] y, int i, int j) {
        double dx = y[2 * i] - y[2 * j];
        double dy = y[2 * i + 1] - y[2 * j + 1];
        return dx * dx + dy * dy;
    }

    private static double total(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v;
            }
        }
        return s;
    }

    /** A dense symmetric matrix as normalised CSR (the layout Affinities produces). */
    private static Affinities.Sparse sparse(double[][] m) {
        int n = m.length;
        double tot = total(m);
        int[] start = new int[n + 1];
        java.util.List<Integer> cols = new java.util.ArrayList<>();
        java.util.List<Double> vals = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (m[i][j] != 0) {
                    cols.add(j);
                    vals.add(m[i][j] / tot);
                }
            }
            start[i + 1] = cols.size();
        }
        return new Affinities.Sparse(n, start, cols.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[][] dense(Affinities.Sparse p) {
        double[][] d = new double[p.n()][p.n()];
        for (int i = 0; i < p.n(); i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                d[i][p.col()[e]] = p.val()[e];
            }
        }
        return d;
    }
}
