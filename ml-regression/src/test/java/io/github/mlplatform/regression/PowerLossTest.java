package io.github.mlplatform.regression;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.regression.gradient.PowerLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The seed's loss(m) = (1/N) Σ |y − ŷ|^m is an ordinary ml-core {@code Loss}: any model can be
 * built with it. Checked on a two-layer tanh network with three outputs (not only on the linear
 * model): value against the plain-Java definition, gradients against central differences.
 */
class PowerLossTest {

    static final INDArray X = Nd4j.createFromArray(new double[][] {{0.3, -1.2}, {1.5, 0.7}, {-0.4, 2.2}, {0.9, 0.1}, {-1.1, -0.6}});
    static final INDArray Y = Nd4j.createFromArray(new double[][] {{1.0, -0.5, 2.0}, {0.3, 0.8, -1.4}, {-2.0, 0.1, 0.6},
            {1.7, -1.1, 0.2}, {0.4, 2.5, -0.9}});

    static Model mlp(double m) {
        Sequential net = new Sequential(new Linear(2, 4), Activation.tanh(), new Linear(4, 3));
        return Model.builder(net).inputShape(2).labelShape(3).loss(new PowerLoss(m)).dataType(DataType.DOUBLE).seed(5).build();
    }

    @Test
    void valueIsTheMeanOfTheMthPowerOverEveryOutput() {
        for (double m : new double[] {1, 1.5, 2, 3, 4}) {
            Model model = mlp(m);
            double[][] pred = model.predict(X).toDoubleMatrix();
            double[][] y = Y.toDoubleMatrix();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                for (int k = 0; k < 3; k++) {
                    s += Math.pow(Math.abs(y[i][k] - pred[i][k]), m);
                }
            }
            assertThat(model.loss(X, Y)).as("m = %s", m).isCloseTo(s / 15, within(1e-12));
            double[] flatPred = model.predict(X).reshape(-1).toDoubleVector();
            assertThat(new PowerLoss(m).value(flatPred, Y.reshape(-1).toDoubleVector())).isCloseTo(s / 15, within(1e-12));
        }
    }

    /** Central differences (ε = 1e-6, relative error 1e-5) on every parameter element of the network, m = 1 … 4. */
    @Test
    void gradientsOfANonLinearModelPassTheCheck() {
        for (double m : new double[] {1, 1.5, 2, 3, 4}) {
            GradientCheck.Result r = GradientCheck.check(mlp(m), X, Y);
            assertThat(r.passed()).as("m = %s: %s", m, r.failures()).isTrue();
            assertThat(r.checked()).isEqualTo(2 * 4 + 4 + 4 * 3 + 3);
        }
    }

    /** d/dŷ of |ŷ − y|^m / N is m·|r|^(m−1)·sign(r) / N: checked by hand on the output of a one-output model. */
    @Test
    void outputGradientByHand() {
        Linear lin = new Linear(1, 1);
        Model model = Model.builder(lin).inputShape(1).labelShape(1).loss(new PowerLoss(4)).dataType(DataType.DOUBLE).build();
        model.sameDiff().getArrForVarName("weight").assign(1.0);
        model.sameDiff().getArrForVarName("bias").assign(0.0);
        INDArray x = Nd4j.createFromArray(new double[][] {{2}, {-1}, {0.5}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1}, {1}, {0.5}});
        // ŷ = x: residuals r = ŷ − y = 1, −2, 0; dL/db = Σ 4 r³ / 3 = (4 − 32 + 0) / 3
        Map<String, INDArray> g = model.sameDiff().calculateGradients(Map.of(Model.INPUT, x, Model.LABELS, y), List.of("bias", "weight"));
        assertThat(g.get("bias").getDouble(0)).isCloseTo(-28.0 / 3, within(1e-12));
        // dL/dw = Σ 4 r³ x / 3 = (4·2 + (−32)(−1) + 0) / 3
        assertThat(g.get("weight").getDouble(0)).isCloseTo(40.0 / 3, within(1e-12));
    }
}
