package io.github.mlplatform.core.module;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A named, trainable array of a {@link Module}: its local name (e.g. {@code weight}), shape and
 * initializer. The value is created when the module is first built into a model (or set from a
 * state dict).
 *
 * <p>Once the module is built into a {@code Model}, the value lives in that model's graph: the
 * builder {@linkplain #attach attaches} the parameter to its graph variable, so {@link #value()}
 * reads what training wrote there and {@link #set} writes into it (in place, so the model sees it
 * at once). Building the module into another model moves the parameter there, starting from its
 * current value; the earlier model keeps its own copy.
 */
public final class Parameter {

    private final String name;
    private final long[] shape;
    private final Initializer initializer;
    private INDArray value;
    private Supplier<INDArray> live;

    Parameter(String name, long[] shape, Initializer initializer) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("parameter name must be non-empty and contain no '.', got '" + name + "'");
        }
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter '" + name + "' has a non-positive dimension: " + Arrays.toString(shape));
            }
        }
        this.name = name;
        this.shape = shape.clone();
        this.initializer = initializer;
    }

    /** The local name within its module. */
    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Number of scalars. */
    public long length() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The current value, or null before the first build. While attached to a model this is the
     * model's own array (live: training changes it; copy it to keep a snapshot).
     */
    public INDArray value() {
        return live != null ? live.get() : value;
    }

    /** True once a value exists. */
    public boolean isInitialised() {
        return value() != null;
    }

    /** True while the value lives in a built model's graph (see {@link #attach}). */
    public boolean isAttached() {
        return live != null;
    }

    /**
     * Makes {@code storage} the home of this parameter's value: {@link #value()} returns what it
     * supplies and {@link #set} assigns into it. Called by {@code Model.build} with the graph
     * variable's array; a later attach (a new model built from the module) replaces it.
     */
    public void attach(Supplier<INDArray> storage) {
        this.live = Objects.requireNonNull(storage, "storage");
        this.value = null;
    }

    /** Creates the value from the initializer if there is none, in {@code dataType} (an attached value keeps its model's type). */
    void initialise(DataType dataType, SplittableRandom rng) {
        if (value() == null) {
            value = initializer.init(shape.clone(), dataType, rng);
        } else if (live == null && value.dataType() != dataType) {
            value = value.castTo(dataType);
        }
    }

    /**
     * Sets the value; the shape must match. While attached to a model the new values are assigned
     * into the model's array (cast to its data type), so the model uses them from the next call on.
     */
    public void set(INDArray newValue) {
        if (!Arrays.equals(newValue.shape(), shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': expected shape " + Arrays.toString(shape)
                    + " but got " + Arrays.toString(newValue.shape()));
        }
        INDArray target = live == null ? null : live.get();
        if (target == null) {
            value = newValue;
        } else {
            target.assign(newValue.dataType() == target.dataType() ? newValue : newValue.castTo(target.dataType()));
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
