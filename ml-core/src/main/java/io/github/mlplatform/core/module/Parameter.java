package io.github.mlplatform.core.module;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A named, trainable array of a {@link Module}: its local name (e.g. {@code weight}), shape and
 * initializer. The value is created when the module is first built into a model (or set from a
 * state dict) and is then shared with the SameDiff graph.
 */
public final class Parameter {

    private final String name;
    private final long[] shape;
    private final Initializer initializer;
    private INDArray value;

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

    /** The current value, or null before the first build. */
    public INDArray value() {
        return value;
    }

    /** True once a value exists. */
    public boolean isInitialised() {
        return value != null;
    }

    /** Creates the value from the initializer if there is none, in {@code dataType}. */
    void initialise(DataType dataType, SplittableRandom rng) {
        if (value == null) {
            value = initializer.init(shape.clone(), dataType, rng);
        } else if (value.dataType() != dataType) {
            value = value.castTo(dataType);
        }
    }

    /** Replaces the value; the shape must match. */
    public void set(INDArray newValue) {
        if (!Arrays.equals(newValue.shape(), shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': expected shape " + Arrays.toString(shape)
                    + " but got " + Arrays.toString(newValue.shape()));
        }
        value = newValue;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
