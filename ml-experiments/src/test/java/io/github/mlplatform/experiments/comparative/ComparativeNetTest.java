package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComparativeNetTest {

    private static INDArray channel(INDArray pairs, int c) {
        return pairs.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    }

    /**
     * One encoder serves both images: the whole network's logits equal the head applied to the two
     * codes the encoder gives each image on its own, swapping the images changes nothing, and the
     * parameter count is the documented one (no second encoder).
     */
    @Test
    void sharedEncoderSymmetricHeadAndTheSplitModelsGiveTheSameLogits() {
        ComparativeNet net = new ComparativeNet();
        Model model = Model.builder(net).inputShape(2, 28, 28).labelShape(1).loss(Loss.bceFromLogits()).dataType(DataType.DOUBLE).seed(3).build();
        assertThat(net.parameterCount()).isEqualTo(ComparativeNet.PARAMETERS);
        assertThat(model.parameterNames()).allMatch(n -> n.startsWith("encode.") || n.startsWith("head."));
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 2, 28, 28);
        INDArray logits = model.predict(x);
        assertThat(logits.shape()).containsExactly(6, 1);
        INDArray swapped = Nd4j.concat(1, channel(x, 1), channel(x, 0));
        assertThat(model.predict(swapped).sub(logits).amaxNumber().doubleValue()).isLessThan(1e-12);
        // two images of one pair that are equal and two that differ must not get the same logit (the head uses its input)
        assertThat(logits.getDouble(0, 0)).isNotEqualTo(logits.getDouble(1, 0));

        Model encoder = Model.builder(net.encode()).inputShape(1, 28, 28).dataType(DataType.DOUBLE).build();
        Model head = Model.builder(net.head()).inputShape(2, ComparativeNet.CODE).dataType(DataType.DOUBLE).build();
        INDArray a = encoder.predict(channel(x, 0));
        INDArray b = encoder.predict(channel(x, 1));
        INDArray viaCodes = head.predict(Nd4j.stack(1, a, b));
        assertThat(viaCodes.sub(logits).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    /**
     * Backprop through the reshapes, the two strided slices, |a − b| and a ⊙ b matches central differences in double, for
     * every parameter (12 entries of each, all of the small ones), on pairs with both labels.
     */
    @Test
    void gradientsMatchFiniteDifferencesInDouble() throws Exception {
        Model m = Model.builder(new ComparativeNet()).inputShape(2, 28, 28).labelShape(1).loss(Loss.bceFromLogits())
                .dataType(DataType.DOUBLE).seed(11).build();
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 28, 28);
        INDArray y = Nd4j.createFromArray(new double[][]{{1}, {0}, {1}, {0}});
        GradientCheck.Result r = GradientCheck.check(m, x, y, 1e-6, 1e-5, 1e-8, 12, 5);
        assertThat(r.failures()).isEmpty();
        // 12 of each parameter, and all of the small ones (the conv biases' 4 and 8, the output bias's 1)
        assertThat(r.checked()).isEqualTo(12 + 4 + 12 + 8 + 12 + 12 + 12 + 12 + 12 + 1);
    }

    @Test
    void wrongInputShapeIsNamed() {
        assertThatThrownBy(() -> Model.builder(new ComparativeNet()).inputShape(1, 28, 28).build())
                .hasMessageContaining("[batch, 2, 28, 28]");
    }
}
