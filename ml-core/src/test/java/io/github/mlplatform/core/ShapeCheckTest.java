package io.github.mlplatform.core;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Build-time shapes: every ml-core module knows its output shape, and a model that cannot run fails when it is built. */
class ShapeCheckTest {

    static Module lenet() {
        return new Sequential(new Conv2d(1, 6, 5, 1, 2), Activation.lecunTanh(), new AvgPool2d(2), new Conv2d(6, 16, 5),
                Activation.lecunTanh(), new AvgPool2d(2), new Flatten(), new Linear(400, 120), Activation.lecunTanh(),
                new Linear(120, 84), Activation.lecunTanh(), new Linear(84, 10));
    }

    /** Before: this built, and predict returned uninitialised memory (values like 1e35 or NaN). */
    @Test
    void linearWithTheWrongInputSizeFailsAtBuildNamingTheModuleAndBothShapes() {
        assertThatThrownBy(() -> Model.builder(new Sequential(new Flatten(), new Linear(700, 128))).inputShape(1, 28, 28).build())
                .isInstanceOf(ShapeMismatchException.class)
                .hasMessage("module '1' Linear(in=700, out=128): expected input [batch, 700], got [batch, 784] "
                        + "(mat1 and mat2 shapes cannot be multiplied: batch×784 and 700×128); model input [batch, 1, 28, 28]");
        // before: a native "Op matmul failed" at the first predict
        assertThatThrownBy(() -> Model.builder(new Sequential(new Flatten(), new Linear(700, 128, false))).inputShape(1, 28, 28).build())
                .isInstanceOf(ShapeMismatchException.class)
                .hasMessageStartingWith("module '1' Linear(in=700, out=128, bias=false): expected input [batch, 700], got [batch, 784]");
    }

    @Test
    void mismatchDeepInsideContainersIsNamedByItsHierarchicalName() {
        Module block = new Sequential(new Conv2d(1, 4, 3), Activation.relu(), new MaxPool2d(2), new Flatten());
        Module net = new Sequential(block, new Sequential(new Linear(4 * 13 * 13, 32), Activation.relu(), new Linear(31, 10)));
        ShapeMismatchException e = org.junit.jupiter.api.Assertions.assertThrows(ShapeMismatchException.class,
                () -> Model.builder(net).inputShape(1, 28, 28).build());
        assertThat(e.path()).isEqualTo("1.2");
        assertThat(e).hasMessage("module '1.2' Linear(in=31, out=10): expected input [batch, 31], got [batch, 32] "
                + "(mat1 and mat2 shapes cannot be multiplied: batch×32 and 31×10); model input [batch, 1, 28, 28]");
        // a lone module is the root
        assertThatThrownBy(() -> Model.builder(new Linear(3, 2)).inputShape(4).build())
                .hasMessageStartingWith("root module Linear(in=3, out=2): expected input [batch, 3], got [batch, 4]");
    }

    @Test
    void convolutionAndPoolingRejectInputTheyCannotTake() {
        assertThatThrownBy(() -> Model.builder(new Conv2d(3, 8, 3)).inputShape(1, 28, 28).build())
                .hasMessage("root module Conv2d(3, 8, kernel=3): expected input [batch, 3, H, W], got [batch, 1, 28, 28] "
                        + "(1 channels instead of 3); model input [batch, 1, 28, 28]");
        assertThatThrownBy(() -> Model.builder(new Sequential(new Conv2d(1, 2, 5), new Conv2d(2, 2, 5))).inputShape(1, 7, 7).build())
                .hasMessage("module '1' Conv2d(2, 2, kernel=5): input height 3 is smaller than the kernel 5: the output would be empty; "
                        + "model input [batch, 1, 7, 7]");
        assertThatThrownBy(() -> Model.builder(new MaxPool2d(2)).inputShape(784).build())
                .hasMessage("root module MaxPool2d(kernel=2, stride=2): expected input [batch, channels, H, W], got [batch, 784]; "
                        + "model input [batch, 784]");
        assertThatThrownBy(() -> Model.builder(new Sequential(new Flatten(), new Conv2d(1, 2, 3))).inputShape(1, 5, 5).build())
                .hasMessageContaining("module '1' Conv2d(1, 2, kernel=3): expected input [batch, 1, H, W], got [batch, 25]");
        assertThatThrownBy(() -> Model.builder(new Linear(784, 10)).inputShape(1, 28, 28).build())
                .hasMessageContaining("got [batch, 1, 28, 28] (Linear takes [batch, features]: put a Flatten before it)");
    }

    @Test
    void badBuilderSettingsGetOneLine() {
        assertThatThrownBy(() -> Model.builder(new Linear(3, 2)).inputShape(0, 3).build())
                .hasMessage("inputShape: expected positive sizes of one example (without the batch), got [0, 3]");
        assertThatThrownBy(() -> Model.builder(new Linear(3, 2)).inputShape(3).labelShape(-1).build())
                .hasMessage("labelShape: expected positive sizes of one example's labels, got [-1]");
        assertThatThrownBy(() -> Model.builder(new Linear(3, 2)).build())
                .hasMessage("Model.builder(...).inputShape(...) is required (shape of one example without the batch)");
    }

    /** The static rule of every built-in module equals the shape the graph really produces. */
    @Test
    void everyBuiltInModuleStatesTheShapeItProduces() {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("Linear", new Object[]{new Linear(5, 3), new long[]{5}, new long[]{-1, 3}});
        cases.put("Linear no bias", new Object[]{new Linear(5, 3, false), new long[]{5}, new long[]{-1, 3}});
        cases.put("Conv2d", new Object[]{new Conv2d(2, 4, 3), new long[]{2, 9, 8}, new long[]{-1, 4, 7, 6}});
        // floor((H + 2p − k)/s) + 1: (9 + 2 − 3)/2 + 1 = 5, (8 + 2 − 3)/2 + 1 = 4 (floor of 3.5)
        cases.put("Conv2d stride 2 padding 1", new Object[]{new Conv2d(2, 4, 3, 2, 1), new long[]{2, 9, 8}, new long[]{-1, 4, 5, 4}});
        cases.put("Conv2d LeNet padding", new Object[]{new Conv2d(1, 6, 5, 1, 2), new long[]{1, 28, 28}, new long[]{-1, 6, 28, 28}});
        // floor((H − k)/s) + 1: (7 − 2)/2 + 1 = 3 (the odd last row is dropped)
        cases.put("MaxPool2d odd", new Object[]{new MaxPool2d(2), new long[]{3, 7, 6}, new long[]{-1, 3, 3, 3}});
        cases.put("AvgPool2d stride 1", new Object[]{new AvgPool2d(3, 1), new long[]{2, 5, 6}, new long[]{-1, 2, 3, 4}});
        cases.put("Flatten", new Object[]{new Flatten(), new long[]{2, 3, 4}, new long[]{-1, 24}});
        cases.put("Dropout", new Object[]{new Dropout(0.3), new long[]{2, 3}, new long[]{-1, 2, 3}});
        cases.put("Sequential (empty)", new Object[]{new Sequential(), new long[]{4}, new long[]{-1, 4}});
        cases.put("LeNet", new Object[]{lenet(), new long[]{1, 28, 28}, new long[]{-1, 10}});
        for (Activation a : new Activation[]{Activation.identity(), Activation.relu(), Activation.tanh(), Activation.sigmoid(),
                Activation.gelu(), Activation.leakyRelu(), Activation.leakyRelu(0.2), Activation.logSigmoid(), Activation.softmax(),
                Activation.logSoftmax(), Activation.lecunTanh()}) {
            cases.put(a.name(), new Object[]{a, new long[]{6}, new long[]{-1, 6}});
        }
        cases.forEach((name, c) -> {
            Module m = (Module) c[0];
            long[] in = (long[]) c[1];
            long[] expected = (long[]) c[2];
            long[] batchIn = new long[in.length + 1];
            batchIn[0] = -1;
            System.arraycopy(in, 0, batchIn, 1, in.length);
            assertThat(Shape.outputOf(m, batchIn)).as(name + " static rule").containsExactly(expected);
            Model model = Model.builder(m).inputShape(in).loss(Loss.mse()).build();
            assertThat(model.outputShape()).as(name + " model output shape").containsExactly(expected);
            batchIn[0] = 3;
            INDArray y = model.predict(Nd4j.rand(DataType.FLOAT, batchIn));
            long[] actual = y.shape();
            actual[0] = -1;
            assertThat(actual).as(name + " shape the graph produces").containsExactly(expected);
        });
    }

    /** A module without a shape rule is not checked statically; the model finds its output shape by running one example. */
    @Test
    void aModuleWithoutAShapeRuleIsUnknownStaticallyAndMeasuredOnce() {
        Module doubler = new Module() {
            @Override
            public SDVariable forward(Graph g, SDVariable x) {
                return g.sd().concat(1, x, x);
            }
        };
        assertThat(Shape.outputOf(doubler, new long[]{-1, 3})).isNull();
        assertThat(Shape.outputOf(new Sequential(new Linear(2, 3), doubler, new Linear(6, 1)), new long[]{-1, 2})).isNull();
        Model m = Model.builder(new Sequential(new Linear(2, 3), doubler)).inputShape(2).loss(Loss.mse()).build();
        assertThat(m.outputShape()).containsExactly(-1, 6);
        // a plain Activation may wrap anything, so only the built-in ones are known to keep the shape
        assertThat(Shape.outputOf(new Activation("Custom", (g, x) -> x), new long[]{-1, 3})).isNull();
    }
}
