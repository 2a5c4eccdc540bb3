package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.DataFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConvolutionNet} against pytorch/examples' {@code Net} on four images in double precision:
 * the log-probabilities, the NLL loss and the gradient of every parameter, with the same weights
 * loaded through {@link ConvolutionNet#fromTorch} ({@code src/test/python/convolution_fixture.py}
 * wrote the fixture; its docstring gives the weight formula).
 */
class ConvolutionNetTest {

    static final String[] ORDER = {"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
    static final Map<String, long[]> TORCH_SHAPES = Map.of("conv1.weight", new long[]{32, 1, 3, 3}, "conv1.bias", new long[]{32},
            "conv2.weight", new long[]{64, 32, 3, 3}, "conv2.bias", new long[]{64}, "fc1.weight", new long[]{128, 9216},
            "fc1.bias", new long[]{128}, "fc2.weight", new long[]{10, 128}, "fc2.bias", new long[]{10});
    static final Map<String, Integer> FAN_IN = Map.of("conv1", 9, "conv2", 288, "fc1", 9216, "fc2", 128);

    static INDArray npy(String name) throws Exception {
        File f = new File(ConvolutionNetTest.class.getResource("/convolution/" + name + ".npy").toURI());
        return Nd4j.createFromNpyFile(f).castTo(DataType.DOUBLE);
    }

    /** The fixture's weights in PyTorch's names and layouts: element k of parameter j is 4/√fan_in · sin(1.7k + j). */
    static Map<String, INDArray> torchWeights() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int j = 0; j < ORDER.length; j++) {
            long[] shape = TORCH_SHAPES.get(ORDER[j]);
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            double bound = 4.0 / Math.sqrt(FAN_IN.get(ORDER[j].split("\\.")[0]));
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = bound * Math.sin(1.7 * k + j);
            }
            out.put(ORDER[j], Nd4j.create(v, shape, 'c'));
        }
        return out;
    }

    static double maxRelative(INDArray actual, INDArray expected) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        return actual.sub(expected).amaxNumber().doubleValue() / scale;
    }

    /** Both layouts are PyTorch's function: NCHW as written, NHWC (the default) with its permutes. */
    @ParameterizedTest
    @EnumSource(DataFormat.class)
    void forwardLossAndGradientsMatchPyTorch(DataFormat format) throws Exception {
        Model model = Model.builder(ConvolutionNet.create(format)).inputShape(1, 28, 28).loss(Loss.nll()).dataType(DataType.DOUBLE).seed(1).build();
        assertThat(model.loadStateDict(ConvolutionNet.fromTorch(torchWeights(), format)).complete()).isTrue();
        INDArray x = npy("x");
        INDArray y = npy("y");
        model.setTraining(false); // PyTorch's eval(): dropout off
        GraphExecutor ex = model.executor();
        Map<String, String> torchNames = ConvolutionNet.torchNames(format);
        List<String> names = new ArrayList<>(torchNames.values());
        GraphExecutor.Result first = ex.run(model.feed(x, y), List.of(Model.OUTPUT, Model.LOSS), names); // recorded
        double firstLoss = first.outputs().get(Model.LOSS).getDouble(0);
        GraphExecutor.Result r = ex.run(model.feed(x, y), List.of(Model.OUTPUT, Model.LOSS), names); // replayed, as in training
        assertThat(ex.lastExecution().path()).isEqualTo(GraphExecutor.Path.REPLAYED);
        assertThat(r.outputs().get(Model.LOSS).getDouble(0)).isEqualTo(firstLoss);

        assertThat(maxRelative(r.outputs().get(Model.OUTPUT), npy("logp"))).isLessThan(1e-12);
        assertThat(r.outputs().get(Model.LOSS).getDouble(0)).isCloseTo(npy("loss").getDouble(0), org.assertj.core.data.Offset.offset(1e-12));
        Map<String, INDArray> torchGrads = new LinkedHashMap<>();
        for (String name : ORDER) {
            if (!name.equals("fc1.weight")) {
                torchGrads.put(name, npy("grad_" + name));
            }
        }
        // fc1.weight's gradient: the fixture keeps every 97th value of the [128, 9216] PyTorch layout
        torchGrads.put("fc1.weight", Nd4j.zeros(DataType.DOUBLE, 128, 9216));
        Map<String, INDArray> ours = ConvolutionNet.fromTorch(torchGrads, format); // only for the layouts: replaced below
        for (var e : torchNames.entrySet()) {
            INDArray g = r.gradients().get(e.getValue());
            assertThat(g).as(e.getKey()).isNotNull();
            if (e.getKey().equals("fc1.weight")) {
                INDArray torchLayout = g.transpose().dup('c').reshape(-1);
                INDArray sampled = Nd4j.create(DataType.DOUBLE, (torchLayout.length() + 96) / 97);
                for (int i = 0; i < sampled.length(); i++) {
                    sampled.putScalar(i, torchLayout.getDouble(97L * i));
                }
                assertThat(maxRelative(sampled, npy("grad_fc1.weight_every_97"))).as(e.getKey()).isLessThan(1e-10);
            } else {
                assertThat(g.shape()).as(e.getKey()).isEqualTo(ours.get(e.getValue()).shape());
                assertThat(maxRelative(g, ours.get(e.getValue()))).as(e.getKey()).isLessThan(1e-10);
            }
        }
    }

    /** In float, through oneDNN's kernels (double runs libnd4j's own), the two layouts still agree. */
    @Test
    void channelsLastComputesWhatNchwComputesInFloat() throws Exception {
        Model nchw = Model.builder(ConvolutionNet.create(DataFormat.NCHW)).inputShape(1, 28, 28).loss(Loss.nll()).seed(1).build();
        Model nhwc = Model.builder(ConvolutionNet.create(DataFormat.NHWC)).inputShape(1, 28, 28).loss(Loss.nll()).seed(1).build();
        Map<String, INDArray> weights = torchWeights();
        weights.replaceAll((k, v) -> v.castTo(DataType.FLOAT));
        nchw.loadStateDict(ConvolutionNet.fromTorch(weights, DataFormat.NCHW));
        nhwc.loadStateDict(ConvolutionNet.fromTorch(weights, DataFormat.NHWC));
        INDArray x = npy("x").castTo(DataType.FLOAT);
        INDArray y = npy("y").castTo(DataType.FLOAT);
        INDArray want = nchw.predict(x);
        assertThat(maxRelative(nhwc.predict(x), want)).isLessThan(1e-5);
        assertThat(maxRelative(want.castTo(DataType.DOUBLE), npy("logp"))).isLessThan(1e-4);
        assertThat(nhwc.loss(x, y)).isCloseTo(nchw.loss(x, y), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void dropoutActsOnlyWhileTraining() throws Exception {
        Model model = Model.builder(ConvolutionNet.create()).inputShape(1, 28, 28).loss(Loss.nll()).dataType(DataType.DOUBLE).seed(1).build();
        model.loadStateDict(ConvolutionNet.fromTorch(torchWeights()));
        INDArray x = npy("x");
        INDArray y = npy("y");
        double eval = model.loss(x, y);
        assertThat(eval).isCloseTo(npy("loss").getDouble(0), org.assertj.core.data.Offset.offset(1e-12));
        model.setTraining(true);
        GraphExecutor.Result train = model.executor().run(model.feed(x, y), List.of(Model.LOSS), List.of());
        assertThat(Math.abs(train.outputs().get(Model.LOSS).getDouble(0) - eval)).isGreaterThan(1e-3);
        model.setTraining(false);
        assertThat(model.loss(x, y)).isEqualTo(eval);
    }

    @Test
    void hasPyTorchsParameterCountAndInitRange() {
        Model model = Model.builder(ConvolutionNet.create()).inputShape(1, 28, 28).loss(Loss.nll()).seed(1).build();
        Map<String, INDArray> sd = model.stateDict();
        long total = sd.values().stream().mapToLong(INDArray::length).sum();
        assertThat(total).isEqualTo(1_199_882L);
        for (var e : ConvolutionNet.TORCH_NAMES.entrySet()) {
            double bound = 1.0 / Math.sqrt(FAN_IN.get(e.getKey().split("\\.")[0]));
            INDArray v = sd.get(e.getValue());
            assertThat(v.amaxNumber().doubleValue()).as(e.getKey()).isLessThanOrEqualTo(bound).isGreaterThan(0.5 * bound);
        }
    }
}
