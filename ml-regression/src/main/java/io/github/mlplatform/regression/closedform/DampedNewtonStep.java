package io.github.mlplatform.regression.closedform;

import java.util.function.ToDoubleFunction;

/**
 * One damped Newton step, shared by {@link LogisticIrls} and {@link SoftmaxNewton}: the full step
 * {@code x + step} if it does not increase the objective, else the step halved until it does (at
 * most 40 halvings; a relative slack of 1e-12 absorbs rounding at the optimum).
 *
 * @param next    the new parameters
 * @param value   the objective at {@code next}
 * @param maxMove the largest absolute change of a parameter
 * @param maxAbs  the largest absolute parameter of {@code next}
 */
record DampedNewtonStep(double[] next, double value, double maxMove, double maxAbs) {

    static DampedNewtonStep take(double[] x, double fx, double[] step, ToDoubleFunction<double[]> objective) {
        int m = x.length;
        double t = 1;
        double[] next = new double[m];
        double value;
        int halvings = 0;
        while (true) {
            for (int a = 0; a < m; a++) {
                next[a] = x[a] + t * step[a];
            }
            value = objective.applyAsDouble(next);
            if (value <= fx + 1e-12 * Math.abs(fx) || halvings >= 40) {
                break;
            }
            t /= 2;
            halvings++;
        }
        double maxMove = 0;
        double maxAbs = 0;
        for (int a = 0; a < m; a++) {
            maxMove = Math.max(maxMove, Math.abs(next[a] - x[a]));
            maxAbs = Math.max(maxAbs, Math.abs(next[a]));
        }
        return new DampedNewtonStep(next, value, maxMove, maxAbs);
    }

    /** Converged: no parameter moved more than {@code tolerance·(1 + max |x|)}. */
    boolean converged(double tolerance) {
        return maxMove <= tolerance * (1 + maxAbs);
    }
}
