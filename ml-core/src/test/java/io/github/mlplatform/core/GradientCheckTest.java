package io.github.mlplatform.core;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Permute;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** Double-precision finite-difference checks of every built-in module with parameters, and of each loss. */
class GradientCheckTest {

    static INDArray oneHot(int n, int classes, long seed) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes), 1.0);
        }
        return y;
    }

    static INDArray rand(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    private static GradientCheck.Result run(Module m, Loss loss, INDArray x, INDArray y, long... inputShape) {
        Model model = Model.builder(m).inputShape(inputShape).dataType(DataType.DOUBLE).loss(loss).seed(7).build();
        return GradientCheck.check(model, x, y);
    }

    @Test
    void linearWithEachActivation() {
        Activation[] acts = {Activation.relu(), Activation.tanh(), Activation.sigmoid(), Activation.gelu(), Activation.leakyRelu(),
                Activation.logSigmoid(), Activation.softmax(), Activation.lecunTanh()};
        for (Activation a : acts) {
            Module net = new Sequential(new Linear(5, 4), a, new Linear(4, 3));
            GradientCheck.Result r = run(net, Loss.crossEntropyFromLogits(), rand(1, 6, 5), oneHot(6, 3, 2), 5);
            assertThat(r.passed()).as(a.name() + " " + r.failures()).isTrue();
            assertThat(r.checked()).isEqualTo(20 + 4 + 12 + 3);
        }
    }

    @Test
    void convolutionAndPoolingStack() {
        Module net = new Sequential(new Conv2d(1, 3, 3, 1, 1), Activation.lecunTanh(), new AvgPool2d(2),
                new Conv2d(3, 2, 2), Activation.tanh(), new MaxPool2d(1), new Flatten(), new Linear(2 * 3 * 3, 4));
        GradientCheck.Result r = run(net, Loss.crossEntropyFromLogits(), rand(3, 2, 1, 8, 8), oneHot(2, 4, 4), 1, 8, 8);
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
    }

    @Test
    void channelsLastConvolutionAndPoolingStack() {
        Module net = new Sequential(new Permute(DataFormat.TO_NHWC), new Conv2d(2, 3, 3, 1, 1, DataFormat.NHWC), Activation.tanh(),
                new MaxPool2d(2, 2, DataFormat.NHWC), new Conv2d(3, 2, 2, 1, 0, DataFormat.NHWC), new AvgPool2d(1, 1, DataFormat.NHWC),
                new Permute(DataFormat.TO_NCHW), new Flatten(), new Linear(2 * 3 * 3, 4));
        GradientCheck.Result r = run(net, Loss.crossEntropyFromLogits(), rand(11, 2, 2, 8, 8), oneHot(2, 4, 12), 2, 8, 8);
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        // every parameter, at most 30 elements of each (GradientCheck's default sample)
        assertThat(r.checked()).isEqualTo(Math.min(3 * 3 * 2 * 3, 30) + 3 + 2 * 2 * 3 * 2 + 2 + Math.min(18 * 4, 30) + 4);
    }

    @Test
    void stridedConvolution() {
        Module net = new Sequential(new Conv2d(2, 3, 2, 2, 0), Activation.relu(), new Flatten(), new Linear(3 * 3 * 3, 2));
        GradientCheck.Result r = run(net, Loss.mse(), rand(5, 3, 2, 6, 6), rand(6, 3, 2), 2, 6, 6);
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
    }

    @Test
    void everyLoss() {
        INDArray x = rand(8, 4, 3);
        assertThat(run(new Linear(3, 2), Loss.mse(), x, rand(9, 4, 2), 3).passed()).isTrue();
        INDArray binary = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {1, 1}, {0, 0}});
        assertThat(run(new Linear(3, 2), Loss.bceFromLogits(), x, binary, 3).passed()).isTrue();
        Module logp = new Sequential(new Linear(3, 3), Activation.logSoftmax());
        assertThat(run(logp, Loss.nll(), x, oneHot(4, 3, 10), 3).passed()).isTrue();
    }
}
