package io.github.mlplatform.core.module;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The SameDiff graph a model is being built into, as seen by {@link Module#forward}: the
 * {@link SameDiff} instance, the graph variable of each parameter, the data type and the
 * training/evaluation flag.
 */
public final class Graph {

    /** Name of the scalar that is 1 while training and 0 in evaluation (see {@link #trainingFlag()}). */
    public static final String TRAINING_FLAG = "training";

    private final SameDiff sd;
    private final DataType dataType;
    private final Map<Parameter, SDVariable> variables = new IdentityHashMap<>();
    private SDVariable training;
    private final Map<SDVariable, long[]> knownShapes = new IdentityHashMap<>();

    public Graph(SameDiff sd, DataType dataType) {
        this.sd = sd;
        this.dataType = dataType;
    }

    public SameDiff sd() {
        return sd;
    }

    public DataType dataType() {
        return dataType;
    }

    /**
     * The shape of {@code v} when every size after the batch is known while building ({@code -1} or
     * any value for the batch), else null: a placeholder's declared shape, or what {@link #knowShape}
     * recorded for an op's output ({@link io.github.mlplatform.core.nn.Sequential} records each
     * child's {@link Module#outputShape}). SameDiff itself knows only placeholder and variable shapes
     * at build time. Modules use it to emit a static reshape instead of computing the shape in the
     * graph on every step.
     */
    public long[] knownShape(SDVariable v) {
        long[] s = knownShapes.get(v);
        if (s == null) {
            s = v.getShape();
        }
        if (s == null || s.length == 0) {
            return null;
        }
        for (int i = 1; i < s.length; i++) {
            if (s[i] <= 0) {
                return null;
            }
        }
        return s.clone();
    }

    /** Records the build-time shape of {@code v} (see {@link #knownShape}); null is ignored. */
    public void knowShape(SDVariable v, long[] shape) {
        if (shape != null) {
            knownShapes.put(v, shape.clone());
        }
    }

    /** Registers the graph variable of a parameter (done by the model builder). */
    public void bind(Parameter p, SDVariable v) {
        variables.put(p, v);
    }

    /** The graph variable holding {@code p}; fails if {@code p} is not part of the model being built. */
    public SDVariable param(Parameter p) {
        SDVariable v = variables.get(p);
        if (v == null) {
            throw new IllegalStateException("parameter '" + p.name() + "' is not part of the model being built: "
                    + "register sub-modules with Module.register(...) so their parameters are found");
        }
        return v;
    }

    /**
     * A scalar of the model's data type that is 1 while training and 0 in evaluation; modules such
     * as dropout blend their two behaviours with it. Created on first use.
     */
    public SDVariable trainingFlag() {
        if (training == null) {
            training = sd.constant(TRAINING_FLAG, Nd4j.scalar(dataType, 0.0));
        }
        return training;
    }
}
