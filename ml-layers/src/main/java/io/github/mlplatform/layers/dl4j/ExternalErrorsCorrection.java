package io.github.mlplatform.layers.dl4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Works around a defect of DL4J 1.0.0-M2.1's {@code SameDiffLayer}: its backward pass feeds the
 * incoming error through an {@link ExternalErrorsFunction}, whose {@code doDiff} both registers the
 * error placeholder as the layer output's gradient ({@code setGradientForVariableName}) and
 * returns it as that gradient, so SameDiff adds it twice and every parameter and input gradient of
 * every {@code SameDiffLayer} comes out exactly 2× too large (a DL4J gradient check of a plain
 * {@code x·W + b} SameDiffLayer shows relative errors of exactly 1/3).
 *
 * <p>{@link #factor()} measures the factor once per JVM by running the same mechanism on
 * {@code y = x} with an error of 1; {@link #apply} then returns
 * {@code y/f + (1 − 1/f)·stop_gradient(y)}, which has the value {@code y} (exactly, for f = 2) and
 * 1/f of its gradient. If a DL4J version without the defect measures 1, nothing changes.
 */
final class ExternalErrorsCorrection {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalErrorsCorrection.class);
    private static volatile Double factor;

    private ExternalErrorsCorrection() {
    }

    /** How many times too large SameDiffLayer gradients are in this DL4J version (2 in 1.0.0-M2.1). */
    static double factor() {
        Double f = factor;
        if (f == null) {
            synchronized (ExternalErrorsCorrection.class) {
                if (factor == null) {
                    factor = measure();
                }
                f = factor;
            }
        }
        return f;
    }

    private static double measure() {
        try {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("input", DataType.DOUBLE, -1, 1);
            SDVariable out = in.mul(1.0);
            ExternalErrorsFunction fn = SameDiffUtils.externalErrors(sd, null, out);
            fn.outputVariable();
            io.github.mlplatform.core.model.SameDiffWorkarounds.withGradientLinesToTrace(() -> sd.createGradFunction("input"));
            Map<String, org.nd4j.linalg.api.ndarray.INDArray> ph = Map.of(
                    "input", Nd4j.ones(DataType.DOUBLE, 1, 1),
                    fn.getGradPlaceholderName(), Nd4j.ones(DataType.DOUBLE, 1, 1));
            double f = sd.calculateGradients(ph, List.of("input")).get("input").getDouble(0);
            if (!(f > 0) || Double.isInfinite(f)) {
                LOG.warn("SameDiffLayer external-errors gradient factor measured as {}; not correcting", f);
                return 1.0;
            }
            if (f != 1.0) {
                LOG.debug("DL4J SameDiffLayer gradients are {}x too large in this version; ModuleLayer corrects them", f);
            }
            return f;
        } catch (RuntimeException e) {
            LOG.warn("could not measure the SameDiffLayer external-errors gradient factor ({}); not correcting", e.toString());
            return 1.0;
        }
    }

    /** {@code y} with its gradient divided by {@link #factor()}. */
    static SDVariable apply(SameDiff sd, SDVariable y) {
        double f = factor();
        if (f == 1.0) {
            return y;
        }
        SDVariable stopped = new StopGradient(sd, y).outputVariable();
        return y.mul(1.0 / f).add(stopped.mul(1.0 - 1.0 / f));
    }
}
