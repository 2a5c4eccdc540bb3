package io.github.mlplatform.experiments.autoencoder;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model itself: shapes, the encoder and decoder on their own, gradients in double precision, and
 * the same numbers as PyTorch for the same weights and digits, to 1e-12 of each array's largest |value| (fixture written by
 * {@code src/test/python/make_autoencoder_fixture.py}).
 */
class AutoencoderTest {

    static final Path FIXTURE = Path.of("src/test/resources/autoencoder");
    /** PyTorch's state dict order and each layer's fan-in (the fixture's weight formula). */
    static final String[] NAMES = {"encode.0.weight", "encode.0.bias", "encode.2.weight", "encode.2.bias", "encode.5.weight",
            "encode.5.bias", "decode.0.weight", "decode.0.bias", "decode.2.weight", "decode.2.bias"};
    static final int[] FAN_IN = {4, 4, 16, 16, 392, 392, 32, 32, 392, 392};

    static Model build(Autoencoder net, DataType type) {
        return Model.builder(net).inputShape(1, 28, 28).labelShape(1, 28, 28).loss(Loss.mse()).dataType(type).seed(3).build();
    }

    /** The first 4 MNIST test digits in [0, 1] (the embedded sample holds them, byte-identical to the real file). */
    static INDArray digits() throws Exception {
        IteratorConfig c = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW).withShuffle(false).withBatchSize(4)
                .withDataType(DataType.DOUBLE);
        return new ImageDataSetIterator(Mnist.embeddedSample(false).head(4), c).next().getFeatures();
    }

    /** A PyTorch-layout array in ND4J's layout: Conv2d [out, in, kh, kw] -> [kh, kw, in, out], Linear [out, in] -> [in, out]. */
    static INDArray toNd4j(INDArray torch) {
        return switch (torch.rank()) {
            case 4 -> torch.permute(2, 3, 1, 0).dup('c');
            case 2 -> torch.transpose().dup('c');
            default -> torch;
        };
    }

    static INDArray npy(String name) {
        return Nd4j.createFromNpyFile(new File(FIXTURE.resolve(name).toString())).castTo(DataType.DOUBLE);
    }

    @Test
    void shapesAndParameterCountAreAsDocumented() {
        Autoencoder net = new Autoencoder();
        Model m = build(net, DataType.FLOAT);
        assertThat(m.outputShape()).containsExactly(-1, 1, 28, 28);
        long params = m.stateDict().values().stream().mapToLong(INDArray::length).sum();
        assertThat(params).isEqualTo(Autoencoder.PARAMETERS).isEqualTo(333_780);
        assertThat(m.stateDict().keySet()).containsExactly(NAMES);
        assertThat(net.encode().outputShape(new long[]{-1, 1, 28, 28})).containsExactly(-1, Autoencoder.CODE);
        assertThat(net.decode().outputShape(new long[]{-1, Autoencoder.CODE})).containsExactly(-1, 1, 28, 28);
    }

    @Test
    void encoderThenDecoderIsTheWholeModel() throws Exception {
        Autoencoder net = new Autoencoder();
        Model whole = build(net, DataType.DOUBLE);
        INDArray x = digits();
        INDArray y = whole.predict(x);
        Model encoder = Model.builder(net.encode()).inputShape(1, 28, 28).dataType(DataType.DOUBLE).build();
        Model decoder = Model.builder(net.decode()).inputShape(Autoencoder.CODE).loss(Loss.mse()).dataType(DataType.DOUBLE).build();
        INDArray code = encoder.predict(x);
        assertThat(code.shape()).containsExactly(4, Autoencoder.CODE);
        INDArray back = decoder.predict(code);
        assertThat(back.shape()).containsExactly(4, 1, 28, 28);
        assertThat(back.equalsWithEps(y, 1e-12)).isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesInDouble() throws Exception {
        Model m = build(new Autoencoder(), DataType.DOUBLE);
        INDArray x = digits();
        GradientCheck.Result r = GradientCheck.check(m, x, x, 1e-6, 1e-5, 1e-8, 12, 5);
        assertThat(r.failures()).isEmpty();
        assertThat(r.checked()).isEqualTo(12 * 8 + 4 + 8); // 12 of each parameter, all 4 and 8 of the small biases
    }

    @Test
    void forwardLossAndGradientsEqualPyTorchs() throws Exception {
        Autoencoder net = new Autoencoder();
        Model m = build(net, DataType.DOUBLE);
        Map<String, INDArray> state = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> shapes.put(k, v.shape()));
        for (int p = 0; p < NAMES.length; p++) {
            long[] ours = shapes.get(NAMES[p]);
            long[] torchShape = switch (ours.length) {
                case 4 -> new long[]{ours[3], ours[2], ours[0], ours[1]};
                case 2 -> new long[]{ours[1], ours[0]};
                default -> ours;
            };
            long n = 1;
            for (long d : torchShape) {
                n *= d;
            }
            double[] w = new double[(int) n];
            for (int i = 0; i < n; i++) {
                w[i] = Math.sin(0.731 * i + p + 0.5) / Math.sqrt(FAN_IN[p]);
            }
            state.put(NAMES[p], toNd4j(Nd4j.create(w, torchShape, 'c')));
        }
        assertThat(m.loadStateDict(state, true).complete()).isTrue();
        INDArray x = digits();

        assertThat(maxAbsDiff(m.predict(x), npy("output.npy"))).isLessThan(1e-12);
        assertThat(m.loss(x, x)).isCloseTo(npy("loss.npy").getDouble(0), org.assertj.core.data.Percentage.withPercentage(1e-10));
        Map<String, INDArray> grads = m.sameDiff().calculateGradients(m.feed(x, x), List.of(NAMES));
        for (String name : NAMES) {
            if (name.equals("decode.2.weight")) {
                INDArray rows = toNd4j(npy("grad_decode.2.weight_rows.npy")); // [392, 8]: the first 8 output columns
                INDArray ours = grads.get(name).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
                assertThat(maxAbsDiff(ours, rows)).as(name).isLessThan(1e-12);
            } else {
                assertThat(maxAbsDiff(grads.get(name), toNd4j(npy("grad_" + name + ".npy")))).as(name).isLessThan(1e-12);
            }
        }
        Model encoder = Model.builder(net.encode()).inputShape(1, 28, 28).dataType(DataType.DOUBLE).build();
        assertThat(maxAbsDiff(encoder.predict(x), npy("code.npy"))).isLessThan(1e-12);
    }

    /** The largest difference relative to the largest |value| of b (sums of hundreds of products round at ~1e-16 each). */
    private static double maxAbsDiff(INDArray a, INDArray b) {
        assertThat(a.shape()).containsExactly(b.shape());
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return diff / Math.max(1e-300, b.amaxNumber().doubleValue());
    }
}
