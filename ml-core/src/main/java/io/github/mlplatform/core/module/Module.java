package io.github.mlplatform.core.module;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The unit of composition, after PyTorch's {@code nn.Module}: a module declares named
 * {@link Parameter}s and sub-modules and defines {@link #forward(Graph, SDVariable)}, which adds
 * its computation to a SameDiff graph. Parameter names are hierarchical
 * ({@code block1.conv.weight}), as in a PyTorch state dict.
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Linear a = register("a", new Linear(784, 100));
 *     final Linear b = register("b", new Linear(100, 10));
 *     public SDVariable forward(Graph g, SDVariable x) {
 *         return b.forward(g, g.sd().nn().relu(a.forward(g, x), 0));
 *     }
 * }
 * }</pre>
 *
 * A frozen module's parameters (and those of all its sub-modules) are left out of training; see
 * {@link #freeze()}.
 *
 * <p><b>Shapes.</b> Every module states what it makes of an input shape in {@link #outputShape}
 * (batch dimension {@code -1}); the model builder walks the tree with it before anything runs, so a
 * module that cannot take its input fails at build time, naming the module and both shapes.
 * Override it in modules you write; the default (unknown) only skips those checks.
 *
 * <p><b>State.</b> Before a module is built into a model its parameters hold their own values;
 * once built, they live in the model's graph (see {@link Parameter}): {@link #stateDict()} reads
 * what training wrote and {@link #loadStateDict} writes into the model (the one most recently built
 * from this module), exactly as {@code Model.loadStateDict} does.
 */
public abstract class Module {

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean frozen;

    /** Adds the computation of this module to the graph and returns its output. */
    public abstract SDVariable forward(Graph g, SDVariable x);

    /**
     * The shape of this module's output for input of shape {@code inputShape}, known without running
     * anything, or {@code null} when it cannot be known that way (the default). Shapes include the
     * batch dimension, given as {@code -1}: {@code [-1, 1, 28, 28]}. Containers compute theirs from
     * their children with {@link Shape#outputOf}.
     *
     * @throws ShapeMismatchException (or any {@link IllegalArgumentException}) if this module cannot
     *                                take input of that shape; the message says what was expected and what was given
     */
    public long[] outputShape(long[] inputShape) {
        return null;
    }

    /** Declares a parameter of this module. */
    protected final Parameter parameter(String name, Initializer initializer, long... shape) {
        checkFreeName(name);
        Parameter p = new Parameter(name, shape, initializer);
        parameters.put(name, p);
        return p;
    }

    /** Declares a sub-module under {@code name} and returns it (for field initialisers). */
    protected final <M extends Module> M register(String name, M module) {
        checkFreeName(name);
        if (name.contains(".")) {
            throw new IllegalArgumentException("module name must not contain '.', got '" + name + "'");
        }
        if (module == this) {
            throw new IllegalArgumentException("a module cannot contain itself");
        }
        children.put(name, module);
        return module;
    }

    private void checkFreeName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("names of parameters and sub-modules must be non-empty");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    /** The direct sub-modules, by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * This module and every module below it by hierarchical name, in registration order: the
     * module itself under {@code ""}, its children under their names, grandchildren as
     * {@code child.grandchild} (as PyTorch's {@code named_modules()}).
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out);
        return out;
    }

    private static void collectModules(String name, Module m, Map<String, Module> out) {
        out.putIfAbsent(name, m);
        m.children.forEach((n, c) -> collectModules(name.isEmpty() ? n : name + "." + n, c, out));
    }

    /** The hierarchical name of {@code descendant} below this module ({@code ""} for this module), or null if it is not part of it. */
    public final String nameOf(Module descendant) {
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            if (e.getValue() == descendant) {
                return e.getKey();
            }
        }
        return null;
    }

    /** This module's own parameters (not its sub-modules'), by local name. */
    public final Map<String, Parameter> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Every parameter of this module and its descendants, by hierarchical name, in declaration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** Parameters whose module, or any module above it, is frozen. */
    public final Map<String, Parameter> frozenParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectFrozen("", false, out);
        return out;
    }

    private void collectFrozen(String prefix, boolean ancestorFrozen, Map<String, Parameter> out) {
        boolean f = ancestorFrozen || frozen;
        if (f) {
            parameters.forEach((n, p) -> out.put(prefix + n, p));
        }
        children.forEach((n, m) -> m.collectFrozen(prefix + n + ".", f, out));
    }

    /** Total number of scalar parameters. */
    public final long parameterCount() {
        return namedParameters().values().stream().mapToLong(Parameter::length).sum();
    }

    /** Freezes this module and everything below it: its parameters stop changing in training. */
    public Module freeze() {
        frozen = true;
        return this;
    }

    /** Undoes {@link #freeze()} for this module (descendants frozen on their own stay frozen). */
    public Module unfreeze() {
        frozen = false;
        return this;
    }

    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Gives every parameter without a value its initial value. Each parameter draws from its own
     * random stream, derived from {@code seed} and its hierarchical name, so adding a module does
     * not change the initial values of the others.
     */
    public final void initialise(long seed, DataType dataType) {
        namedParameters().forEach((name, p) -> p.initialise(dataType, new SplittableRandom(seed ^ mix(name))));
    }

    private static long mix(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Copies of every parameter's current value, by hierarchical name (like PyTorch's
     * {@code state_dict()}). For a module built into a model these are the model's live values.
     */
    public final Map<String, INDArray> stateDict() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            if (!p.isInitialised()) {
                throw new IllegalStateException("parameter '" + n + "' has no value yet: build a model or call initialise first");
            }
            out.put(n, p.value().dup());
        });
        return out;
    }

    /**
     * Sets every parameter from {@code state}. Missing or unexpected names and shape mismatches are
     * reported together, naming each offending entry; nothing is changed in that case. For a module
     * built into a model the values are written into that model (the one most recently built from
     * this module), which uses them from its next call on; for partial loads or a model without a
     * module tree use {@code Model.loadStateDict(state, strict)}.
     *
     * @throws IllegalArgumentException naming missing, unexpected and mis-shaped entries
     */
    public final void loadStateDict(Map<String, INDArray> state) {
        Map<String, Parameter> params = namedParameters();
        TreeSet<String> missing = new TreeSet<>(params.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(params.keySet());
        StringBuilder shapeErrors = new StringBuilder();
        params.forEach((n, p) -> {
            INDArray v = state.get(n);
            if (v != null && !Arrays.equals(v.shape(), p.shape())) {
                shapeErrors.append(' ').append(n).append(": expected ").append(Arrays.toString(p.shape()))
                        .append(" got ").append(Arrays.toString(v.shape())).append(';');
            }
        });
        if (!missing.isEmpty() || !unexpected.isEmpty() || shapeErrors.length() > 0) {
            throw new IllegalArgumentException("state dict does not fit " + getClass().getSimpleName()
                    + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected: " + unexpected)
                    + (shapeErrors.length() == 0 ? "" : "; shape mismatch:" + shapeErrors));
        }
        params.forEach((n, p) -> p.set(state.get(n).dup()));
    }

    /** A one-line description of this module's own settings, e.g. {@code Linear(in=400, out=120)}. */
    public String describe() {
        return getClass().getSimpleName() + "()";
    }

    /** A PyTorch-style printout of the module tree with parameter counts. */
    public final String summary() {
        StringBuilder sb = new StringBuilder();
        summary(sb, "", null);
        sb.append("parameters: ").append(parameterCount());
        long frozenCount = frozenParameters().values().stream().mapToLong(Parameter::length).sum();
        if (frozenCount > 0) {
            sb.append(" (frozen: ").append(frozenCount).append(')');
        }
        return sb.append('\n').toString();
    }

    private void summary(StringBuilder sb, String indent, String name) {
        sb.append(indent);
        if (name != null) {
            sb.append('(').append(name).append("): ");
        }
        sb.append(describe());
        if (frozen) {
            sb.append(" [frozen]");
        }
        sb.append('\n');
        children.forEach((n, m) -> m.summary(sb, indent + "  ", n));
    }

    @Override
    public String toString() {
        return describe();
    }
}
