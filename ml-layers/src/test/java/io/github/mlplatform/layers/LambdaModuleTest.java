package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaModuleTest {

    @Test
    void lecunTanhComputesTheScaledTanhAndIsNamedInTheSummary() {
        LambdaModule f = LambdaModule.lecunTanh();
        assertThat(f).isInstanceOf(Activation.class);
        INDArray x = gaussian(1, 2, 4, 5);
        INDArray y = doubleModel(f, 5).predict(x);
        double[][] xs = toArray(x);
        double[][] expected = new double[4][5];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                expected[i][j] = 1.7159 * Math.tanh(2 * xs[i][j] / 3);
            }
        }
        assertClose(y, expected, 1e-12);
        assertThat(new Sequential(new Linear(5, 5), f).summary()).contains("(1): LambdaModule(1.7159*tanh(2*x/3))");
        assertThat(f.expression()).isEqualTo("1.7159*tanh(2*x/3)");
    }

    @Test
    void wrapsAnyParameterFreeFunction() {
        LambdaModule square = new LambdaModule("x*x", x -> x.mul(x));
        assertThat(square.parameterCount()).isZero();
        INDArray x = gaussian(2, 1, 3, 4);
        assertThat(doubleModel(square, 4).predict(x).equalsWithEps(x.mul(x), 1e-12)).isTrue();
        assertThat(square.describe()).isEqualTo("LambdaModule(x*x)");
        assertThatThrownBy(() -> new LambdaModule(" ", v -> v)).hasMessageContaining("expression");
    }

    @Test
    void reshapeKeepsTheBatch() {
        INDArray x = gaussian(3, 1, 2, 12);
        INDArray y = doubleModel(LambdaModule.reshape(3, 4), 12).predict(x);
        assertThat(y.shape()).containsExactly(2, 3, 4);
        assertThat(y.getDouble(1, 2, 3)).isEqualTo(x.getDouble(1, 11));
        assertThat(LambdaModule.reshape(1, 28, 28).describe()).isEqualTo("LambdaModule(x.reshape(-1, 1, 28, 28))");
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Model m = doubleModel(new Sequential(new Linear(4, 3), LambdaModule.lecunTanh()), 4);
        assertSaveLoadRoundTrip(m, gaussian(4, 1, 6, 4), dir);
    }
}
