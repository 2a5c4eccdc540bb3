package io.github.mlplatform.core;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The float gradient path must be deterministic and agree with finite differences (see SameDiffWorkarounds). */
class SameDiffWorkaroundsTest {

    @Test
    void floatGradientsAreRepeatableAndCorrect() {
        Model m = Model.builder(new Sequential(new Linear(4, 16), Activation.relu(), new Linear(16, 3))).inputShape(4).seed(3).build();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
        List<String> names = new ArrayList<>(m.trainableParameterNames());
        Map<String, INDArray> ph = Map.of(Model.INPUT, x, Model.LABELS, y);
        INDArray g1 = m.sameDiff().calculateGradients(ph, names).get("2.weight").dup();
        INDArray g2 = m.sameDiff().calculateGradients(ph, names).get("2.weight").dup();
        assertThat(g2.equalsWithEps(g1, 1e-6)).isTrue();

        INDArray w = m.sameDiff().getArrForVarName("2.weight");
        double orig = w.getDouble(0);
        double eps = 1e-2;
        w.putScalar(0, orig + eps);
        double plus = m.loss(x, y);
        w.putScalar(0, orig - eps);
        double minus = m.loss(x, y);
        w.putScalar(0, orig);
        assertThat((plus - minus) / (2 * eps)).isCloseTo(g1.getDouble(0), org.assertj.core.data.Offset.offset(2e-3));
    }
}
