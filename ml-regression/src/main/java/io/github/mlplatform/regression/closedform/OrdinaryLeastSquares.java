package io.github.mlplatform.regression.closedform;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

import java.util.List;

/**
 * Least squares, the exact minimiser of the seed's MSE loss {@code (1/N) Σ (y_i − ŷ_i)²}:
 * {@code w = argmin ‖y − X̃w‖²} with {@code X̃ = [1 | X]}, optionally with a ridge penalty
 * {@code λ‖w‖²} on the feature weights (never on the intercept). Solved by a Householder QR
 * decomposition of the column-scaled design (commons-math3), in double precision — never through
 * the normal equations {@code XᵀX}, which square the condition number (with the seed's x up to 100,
 * a cubic's columns span 6 orders of magnitude). Ridge is the same QR on the design stacked over
 * {@code √λ·I}, whose least-squares solution is {@code (X̃ᵀX̃ + Λ)⁻¹X̃ᵀy}.
 *
 * <p>The fit carries R² and the parameters' standard errors: {@code Cov(β̂) = σ̂²·A⁻¹X̃ᵀX̃A⁻¹} with
 * {@code A = X̃ᵀX̃ + Λ} (for λ = 0 the familiar {@code σ̂²(X̃ᵀX̃)⁻¹}), {@code σ̂² = SS_res/(n − df)}
 * and {@code df = tr(A⁻¹X̃ᵀX̃)} (the number of parameters for λ = 0). {@code A⁻¹} comes from the
 * triangular factor R of the same QR ({@code A = RᵀR} in scaled coordinates).
 */
public final class OrdinaryLeastSquares {

    /** Columns whose scaled QR pivot falls below this are treated as linearly dependent. */
    private static final double RANK_THRESHOLD = 1e-10;

    private OrdinaryLeastSquares() {
    }

    /** {@link #fit(double[][], double[], boolean, List, double)}: least squares with an intercept and names x0, x1, …. */
    public static LinearFit fit(double[][] design, double[] y) {
        return fit(design, y, true, null, 0);
    }

    /** {@link #fit(double[][], double[], boolean, List, double)} without a ridge penalty. */
    public static LinearFit fit(double[][] design, double[] y, boolean intercept, List<String> featureNames) {
        return fit(design, y, intercept, featureNames, 0);
    }

    /** Ridge regression with an (unpenalised) intercept: {@code argmin ‖y − w0 − Xw‖² + λ‖w‖²}. */
    public static LinearFit ridge(double[][] design, double[] y, double lambda) {
        return fit(design, y, true, null, lambda);
    }

    /**
     * Fits {@code y ≈ w0 + design·w}, minimising {@code ‖y − w0 − design·w‖² + ridge·‖w‖²}.
     *
     * @param design       {@code n × p} features (p may be 0 with an intercept)
     * @param y            {@code n} targets
     * @param intercept    whether to fit {@code w0}
     * @param featureNames names of the p columns, or null
     * @param ridge        λ ≥ 0; 0 is ordinary least squares
     * @throws IllegalArgumentException for mismatched lengths, non-finite values, a negative λ, or
     *                                  (without ridge) fewer observations than parameters or
     *                                  linearly dependent columns
     */
    public static LinearFit fit(double[][] design, double[] y, boolean intercept, List<String> featureNames, double ridge) {
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
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge: expected a finite λ >= 0, got " + ridge);
        }
        List<String> names = Design.names(featureNames, p);
        int cols = p + (intercept ? 1 : 0);
        if (cols == 0) {
            throw new IllegalArgumentException("design: expected at least one column or an intercept, got neither");
        }
        int n = y.length;
        if (n < cols && ridge == 0) {
            throw new IllegalArgumentException("y: expected at least " + cols + " observations for " + cols
                    + " parameters, got " + n + " (or use a ridge penalty)");
        }
        int off = intercept ? 1 : 0;
        double[][] xt = intercept ? Design.withOnes(design) : copy(design);
        // ridge: the design stacked over √λ on the diagonal of the feature columns, targets padded with zeros
        int rows = n + (ridge > 0 ? p : 0);
        double[][] a = new double[rows][];
        for (int i = 0; i < n; i++) {
            a[i] = xt[i].clone();
        }
        double[] target = new double[rows];
        System.arraycopy(y, 0, target, 0, n);
        for (int j = 0; j < rows - n; j++) {
            a[n + j] = new double[cols];
            a[n + j][off + j] = Math.sqrt(ridge);
        }
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (double[] row : a) {
                s += row[j] * row[j];
            }
            scale[j] = Math.sqrt(s);
            if (scale[j] == 0) {
                throw new IllegalArgumentException("design: column " + columnName(j, intercept, names)
                        + " is all zeros, so its weight is not determined (or use a ridge penalty)");
            }
            for (double[] row : a) {
                row[j] /= scale[j];
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(a, false), RANK_THRESHOLD);
        DecompositionSolver solver = qr.getSolver();
        if (!solver.isNonSingular()) {
            throw new IllegalArgumentException("design: the columns are linearly dependent (rank < " + cols
                    + "), so the least-squares weights are not unique; drop or combine features " + names
                    + " (or use a ridge penalty)");
        }
        RealVector sol = solver.solve(new ArrayRealVector(target, false));
        double[] beta = new double[cols];
        for (int j = 0; j < cols; j++) {
            beta[j] = sol.getEntry(j) / scale[j];
        }
        double w0 = intercept ? beta[0] : 0;
        double[] w = new double[p];
        System.arraycopy(beta, off, w, 0, p);
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
        // A⁻¹ = D⁻¹ R⁻¹ R⁻ᵀ D⁻¹ (A = X̃ᵀX̃ + Λ; D the column scales)
        double[][] rInv = upperInverse(qr.getR(), cols);
        double[][] aInv = new double[cols][cols];
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = Math.max(i, j); k < cols; k++) {
                    s += rInv[i][k] * rInv[j][k];
                }
                aInv[i][j] = s / (scale[i] * scale[j]);
            }
        }
        // df = tr(A⁻¹(A − Λ)) = cols − λ Σ_features A⁻¹_jj; Cov = σ̂² (A⁻¹ − λ A⁻¹ P A⁻¹), P = features' projector
        double df = cols;
        for (int j = off; j < cols; j++) {
            df -= ridge * aInv[j][j];
        }
        double sigma2 = n - df > 1e-9 ? ssRes / (n - df) : Double.NaN;
        double[] se = new double[cols];
        for (int i = 0; i < cols; i++) {
            double v = aInv[i][i];
            for (int j = off; j < cols && ridge > 0; j++) {
                v -= ridge * aInv[i][j] * aInv[j][i];
            }
            se[i] = Math.sqrt(sigma2 * Math.max(v, 0));
        }
        double[] weightSe = new double[p];
        System.arraycopy(se, off, weightSe, 0, p);
        return new LinearFit(names, w, w0, intercept, n, ssRes / n, ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot, ridge,
                weightSe, intercept ? se[0] : Double.NaN, sigma2, df);
    }

    /** The inverse of the leading {@code k × k} upper-triangular block of {@code r}, by back substitution. */
    private static double[][] upperInverse(RealMatrix r, int k) {
        double[][] inv = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int i = c; i >= 0; i--) {
                double s = i == c ? 1 : 0;
                for (int j = i + 1; j <= c; j++) {
                    s -= r.getEntry(i, j) * inv[j][c];
                }
                inv[i][c] = s / r.getEntry(i, i);
            }
        }
        return inv;
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
