package io.github.mlplatform.regression.closedform;

/**
 * Settings of the Newton–Raphson / IRLS references.
 *
 * @param maxIterations iterations before giving up (a finite optimum is reached in well under 30
 *                      on non-separable data; more usually means the optimum does not exist)
 * @param tolerance     stop when every parameter moves less than {@code tolerance·(1 + max|θ|)}
 */
public record NewtonConfig(int maxIterations, double tolerance) {

    public NewtonConfig {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + maxIterations);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tolerance);
        }
    }

    /** 100 iterations, tolerance 1e-12. */
    public static NewtonConfig defaults() {
        return new NewtonConfig(100, 1e-12);
    }
}
