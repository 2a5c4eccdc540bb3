package io.github.mlplatform.layers;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers of the layer tests: seeded inputs, plain-Java references, round trips. */
final class TestSupport {

    private TestSupport() {
    }

    /** {@code [rows, cols]} of N(0, scale²) draws, DOUBLE. */
    static INDArray gaussian(long seed, double scale, long... shape) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, scale * r.nextGaussian());
        }
        return a;
    }

    /** A DOUBLE model with an MSE loss, for gradient checks and reference comparisons. */
    static Model doubleModel(Module m, long... inputShape) {
        return Model.builder(m).inputShape(inputShape).dataType(DataType.DOUBLE).loss(Loss.mse()).seed(11).build();
    }

    /** Runs ml-core's double-precision gradient check and asserts it passed. */
    static GradientCheck.Result assertGradientsMatch(Model model, INDArray x, INDArray y) {
        return assertGradientsMatch(model, x, y, 12);
    }

    /** As above, checking at most {@code perParameter} random elements of each parameter (keeps big graphs fast). */
    static GradientCheck.Result assertGradientsMatch(Model model, INDArray x, INDArray y, int perParameter) {
        GradientCheck.Result r = GradientCheck.check(model, x, y, 1e-6, 1e-5, 1e-8, perParameter, 5);
        assertThat(r.failures()).as("gradient check failures").isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.checked()).isPositive();
        return r;
    }

    /** Saves and loads the model and asserts identical outputs on {@code x}; returns the loaded model. */
    static Model assertSaveLoadRoundTrip(Model model, INDArray x, Path dir) throws Exception {
        Path f = dir.resolve("model.zip");
        model.save(f);
        Model loaded = Model.load(f);
        INDArray before = model.predict(x);
        INDArray after = loaded.predict(x);
        assertThat(after.shape()).isEqualTo(before.shape());
        assertThat(after.equalsWithEps(before, 0)).as("loaded model gives identical outputs").isTrue();
        assertThat(loaded.stateDict().keySet()).isEqualTo(model.stateDict().keySet());
        return loaded;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Three Gaussian blobs in {@code dims}-D with one-hot labels. */
    static DataSet blobs(int n, int dims, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, n, dims);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int d = 0; d < dims; d++) {
                x.putScalar(i, d, (d % 3 == c ? 2.0 : 0.0) + 0.5 * r.nextGaussian());
            }
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    /** Plain-Java softmax within consecutive groups of {@code g} entries of each row. */
    static double[][] groupedSoftmax(double[][] x, int g) {
        double[][] out = new double[x.length][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new double[x[b].length];
            for (int start = 0; start < x[b].length; start += g) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = start; j < start + g; j++) {
                    max = Math.max(max, x[b][j]);
                }
                double sum = 0;
                for (int j = start; j < start + g; j++) {
                    sum += Math.exp(x[b][j] - max);
                }
                for (int j = start; j < start + g; j++) {
                    out[b][j] = Math.exp(x[b][j] - max) / sum;
                }
            }
        }
        return out;
    }

    static double[][] toArray(INDArray a) {
        return a.dup('c').toDoubleMatrix();
    }

    static void assertClose(INDArray actual, double[][] expected, double tol) {
        double[][] a = toArray(actual);
        assertThat(a.length).isEqualTo(expected.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i].length).isEqualTo(expected[i].length);
            for (int j = 0; j < a[i].length; j++) {
                assertThat(a[i][j]).as("element [%d, %d]", i, j).isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(tol));
            }
        }
    }
}
