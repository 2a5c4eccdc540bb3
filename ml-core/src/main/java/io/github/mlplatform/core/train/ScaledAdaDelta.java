package io.github.mlplatform.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;

/**
 * AdaDelta (Zeiler 2012) with a learning rate that multiplies its step: PyTorch's
 * {@code torch.optim.Adadelta(lr, rho, eps)}. Per element, with gradient {@code g}:
 * <pre>
 *   v  = rho·v + (1 − rho)·g²
 *   Δ  = sqrt(u + eps) / sqrt(v + eps) · g
 *   u  = rho·u + (1 − rho)·Δ²
 *   w -= lr·Δ
 * </pre>
 * The state ({@code v}, {@code u}) and {@code Δ} are ND4J's {@link AdaDelta}'s (its native
 * {@code ada_delta_updater}, whose state this updater keeps); ND4J has no learning rate for AdaDelta,
 * so its update is scaled by {@code lr} afterwards, which is where PyTorch applies it too ({@code u}
 * accumulates the unscaled {@code Δ}). Contiguous float and double parameters take all of it in one
 * pass ({@code FusedAdaDelta}, the same arithmetic in the same order), others ND4J's op. With a schedule the rate in force is {@code schedule.valueAt(iteration, epoch)}
 * (PyTorch's {@code StepLR} is a {@link org.nd4j.linalg.schedule.StepSchedule} over epochs).
 * Checked against {@code torch.optim.Adadelta} by {@code ScaledAdaDeltaTest}.
 *
 * @param learningRate the constant rate when {@code schedule} is null (1.0 = the original method)
 * @param schedule     the rate by iteration and epoch, or null
 * @param rho          decay of the running averages (PyTorch's default 0.9; ND4J's is 0.95)
 * @param epsilon      added under both square roots (PyTorch's default 1e-6)
 */
public record ScaledAdaDelta(double learningRate, ISchedule schedule, double rho, double epsilon) implements IUpdater {

    public ScaledAdaDelta {
        if (schedule == null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("AdaDelta learning rate must be a number > 0, got " + learningRate);
        }
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("AdaDelta rho must be in [0, 1), got " + rho);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("AdaDelta epsilon must be > 0, got " + epsilon);
        }
    }

    private AdaDelta base() {
        return new AdaDelta(rho, epsilon);
    }

    @Override
    public long stateSize(long numParams) {
        return base().stateSize(numParams);
    }

    @Override
    public GradientUpdater<?> instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new Updater(this, base().instantiate(viewArray, initializeViewArray));
    }

    @Override
    public GradientUpdater<?> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        return new Updater(this, base().instantiate(state, initializeStateArrays));
    }

    @Override
    public IUpdater clone() {
        return this; // immutable
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule == null ? learningRate : schedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /** Not supported: this configuration is immutable (build a new one). */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("ScaledAdaDelta is immutable; create a new one with the learning rate");
    }

    /** ND4J's AdaDelta step, then {@code update *= lr}. */
    private static final class Updater implements GradientUpdater<ScaledAdaDelta> {

        /** ND4J's names of AdaDelta's state: the mean squared gradient {@code v} and the mean squared step {@code u}. */
        private static final String MSG = org.nd4j.linalg.learning.AdaDeltaUpdater.MSG_STATE;
        private static final String MSDX = org.nd4j.linalg.learning.AdaDeltaUpdater.MSDX_STATE;

        private final ScaledAdaDelta config;
        private final GradientUpdater<?> inner;

        Updater(ScaledAdaDelta config, GradientUpdater<?> inner) {
            this.config = config;
            this.inner = inner;
        }

        @Override
        public ScaledAdaDelta getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            inner.setState(stateMap, initialize);
        }

        @Override
        public Map<String, INDArray> getState() {
            return inner.getState();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            inner.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
        }

        /** The step in one pass ({@link FusedAdaDelta}), else ND4J's AdaDelta and then {@code gradient *= lr}. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            Map<String, INDArray> state = inner.getState();
            if (state != null && FusedAdaDelta.apply(gradient, state.get(MSG), state.get(MSDX), config.rho(), config.epsilon(), lr)) {
                return;
            }
            inner.applyUpdater(gradient, iteration, epoch);
            if (lr != 1.0) {
                gradient.muli(lr);
            }
        }
    }
}
