package io.github.mlplatform.experiments.fashionmlp;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The two networks of {@link FashionMlp}: the fixed one's layers and initialisation, and cell [175]'s as written. */
class FashionMlpTest {

    @Test
    void theFixedNetworkHasDropoutAfterTheFirstReluAndNormalWeights() {
        Sequential net = FashionMlp.create(List.of(256, 256), 0.2, 0.1, 1);
        assertThat(net.modules()).hasSize(7); // Flatten, Linear, ReLU, Dropout, Linear, ReLU, Linear
        assertThat(net.modules().get(3)).isInstanceOf(Dropout.class);
        assertThat(((Dropout) net.modules().get(3)).probability()).isEqualTo(0.2);
        Model m = Model.builder(net).inputShape(1, 28, 28).seed(1).build();
        Map<String, INDArray> s = m.stateDict();
        INDArray w = s.get("1.weight").castTo(DataType.DOUBLE);
        assertThat(w.shape()).containsExactly(784, 256);
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0, within(0.002));
        assertThat(w.stdNumber().doubleValue()).isCloseTo(0.1, within(0.002)); // N(0, 0.1^2), not PyTorch's U(±1/28)
        assertThat(s.get("6.weight").shape()).containsExactly(256, 10);
        INDArray logits = m.predict(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28));
        assertThat(logits.shape()).containsExactly(3, 10);
        assertThat(logits.sum(1).castTo(DataType.DOUBLE).toDoubleVector()).as("logits, not probabilities").isNotEqualTo(new double[]{1, 1, 1});
        assertThatThrownBy(() -> FashionMlp.create(List.of(), 0.2, 0.1, 1)).hasMessageContaining("hidden");
    }

    @Test
    void theNetworkAsWrittenEndsInReluAndSoftmaxWithZeroWeights() {
        Sequential net = FashionMlp.asWritten(1);
        assertThat(net.modules().toString()).contains("Linear(in=784, out=64)").contains("Softmax");
        Model m = Model.builder(net).inputShape(1, 28, 28).seed(1).build();
        assertThat(m.stateDict().get("1.weight").amaxNumber().doubleValue()).isZero();
        assertThat(m.stateDict().get("3.weight").amaxNumber().doubleValue()).isZero();
        assertThat(m.stateDict().get("1.bias").amaxNumber().doubleValue()).isPositive(); // biases keep PyTorch's default
        INDArray p = m.predict(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28)).castTo(DataType.DOUBLE);
        for (double rowSum : p.sum(1).toDoubleVector()) {
            assertThat(rowSum).isCloseTo(1.0, within(1e-5)); // probabilities go into the cross-entropy
        }
    }
}
