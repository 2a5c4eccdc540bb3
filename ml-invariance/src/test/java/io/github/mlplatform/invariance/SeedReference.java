package io.github.mlplatform.invariance;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's training loop written out literally with dense double arrays (mask, full W^T s, full
 * update of W and U, zeta over all inputs), the way the notebook does it with CuPy. An independent
 * reference for the two implementations; argsort is a stable ascending sort taking the last n.
 */
final class SeedReference {

    final double[][] w;
    final double[][] u;
    final double[] io;
    final int nW;
    final double xi;
    final double prec;
    final double alpha;
    final double leta;
    final double seta;
    final int renormEvery;
    final double renormSum;
    final List<int[]> winnersLog = new ArrayList<>();
    double[] lastSo;

    SeedReference(MwtaConfig s, EmaInvariantConfig i, DenseMatrix w0, DenseMatrix u0) {
        w = toRows(w0);
        u = toRows(u0);
        io = new double[i.neurons()];
        nW = s.winners();
        xi = s.xi();
        prec = s.eps();
        alpha = i.alpha();
        leta = i.leta();
        seta = i.seta();
        renormEvery = i.renormEvery();
        renormSum = i.renormSum();
    }

    static double[][] toRows(DenseMatrix m) {
        double[][] r = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            r[i] = m.row(i);
        }
        return r;
    }

    static DenseMatrix toMatrix(double[][] rows) {
        return DenseMatrix.ofRows(rows);
    }

    void startEpoch() {
        java.util.Arrays.fill(io, 0);
    }

    /** One iteration of the seed's inner loop; i is the step index within the epoch. */
    void step(double[] v, int i) {
        int sN = w.length;
        int m = v.length;
        int iN = u.length;
        double[] p = new double[sN];
        for (int a = 0; a < sN; a++) {
            for (int j = 0; j < m; j++) {
                p[a] += w[a][j] * v[j];
            }
        }
        // stable ascending argsort, last n
        Integer[] order = new Integer[sN];
        for (int a = 0; a < sN; a++) {
            order[a] = a;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] mask = new double[sN];
        int[] winners = new int[nW];
        for (int t = 0; t < nW; t++) {
            winners[t] = order[sN - nW + t];
            mask[winners[t]] = 1;
        }
        int[] sorted = winners.clone();
        java.util.Arrays.sort(sorted);
        winnersLog.add(sorted);
        double[] soUw = new double[sN];
        for (int a = 0; a < sN; a++) {
            soUw[a] = mask[a] * p[a];
        }
        double[] r = new double[m];
        for (int j = 0; j < m; j++) {
            for (int a = 0; a < sN; a++) {
                r[j] += w[a][j] * soUw[a];
            }
        }
        double[] q = new double[m];
        for (int j = 0; j < m; j++) {
            q[j] = (v[j] - r[j]) / Math.max(r[j], prec);
        }
        for (int a = 0; a < sN; a++) {
            for (int j = 0; j < m; j++) {
                w[a][j] += w[a][j] * soUw[a] * q[j] * xi;
            }
        }
        double[] so = new double[sN];
        for (int a = 0; a < sN; a++) {
            double rs = 0;
            for (int j = 0; j < m; j++) {
                rs += w[a][j];
            }
            so[a] = soUw[a] / rs;
        }
        lastSo = so;
        double[] pert = new double[iN];
        for (int k = 0; k < iN; k++) {
            for (int a = 0; a < sN; a++) {
                pert[k] += u[k][a] * so[a];
            }
        }
        for (int k = 0; k < iN; k++) {
            io[k] += (pert[k] - io[k]) * alpha;
        }
        double[] r2 = new double[sN];
        for (int a = 0; a < sN; a++) {
            for (int k = 0; k < iN; k++) {
                r2[a] += u[k][a] * io[k];
            }
        }
        double[] h = new double[sN];
        for (int a = 0; a < sN; a++) {
            double zeta = so[a] > 0 ? leta : seta;
            h[a] = ((so[a] - r2[a]) * zeta) / Math.max(r2[a], prec);
        }
        for (int k = 0; k < iN; k++) {
            for (int a = 0; a < sN; a++) {
                u[k][a] += u[k][a] * io[k] * h[a];
            }
        }
        if (renormEvery > 0 && i % renormEvery == 0) {
            for (int k = 0; k < iN; k++) {
                double rs = 0;
                for (int a = 0; a < sN; a++) {
                    rs += u[k][a];
                }
                for (int a = 0; a < sN; a++) {
                    u[k][a] = renormSum * (u[k][a] / rs);
                }
            }
        }
    }
}
