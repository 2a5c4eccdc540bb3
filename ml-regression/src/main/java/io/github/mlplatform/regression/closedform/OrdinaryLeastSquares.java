package io.github.mlplatform.regression.closedform;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.List;

/**
 * Ordinary least squares, the exact minimiser of the seed's MSE loss
 * {@code (1/N) Σ (y_i − ŷ_i)²}: {@code w = argmin ‖y − X̃w‖²} with {@code X̃ = [1 | X]}, solved by a
 * Householder QR decomposition of the column-scaled design (commons-math3), in double precision
 * (never through the normal equations {@code XᵀX}, which square the condition number — with the
 * seed's x up to 100, a cubic's columns span 6 orders of magnitude).
 */
public final class OrdinaryLeastSquares {

    /** Columns whose scaled QR pivot falls below this are treated as linearly dependent. */
    private static final double RANK_THRESHOLD = 1e-10;

    private OrdinaryLeastSquares() {
    }

    /** {@link #fit(double[][], double[], boolean, List)} with an intercept and names x0, x1, …. */
    public static LinearFit fit(double[][] design, double[] y) {
        return fit(design, y, true, null);
    }

    /**
     * Fits {@code y ≈ w0 + design·w}.
     *
     * @param design       {@code n × p} features (p may be 0 with an intercept)
     * @param y            {@code n} targets
     * @param intercept    whether to fit {@code w0}
     * @param featureNames names of the p columns, or null
     * @throws IllegalArgumentException for mismatched lengths, non-finite values, fewer observations
     *                                  than parameters, or linearly dependent columns
     */
    public static LinearFit fit(double[][] design, double[] y, boolean intercept, List<String> featureNames) {
        int p = Design.check(design);
        if (y == null) {
            throw new IllegalArgumentException("y: expected " + design.length + " targets, got null");
        }
        if (y.length != design.length) {
            throw new IllegalArgumentException("y: expected " + design.length + " targets (one per row of the design), got " + y.length);
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y[" + i + "]: expected a finite number, got " + y[i]);
            }
        }
        List<String> names = Design.names(featureNames, p);
        int cols = p + (intercept ? 1 : 0);
        if (cols == 0) {
            throw new IllegalArgumentException("design: expected at least one column or an intercept, got neither");
        }
        int n = y.length;
        if (n < cols) {
            throw new IllegalArgumentException("y: expected at least " + cols + " observations for " + cols + " parameters, got " + n);
        }
        double[][] a = intercept ? Design.withOnes(design) : copy(design);
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (double[] row : a) {
                s += row[j] * row[j];
            }
            scale[j] = Math.sqrt(s);
            if (scale[j] == 0) {
                throw new IllegalArgumentException("design: column " + columnName(j, intercept, names)
                        + " is all zeros, so its weight is not determined");
            }
            for (double[] row : a) {
                row[j] /= scale[j];
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(a, false), RANK_THRESHOLD);
        DecompositionSolver solver = qr.getSolver();
        if (!solver.isNonSingular()) {
            throw new IllegalArgumentException("design: the columns are linearly dependent (rank < " + cols
                    + "), so the least-squares weights are not unique; drop or combine features " + names);
        }
        RealVector sol = solver.solve(new ArrayRealVector(y, false));
        double[] w = new double[p];
        double w0 = 0;
        for (int j = 0; j < cols; j++) {
            double v = sol.getEntry(j) / scale[j];
            if (intercept && j == 0) {
                w0 = v;
            } else {
                w[j - (intercept ? 1 : 0)] = v;
            }
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (w0 + Design.dot(w, design[i]));
            ssRes += r * r;
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return new LinearFit(names, w, w0, intercept, n, ssRes / n, ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot);
    }

    private static String columnName(int j, boolean intercept, List<String> names) {
        if (intercept) {
            return j == 0 ? "'intercept'" : "'" + names.get(j - 1) + "'";
        }
        return "'" + names.get(j) + "'";
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
