package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResidualTest {

    @Test
    void addsTheInputToTheModulesOutput() {
        Model m = doubleModel(new Residual(new Linear(3, 3)), 3);
        INDArray x = gaussian(1, 1, 4, 3);
        Map<String, INDArray> sd = m.stateDict();
        assertThat(sd).containsOnlyKeys("network.weight", "network.bias");
        double[][] w = toArray(sd.get("network.weight"));
        double[] b = sd.get("network.bias").toDoubleVector();
        double[][] xs = toArray(x);
        double[][] expected = new double[4][3];
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 3; o++) {
                double z = b[o];
                for (int k = 0; k < 3; k++) {
                    z += xs[i][k] * w[k][o];
                }
                expected[i][o] = xs[i][o] + z;
            }
        }
        assertClose(m.predict(x), expected, 1e-12);
    }

    @Test
    void differentShapesAreAClearErrorNotABroadcast() {
        assertThatThrownBy(() -> doubleModel(new Residual(new Linear(4, 1)), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x is [batch, 4]").hasMessageContaining("f(x) is [batch, 1]");
        assertThatThrownBy(() -> doubleModel(new Sequential(new Linear(2, 4), new Residual(new Linear(4, 5))), 2))
                .hasMessageContaining("[batch, 4]").hasMessageContaining("[batch, 5]");
        // a function without a shape rule: f is built once on a scratch graph to learn its output shape
        LambdaModule twice = new LambdaModule("cat(x, x)", (g, x) -> g.sd().concat(-1, x, x));
        assertThat(twice.outputShape(new long[]{-1, 3})).isNull();
        assertThatThrownBy(() -> doubleModel(new Residual(twice), 3))
                .hasMessageContaining("x is [batch, 3]").hasMessageContaining("f(x) is [batch, 6]");
    }

    @Test
    void fallsBackToAShapeCheckingSumWhenShapesAreUnknownUntilRunTime() {
        // a graph whose input has an unknown feature count: nothing can be inferred at build time
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE);
        SDVariable in = sd.placeHolder("input", DataType.DOUBLE, -1, -1);
        Residual r = new Residual(new Linear(3, 3));
        r.initialise(1, DataType.DOUBLE);
        r.namedParameters().forEach((n, p) -> g.bind(p, sd.var(n, p.value())));
        SDVariable y = r.forward(g, in);
        INDArray x = gaussian(1, 1, 2, 3);
        INDArray w = r.namedParameters().get("network.weight").value();
        INDArray b = r.namedParameters().get("network.bias").value();
        INDArray out = sd.output(Map.of("input", x), y.name()).get(y.name());
        assertThat(out.equalsWithEps(x.add(x.mmul(w).addRowVector(b)), 1e-12)).isTrue();
        // d/dW Σ(x + xW + b) = xᵀ·1
        y.sum().markAsLoss();
        INDArray gw = sd.calculateGradients(Map.of("input", x), "network.weight").get("network.weight");
        assertThat(gw.equalsWithEps(x.transpose().mmul(Nd4j.ones(DataType.DOUBLE, 2, 3)), 1e-12)).isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Model m = doubleModel(new Sequential(new Residual(new Sequential(new Linear(5, 5), Activation.tanh())), new Linear(5, 2)), 5);
        assertGradientsMatch(m, gaussian(2, 1, 3, 5), gaussian(3, 1, 3, 2));
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        assertSaveLoadRoundTrip(doubleModel(new Residual(new Linear(3, 3)), 3), gaussian(4, 1, 2, 3), dir);
    }
}
