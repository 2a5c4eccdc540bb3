package io.github.mlplatform.experiments.invclassifier;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.regression.gradient.Batches;
import io.github.mlplatform.regression.gradient.SoftmaxRegression;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The linear read-out, the same for every feature set: each feature standardised with the training
 * set's mean and standard deviation ({@code (f − mean) / std}; a constant feature becomes 0), then
 * ml-regression's {@link SoftmaxRegression} ({@code Linear(dim, 10)}, logits into the cross-entropy,
 * weights and biases 0 at the start; the problem is convex, so the start does not matter) trained
 * with Adam on shuffled mini-batches by ml-core's {@link Trainer}.
 *
 * <p>Why not ml-regression's exact {@code SoftmaxNewton}: its Hessian is dense in the
 * {@code 9·(dim + 1)} free parameters (8,109 for 900 features: a 66-million-entry matrix, and
 * O(n·dim²) work per step over 60,000 rows) and it refuses more than 1,000 parameters; mini-batch
 * gradient steps cost O(n·dim·10) per epoch.
 */
final class Readout {

    private Readout() {
    }

    /** Settings of the read-out (the config's {@code readout-*} keys). */
    record Settings(int epochs, double lr, int batchSize, double weightDecay, long seed) {
    }

    /**
     * What one read-out measured (one entry of the state file and of {@code final.readouts}).
     *
     * @param features      name of the feature set (raw, sparse, invariant, stack)
     * @param dim           features per image
     * @param trainAccuracy accuracy on the training images after the last epoch
     * @param testAccuracy  accuracy on the test images after the last epoch
     * @param testLoss      mean cross-entropy on the test images
     * @param seconds       wall time of the training (all epochs, without evaluation)
     * @param epochs        per epoch: train_loss, seconds, test_accuracy, ...
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Result(String features, int dim, double trainAccuracy, double testAccuracy, double testLoss, double seconds,
                  List<Map<String, Object>> epochs) {
    }

    /**
     * Standardises each column of {@code train} ({@code [n, dim]} row-major) with its own mean and
     * standard deviation, and {@code test} with the same numbers, in place. A column whose standard
     * deviation is below 1e-8 becomes 0.
     */
    static void standardise(float[] train, float[] test, int dim) {
        int n = train.length / dim;
        double[] mean = new double[dim];
        double[] sq = new double[dim];
        for (int i = 0; i < n; i++) {
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                mean[j] += train[off + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                double d = train[off + j] - mean[j];
                sq[j] += d * d;
            }
        }
        float[] scale = new float[dim];
        for (int j = 0; j < dim; j++) {
            double std = Math.sqrt(sq[j] / n);
            scale[j] = std < 1e-8 ? 0f : (float) (1 / std);
        }
        for (float[] a : new float[][] {train, test}) {
            for (int off = 0; off < a.length; off += dim) {
                for (int j = 0; j < dim; j++) {
                    a[off + j] = (float) ((a[off + j] - mean[j]) * scale[j]);
                }
            }
        }
    }

    /**
     * Standardises the features (in place) and trains the read-out.
     *
     * @param train  {@code [n, dim]} row-major training features
     * @param labels n classes in 0..9
     * @param test   {@code [m, dim]} row-major test features
     */
    static Result train(String name, float[] train, int[] labels, float[] test, int[] testLabels, int dim, Settings s) throws Exception {
        int n = labels.length;
        int m = testLabels.length;
        if (train.length != (long) n * dim || test.length != (long) m * dim) {
            throw new IllegalArgumentException(name + ": features of " + train.length + " and " + test.length + " values, expected "
                    + n + "x" + dim + " and " + m + "x" + dim);
        }
        standardise(train, test, dim);
        INDArray x = Nd4j.create(train, new long[] {n, dim}, 'c');
        INDArray y = SoftmaxRegression.oneHot(labels, 10, DataType.FLOAT);
        INDArray xt = Nd4j.create(test, new long[] {m, dim}, 'c');
        INDArray yt = SoftmaxRegression.oneHot(testLabels, 10, DataType.FLOAT);
        Model model = SoftmaxRegression.model(dim, 10, 0, 0, DataType.FLOAT);
        Trainer trainer = new Trainer(new TrainerConfig(s.epochs(), Optimizer.adam(s.lr()), s.weightDecay(), 0, 1));
        List<EpochMetrics> history = trainer.fit(model, epoch -> new Batches(x, y, s.batchSize(), true, s.seed(), epoch),
                new Batches(xt, yt, 1000, false, 0, 0));
        Evaluation onTrain = model.evaluate(new Batches(x, y, 1000, false, 0, 0));
        EpochMetrics last = history.get(history.size() - 1);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochMetrics e : history) {
            epochs.add(e.toMap());
        }
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        return new Result(name, dim, onTrain.accuracy(), last.test().accuracy(), last.test().loss(), seconds, epochs);
    }
}
