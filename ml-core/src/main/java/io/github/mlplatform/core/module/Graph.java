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
