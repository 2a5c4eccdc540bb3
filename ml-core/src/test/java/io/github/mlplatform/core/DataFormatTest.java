package io.github.mlplatform.core;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.ShapeMismatchException;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channels-last (NHWC) convolution and pooling compute what the NCHW modules compute, with the same parameters. */
class DataFormatTest {

    /** Conv (padded), ReLU, max pool, conv, mean pool, flatten, linear; NHWC with permutes around the image part. */
    static Module net(DataFormat f) {
        Sequential s = new Sequential();
        if (f == DataFormat.NHWC) {
            s.add(new Permute(DataFormat.TO_NHWC));
        }
        s.add(new Conv2d(2, 4, 3, 1, 1, f)).add(Activation.relu()).add(new MaxPool2d(2, 2, f))
                .add(new Conv2d(4, 3, 2, 1, 0, f)).add(new AvgPool2d(1, 1, f));
        if (f == DataFormat.NHWC) {
            s.add(new Permute(DataFormat.TO_NCHW));
        }
        return s.add(new Flatten()).add(new Linear(3 * 3 * 3, 5));
    }

    static Model model(DataFormat f, DataType dt) {
        return Model.builder(net(f)).inputShape(2, 8, 8).labelShape(5).loss(Loss.crossEntropyFromLogits()).dataType(dt).seed(5).build();
    }

    /** NCHW's parameter names in the NHWC network: the first permute shifts every position by one, the second the linear layer by two. */
    static Map<String, INDArray> toNhwcNames(Map<String, INDArray> nchw) {
        Map<String, String> shift = Map.of("0", "1", "3", "4", "6", "8");
        Map<String, INDArray> out = new LinkedHashMap<>();
        nchw.forEach((k, v) -> out.put(shift.get(k.substring(0, k.indexOf('.'))) + k.substring(k.indexOf('.')), v));
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void theSameFunctionAndGradientsWithTheSameParameters(DataType dt) {
        Model nchw = model(DataFormat.NCHW, dt);
        Model nhwc = model(DataFormat.NHWC, dt);
        assertThat(nhwc.loadStateDict(toNhwcNames(nchw.stateDict())).complete()).isTrue();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(dt, 4, 2, 8, 8);
        INDArray y = Nd4j.zeros(dt, 4, 5);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 5, 1);
        }
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
        INDArray a = nchw.predict(x);
        INDArray b = nhwc.predict(x);
        assertThat(a.shape()).containsExactly(4, 5);
        assertThat(a.sub(b).amaxNumber().doubleValue()).isLessThan(tol * Math.max(1, a.amaxNumber().doubleValue()));
        assertThat(nhwc.loss(x, y)).isCloseTo(nchw.loss(x, y), org.assertj.core.data.Offset.offset(tol));

        var ga = nchw.sameDiff().calculateGradients(nchw.feed(x, y), nchw.trainableParameterNames());
        var gb = nhwc.sameDiff().calculateGradients(nhwc.feed(x, y), nhwc.trainableParameterNames());
        Map<String, INDArray> gaRenamed = toNhwcNames(ga);
        assertThat(gb.keySet()).containsExactlyInAnyOrderElementsOf(gaRenamed.keySet());
        for (var e : gaRenamed.entrySet()) {
            INDArray want = e.getValue();
            double scale = Math.max(1e-3, want.amaxNumber().doubleValue());
            assertThat(want.sub(gb.get(e.getKey())).amaxNumber().doubleValue() / scale).as("gradient of %s", e.getKey()).isLessThan(tol * 10);
        }
    }

    @Test
    void shapesAreChannelsLast() {
        assertThat(new Conv2d(3, 8, 3, 2, 1, DataFormat.NHWC).outputShape(new long[]{5, 28, 20, 3})).containsExactly(5, 14, 10, 8);
        assertThat(new MaxPool2d(2, 2, DataFormat.NHWC).outputShape(new long[]{5, 9, 8, 6})).containsExactly(5, 4, 4, 6);
        assertThat(new Permute(DataFormat.TO_NHWC).outputShape(new long[]{5, 3, 28, 20})).containsExactly(5, 28, 20, 3);
        assertThat(new Permute(DataFormat.TO_NCHW).outputShape(new long[]{5, 28, 20, 3})).containsExactly(5, 3, 28, 20);
        assertThat(new Conv2d(3, 8, 3, 1, 0, DataFormat.NHWC).describe()).isEqualTo("Conv2d(3, 8, kernel=3, NHWC)");
        assertThat(new Conv2d(3, 8, 3).describe()).isEqualTo("Conv2d(3, 8, kernel=3)");
        assertThat(new MaxPool2d(2, 2, DataFormat.NHWC).describe()).isEqualTo("MaxPool2d(kernel=2, stride=2, NHWC)");
        assertThat(new Permute(0, 2, 3, 1).describe()).isEqualTo("Permute(0, 2, 3, 1)");
    }

    @Test
    void badInputIsOneClearMessage() {
        assertThatThrownBy(() -> new Conv2d(3, 8, 3, 1, 0, DataFormat.NHWC).outputShape(new long[]{5, 3, 28, 28}))
                .isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("expected input [batch, H, W, 3], got [5, 3, 28, 28] (28 channels instead of 3)");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, DataFormat.NHWC).outputShape(new long[]{5, 28, 28}))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("expected input [batch, H, W, channels]");
        assertThatThrownBy(() -> new Permute(0, 2, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Permute: expected a permutation of 0..3, got [0, 2, 2, 1]");
        assertThatThrownBy(Permute::new).hasMessage("Permute: expected at least one axis, got none");
        assertThatThrownBy(() -> new Permute(DataFormat.TO_NHWC).outputShape(new long[]{5, 784}))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("expected input of rank 4, got [5, 784]");
        assertThatThrownBy(() -> new Conv2d(1, 2, 3, 1, 0, null)).hasMessage("Conv2d: data format must be NCHW or NHWC, got null");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, null)).hasMessage("MaxPool2d: data format must be NCHW or NHWC, got null");
    }

    @Test
    void saveAndLoadKeepTheChannelsLastNetwork(@TempDir Path dir) throws Exception {
        Model m = model(DataFormat.NHWC, DataType.FLOAT);
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 8, 8);
        INDArray before = m.predict(x).dup();
        Path file = dir.resolve("nhwc.model");
        m.save(file);
        Model loaded = Model.load(file);
        // the module tree is rebuilt with its formats and permutes
        assertThat(loaded.module()).isInstanceOf(Sequential.class);
        Sequential tree = (Sequential) loaded.module();
        assertThat(tree.get(0)).isInstanceOf(Permute.class);
        assertThat(((Permute) tree.get(0)).dims()).containsExactly(DataFormat.TO_NHWC);
        assertThat(((Conv2d) tree.get(1)).format()).isEqualTo(DataFormat.NHWC);
        assertThat(((MaxPool2d) tree.get(3)).format()).isEqualTo(DataFormat.NHWC);
        assertThat(((AvgPool2d) tree.get(5)).format()).isEqualTo(DataFormat.NHWC);
        assertThat(loaded.predict(x).sub(before).amaxNumber().doubleValue()).isLessThan(1e-6);
    }
}
