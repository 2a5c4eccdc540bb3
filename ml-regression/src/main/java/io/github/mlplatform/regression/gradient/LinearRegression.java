package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.regression.data.Checks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Linear regression {@code ŷ = Xw + w0} trained by gradient descent, the three ways of the seed
 * (see {@link Mode}). The model is ml-core's {@code Linear(features, 1)} with weights and bias set to
 * {@link GradientConfig#initialWeight()}/{@link GradientConfig#initialBias()} (the seed: 0), trained
 * on MSE or any other {@link Loss} (e.g. {@link PowerLoss}). With one learning rate, on the seed's
 * data (x up to ±100) the slope's curvature {@code 2·mean(x²) ≈ 6,800} dwarfs the bias's {@code 2},
 * so the slope converges within an epoch and the bias barely moves — the seed's observation.
 */
public final class LinearRegression {

    /** How the weights are trained. */
    public enum Mode {
        /** One hand-written step {@code w −= lr·∂loss/∂w} per epoch on all data (the seed's "simple gradient descent"). */
        FULL_BATCH_GD("full-batch-gd"),
        /** The same update per mini-batch, batches in data order (the seed's Dataset/DataLoader script). */
        MINI_BATCH_GD("mini-batch-gd"),
        /** A Module, MSE and ml-core's Trainer with SGD (the seed's "full PyTorch way", {@code optim.SGD}). */
        MODULE_SGD("module-sgd");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private LinearRegression() {
    }

    /** {@code Linear(features, 1)} with the given initial weight and bias, built for {@code loss}. */
    public static Model model(int features, double initialWeight, double initialBias, Loss loss, DataType dataType) {
        return Model.builder(OneLayer.linear(features, 1, initialWeight, initialBias)).inputShape(features).labelShape(1)
                .loss(loss).dataType(dataType).build();
    }

    /** Trains on MSE in double precision. */
    public static TrainedRegression train(double[][] design, double[] y, Mode mode, GradientConfig cfg) {
        return train(design, y, mode, cfg, Loss.mse(), DataType.DOUBLE);
    }

    /**
     * Trains {@code ŷ = design·w + w0} on {@code y}.
     *
     * @throws IllegalArgumentException for mismatched lengths or empty/non-finite data
     */
    public static TrainedRegression train(double[][] design, double[] y, Mode mode, GradientConfig cfg, Loss loss, DataType dataType) {
        Checks.matrix("design", design);
        Checks.finite("y", y);
        Checks.sameLength("design", design.length, "y", y.length);
        Model m = model(design[0].length, cfg.initialWeight(), cfg.initialBias(), loss, dataType);
        INDArray x = OneLayer.matrix(design, dataType);
        INDArray t = OneLayer.column(y, dataType);
        return switch (mode) {
            case FULL_BATCH_GD -> GradientTraining.fullBatch(mode.id(), m, x, t, cfg);
            case MINI_BATCH_GD -> GradientTraining.miniBatch(mode.id(), m, x, t, cfg);
            case MODULE_SGD -> GradientTraining.withTrainer(mode.id(), m, x, t, cfg);
        };
    }

    /** The model's predictions {@code ŷ} for the rows of {@code design}. */
    public static double[] predict(Model model, double[][] design) {
        return model.predict(OneLayer.matrix(design, model.dataType())).reshape(-1).toDoubleVector();
    }
}
