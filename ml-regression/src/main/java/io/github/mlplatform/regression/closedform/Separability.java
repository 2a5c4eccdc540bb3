package io.github.mlplatform.regression.closedform;

import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether labelled points are <em>completely</em> separable by linear functions: is there
 * {@code Θ = (θ_0 … θ_{K−1})} with {@code (θ_{y_i} − θ_k)·[1, x_i] >= 1} for every point {@code i}
 * and every other class {@code k}? That is a linear-programming feasibility problem (commons-math3
 * simplex). If it is feasible, logistic/softmax likelihoods have no finite maximiser.
 */
public final class Separability {

    /** Problems larger than this many constraint coefficients are not checked (empty result). */
    static final long MAX_COEFFICIENTS = 2_000_000;

    private Separability() {
    }

    /**
     * True when the classes are completely linearly separable, false when they are not; empty
     * when the problem is too large to decide here (then Newton's divergence is the signal).
     */
    public static Optional<Boolean> isSeparable(double[][] x, int[] labels, int classes) {
        int n = x.length;
        int p = x[0].length;
        if (classes == 2) {
            // one vector v = θ1 − θ0: s_i v·[1, x_i] >= 1 with s_i = ±1
            int vars = p + 1;
            if ((long) n * vars > MAX_COEFFICIENTS) {
                return Optional.empty();
            }
            List<LinearConstraint> cs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double s = labels[i] == 1 ? 1 : -1;
                double[] c = new double[vars];
                c[0] = s;
                for (int j = 0; j < p; j++) {
                    c[j + 1] = s * x[i][j];
                }
                cs.add(new LinearConstraint(c, Relationship.GEQ, 1));
            }
            return feasible(vars, cs);
        }
        int block = p + 1;
        int vars = classes * block;
        if ((long) n * (classes - 1) * vars > MAX_COEFFICIENTS) {
            return Optional.empty();
        }
        List<LinearConstraint> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            for (int k = 0; k < classes; k++) {
                if (k == y) {
                    continue;
                }
                double[] c = new double[vars];
                c[y * block] = 1;
                c[k * block] = -1;
                for (int j = 0; j < p; j++) {
                    c[y * block + 1 + j] = x[i][j];
                    c[k * block + 1 + j] = -x[i][j];
                }
                cs.add(new LinearConstraint(c, Relationship.GEQ, 1));
            }
        }
        return feasible(vars, cs);
    }

    private static Optional<Boolean> feasible(int vars, List<LinearConstraint> cs) {
        try {
            new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(new double[vars], 0),
                    new LinearConstraintSet(cs), GoalType.MINIMIZE, new NonNegativeConstraint(false));
            return Optional.of(true);
        } catch (NoFeasibleSolutionException e) {
            return Optional.of(false);
        } catch (TooManyIterationsException e) {
            return Optional.empty();
        }
    }
}
