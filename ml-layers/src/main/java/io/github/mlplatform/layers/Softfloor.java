package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A smooth, sigmoid-based floor function (the seed's {@code softfloor_make}, experiment 09):
 *
 * <pre>
 *   r = ⌊x + ½⌋                        (x rounded to the nearest integer)
 *   t = x − r ∈ [−½, ½)                (signed fractional part)
 *   y = r + f·(σ(2·t·a) − 1) + ½·f − ½
 * </pre>
 *
 * where σ is the logistic sigmoid, {@code f = factor > 1} and the adjustment {@code a} solves
 * {@code 1 = f·(2/(1 + e^{−a}) − 1)}, i.e. {@code a = ln((f+1)/(f−1))}. This choice makes
 * {@code y} continuous across the half-integers. Away from the integers {@code y ≈ ⌊x⌋}; exactly,
 * {@code y(n + ½) = n}, and at the steps {@code y(n) = n − ½}. The closer {@code f} is to 1 the
 * sharper the steps.
 *
 * <p>The seed's argument is {@code ε} and it uses {@code f = 1 + ε}, default {@code ε = 1e-4}; here
 * {@link #ofEpsilon(double)} takes that argument and {@link #ofFactor(double)} takes {@code f}
 * itself. {@code a} is found numerically with Commons Math's Brent solver, as the seed does with
 * SymPy; {@link #closedFormAdjustment(double)} gives the closed form for comparison.
 */
public class Softfloor extends Module implements StaticShape {

    /** The seed's default {@code ε}: {@code factor = 1 + 1e-4}. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private final double factor;
    private final double adjustment;

    /** The seed's default: {@code factor = 1 + 1e-4}. */
    public Softfloor() {
        this(1 + DEFAULT_EPSILON);
    }

    private Softfloor(double factor) {
        this.factor = factor;
        this.adjustment = solveAdjustment(factor);
    }

    /** The seed's API: {@code softfloor_make(epsilon)}, {@code factor = 1 + epsilon}, {@code epsilon > 0}. */
    public static Softfloor ofEpsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Softfloor: epsilon must be a positive finite number (factor = 1 + epsilon), got " + epsilon);
        }
        return new Softfloor(1 + epsilon);
    }

    /** {@code factor} itself, {@code factor > 1}. */
    public static Softfloor ofFactor(double factor) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("Softfloor: factor must be a finite number > 1, got " + factor);
        }
        return new Softfloor(factor);
    }

    /** {@code f}. */
    public double factor() {
        return factor;
    }

    /** {@code a}, the solution of {@code 1 = f·(2/(1 + e^{−a}) − 1)}. */
    public double adjustment() {
        return adjustment;
    }

    /**
     * Solves {@code 1 = f·(2/(1 + e^{−a}) − 1)} for {@code a} with Commons Math's
     * {@link BrentSolver}; the left side minus the right is −1 at {@code a = 0} and tends to
     * {@code f − 1 > 0}, so a bracket is found by doubling.
     */
    public static double solveAdjustment(double factor) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("Softfloor: factor must be a finite number > 1, got " + factor);
        }
        UnivariateFunction g = a -> factor * (2 / (1 + Math.exp(-a)) - 1) - 1;
        double hi = 1;
        while (g.value(hi) <= 0) {
            hi *= 2;
            if (hi > 1e6) {
                throw new ArithmeticException("Softfloor: no root of 1 = f·(2/(1+e^-a) − 1) below 1e6 for factor " + factor);
            }
        }
        return new BrentSolver(1e-14, 1e-15, 1e-300).solve(10_000, g, 0, hi);
    }

    /** The closed form {@code a = ln((f+1)/(f−1))} of the adjustment. */
    public static double closedFormAdjustment(double factor) {
        return Math.log((factor + 1) / (factor - 1));
    }

    /** The function on one number, in plain Java (for plots and checks). */
    public double value(double x) {
        double r = Math.floor(x + 0.5);
        double t = x - r;
        return r + factor * (1 / (1 + Math.exp(-(2 * t) * adjustment)) - 1) + 0.5 * factor - 0.5;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        SDVariable r = sd.math().floor(x.add(0.5));
        SDVariable t = x.sub(r);
        SDVariable s = sd.nn().sigmoid(t.mul(2 * adjustment));
        return Shapes.record(g, r.add(s.sub(1.0).mul(factor)).add(0.5 * factor - 0.5), Shapes.known(g, x));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "Softfloor(factor=" + factor + ", adjustment=" + adjustment + ")";
    }
}
