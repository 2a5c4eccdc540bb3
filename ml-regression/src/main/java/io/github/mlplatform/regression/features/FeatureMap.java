package io.github.mlplatform.regression.features;

import io.github.mlplatform.regression.data.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Turns observations into features: {@code f_i(X)}, the columns of the design matrix of linear
 * regression {@code ŷ(X) = w0 + Σ_i w_i f_i(X)} (the seed's prediction equation; the model is
 * linear in the weights, whatever the features are). The intercept {@code w0} is not a feature:
 * the fitting code adds it.
 *
 * <pre>{@code
 * FeatureMap.polynomial(3)                          // [x, x², x³]           (ŷ = w0 + w1 x + w2 x² + w3 x³)
 * FeatureMap.identity(4)                            // [x0, x1, x2, x3]      (the canonical ŷ = Xw + w0)
 * FeatureMap.functions(Map.of("sin(x)", Math::sin)) // any functions of a 1-D observation
 * FeatureMap.pairwiseProducts(3)                    // x_i·x_j for i <= j  (the seed's ψ_ij, repeats dropped)
 * FeatureMap.pairwiseProducts(3, false)             // x_i·x_j for i < j   (interactions only, no squares)
 * // composable: the seed's ŷ = w0 (x0 + x3) + w1 arcsin(x0) + w2 tanh(x1²) + w3 x0⁵
 * FeatureMap x = FeatureMap.identity(4);
 * FeatureMap.function(4, "x0+x3", v -> v[0] + v[3])
 *         .concat(x.select("x0").map("arcsin", Math::asin))
 *         .concat(x.select("x1").pow(2).map("tanh", Math::tanh))
 *         .concat(x.select("x0").pow(5));         // names [x0+x3, arcsin(x0), tanh(x1^2), x0^5]
 * }</pre>
 */
public final class FeatureMap {

    private final int inputs;
    private final List<String> names;
    private final List<ToDoubleFunction<double[]>> functions;

    private FeatureMap(int inputs, List<String> names, List<ToDoubleFunction<double[]>> functions) {
        this.inputs = inputs;
        this.names = List.copyOf(names);
        this.functions = List.copyOf(functions);
    }

    /**
     * Features given by name and function of an observation of {@code inputs} values.
     *
     * @throws IllegalArgumentException if the lists differ in length, a name repeats, or inputs &lt; 1
     */
    public static FeatureMap of(int inputs, List<String> names, List<ToDoubleFunction<double[]>> functions) {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs: expected at least 1 value per observation, got " + inputs);
        }
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(functions, "functions");
        if (names.size() != functions.size()) {
            throw new IllegalArgumentException("functions: expected " + names.size() + " functions (one per name), got " + functions.size());
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("names: expected distinct feature names, got " + names);
        }
        return new FeatureMap(inputs, names, functions);
    }

    /** The observation itself: features {@code x0 … x(p−1)}. */
    public static FeatureMap identity(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs: expected at least 1, got " + inputs);
        }
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> f = new ArrayList<>();
        for (int j = 0; j < inputs; j++) {
            int jj = j;
            n.add(inputs == 1 ? "x" : "x" + j);
            f.add(x -> x[jj]);
        }
        return new FeatureMap(inputs, n, f);
    }

    /**
     * Powers of a 1-D observation: {@code [x, x², …, x^degree]} ({@code degree = 0} gives no
     * feature, i.e. the intercept-only model).
     */
    public static FeatureMap polynomial(int degree) {
        if (degree < 0) {
            throw new IllegalArgumentException("degree: expected >= 0, got " + degree);
        }
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> f = new ArrayList<>();
        for (int d = 1; d <= degree; d++) {
            int dd = d;
            n.add(d == 1 ? "x" : "x^" + d);
            f.add(x -> pow(x[0], dd));
        }
        return new FeatureMap(1, n, f);
    }

    /** Arbitrary functions of a 1-D observation, in the map's iteration order (use a LinkedHashMap). */
    public static FeatureMap functions(Map<String, DoubleUnaryOperator> byName) {
        Objects.requireNonNull(byName, "byName");
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> f = new ArrayList<>();
        byName.forEach((name, fn) -> {
            Objects.requireNonNull(fn, "function '" + name + "'");
            n.add(name);
            f.add(x -> fn.applyAsDouble(x[0]));
        });
        return of(1, n, f);
    }

    /** Products {@code x_i·x_j} for {@code i <= j} (squares included, repeats {@code x_j·x_i} dropped). */
    public static FeatureMap pairwiseProducts(int inputs) {
        return pairwiseProducts(inputs, true);
    }

    /**
     * Products {@code x_i·x_j} without repeats ({@code x_j·x_i} is the same feature): {@code i <= j}
     * with the squares, {@code i < j} without ({@code p(p+1)/2} or {@code p(p−1)/2} features).
     */
    public static FeatureMap pairwiseProducts(int inputs, boolean squares) {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs: expected at least 1, got " + inputs);
        }
        if (!squares && inputs < 2) {
            throw new IllegalArgumentException("inputs: products of distinct inputs need at least 2, got " + inputs);
        }
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> f = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            for (int j = squares ? i : i + 1; j < inputs; j++) {
                int ii = i;
                int jj = j;
                n.add("x" + i + "*x" + j);
                f.add(x -> x[ii] * x[jj]);
            }
        }
        return new FeatureMap(inputs, n, f);
    }

    /** One named feature computed from the whole observation, e.g. {@code function(4, "x0+x3", v -> v[0] + v[3])}. */
    public static FeatureMap function(int inputs, String name, ToDoubleFunction<double[]> f) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(f, "function '" + name + "'");
        return of(inputs, List.of(name), List.of(f));
    }

    /**
     * The features of this map with the given names, in the order given.
     *
     * @throws IllegalArgumentException naming an unknown feature and the known ones
     */
    public FeatureMap select(String... featureNames) {
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> f = new ArrayList<>();
        for (String name : featureNames) {
            int k = names.indexOf(name);
            if (k < 0) {
                throw new IllegalArgumentException("select: no feature '" + name + "'; expected one of " + names);
            }
            n.add(name);
            f.add(functions.get(k));
        }
        return of(inputs, n, f);
    }

    /**
     * Every feature passed through {@code f}, named {@code function(name)}: e.g.
     * {@code identity(2).select("x1").pow(2).map("tanh", Math::tanh)} is {@code tanh(x1^2)}.
     */
    public FeatureMap map(String function, DoubleUnaryOperator f) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(f, "function '" + function + "'");
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> g = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            ToDoubleFunction<double[]> inner = functions.get(k);
            n.add(function + "(" + names.get(k) + ")");
            g.add(x -> f.applyAsDouble(inner.applyAsDouble(x)));
        }
        return of(inputs, n, g);
    }

    /** Every feature to the power {@code k ≥ 1}, named {@code name^k} (parenthesised when the name is not atomic). */
    public FeatureMap pow(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k: expected a power >= 1, got " + k);
        }
        List<String> n = new ArrayList<>();
        List<ToDoubleFunction<double[]>> g = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ToDoubleFunction<double[]> inner = functions.get(i);
            String name = names.get(i);
            n.add((atomic(name) ? name : "(" + name + ")") + "^" + k);
            g.add(x -> pow(inner.applyAsDouble(x), k));
        }
        return of(inputs, n, g);
    }

    /** A name that needs no parentheses before {@code ^}: an identifier, or {@code f(…)} whose bracket closes at the end. */
    static boolean atomic(String name) {
        int i = 0;
        while (i < name.length() && (Character.isLetterOrDigit(name.charAt(i)) || name.charAt(i) == '_')) {
            i++;
        }
        if (i == 0 || Character.isDigit(name.charAt(0))) {
            return false;
        }
        if (i == name.length()) {
            return true;
        }
        if (name.charAt(i) != '(') {
            return false;
        }
        int depth = 0;
        for (int j = i; j < name.length(); j++) {
            char c = name.charAt(j);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                return j == name.length() - 1;
            }
        }
        return false;
    }

    /** The features of this map followed by those of {@code other} (same observation size). */
    public FeatureMap concat(FeatureMap other) {
        if (other.inputs != inputs) {
            throw new IllegalArgumentException("other: expected a map of " + inputs + "-value observations, got " + other.inputs);
        }
        List<String> n = new ArrayList<>(names);
        n.addAll(other.names);
        List<ToDoubleFunction<double[]>> f = new ArrayList<>(functions);
        f.addAll(other.functions);
        return of(inputs, n, f);
    }

    /** Values per observation. */
    public int inputs() {
        return inputs;
    }

    /** Number of features (columns of the design matrix). */
    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    /** The features of one observation. */
    public double[] apply(double[] observation) {
        if (observation == null || observation.length != inputs) {
            throw new IllegalArgumentException("observation: expected " + inputs + " values, got "
                    + (observation == null ? "null" : observation.length));
        }
        double[] out = new double[functions.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = functions.get(k).applyAsDouble(observation);
        }
        return out;
    }

    /** The design matrix: one row of features per observation ({@code n × size()}). */
    public double[][] design(double[][] observations) {
        Checks.matrix("observations", observations);
        double[][] out = new double[observations.length][];
        for (int i = 0; i < observations.length; i++) {
            out[i] = apply(observations[i]);
            for (int k = 0; k < out[i].length; k++) {
                if (!Double.isFinite(out[i][k])) {
                    throw new IllegalArgumentException("feature '" + names.get(k) + "' of observation " + i + " is not finite: " + out[i][k]);
                }
            }
        }
        return out;
    }

    /** {@link #design(double[][])} of 1-D observations. */
    public double[][] design(double[] x) {
        return design(Checks.column(Objects.requireNonNull(x, "x")));
    }

    private static double pow(double x, int d) {
        double r = 1;
        for (int i = 0; i < d; i++) {
            r *= x;
        }
        return r;
    }

    @Override
    public String toString() {
        return "FeatureMap" + names;
    }
}
