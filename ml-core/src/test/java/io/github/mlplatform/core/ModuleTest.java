package io.github.mlplatform.core;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleTest {

    static class Block extends Module {
        @Override
        public String describe() {
            return "Block()";
        }

        final Conv2d conv = register("conv", new Conv2d(1, 2, 3));
        final Linear head = register("head", new Linear(4, 2));

        @Override
        public SDVariable forward(Graph g, SDVariable x) {
            return head.forward(g, conv.forward(g, x));
        }
    }

    @Test
    void hierarchicalNamesLikeAPyTorchStateDict() {
        Sequential net = new Sequential(new Block(), Activation.relu(), new Linear(2, 3));
        assertThat(net.namedParameters().keySet()).containsExactly(
                "0.conv.weight", "0.conv.bias", "0.head.weight", "0.head.bias", "2.weight", "2.bias");
        assertThat(net.parameterCount()).isEqualTo(2 * 1 * 3 * 3 + 2 + 4 * 2 + 2 + 2 * 3 + 3);
        assertThat(net.summary()).contains("(0): Block()", "(conv): Conv2d(1, 2, kernel=3)", "(2): Linear(in=2, out=3)");
    }

    @Test
    void initialisationIsSeededAndFollowsPyTorchBounds() {
        Linear a = new Linear(400, 120);
        Linear b = new Linear(400, 120);
        a.initialise(1, DataType.FLOAT);
        b.initialise(1, DataType.FLOAT);
        assertThat(a.weight().value()).isEqualTo(b.weight().value());
        double bound = 1 / Math.sqrt(400);
        assertThat(a.weight().value().maxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        assertThat(a.weight().value().minNumber().doubleValue()).isGreaterThanOrEqualTo(-bound).isLessThan(-0.9 * bound);
        Linear c = new Linear(400, 120);
        c.initialise(2, DataType.FLOAT);
        assertThat(c.weight().value()).isNotEqualTo(a.weight().value());
    }

    @Test
    void stateDictRoundTripAndClearErrors() {
        Sequential a = new Sequential(new Linear(3, 4), new Linear(4, 2));
        a.initialise(5, DataType.FLOAT);
        Sequential b = new Sequential(new Linear(3, 4), new Linear(4, 2));
        b.loadStateDict(a.stateDict());
        assertThat(b.stateDict()).isEqualTo(a.stateDict());

        Map<String, INDArray> bad = new java.util.LinkedHashMap<>(a.stateDict());
        bad.remove("1.bias");
        bad.put("1.extra", bad.get("0.bias"));
        bad.put("0.weight", bad.get("1.weight"));
        assertThatThrownBy(() -> b.loadStateDict(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing: [1.bias]")
                .hasMessageContaining("unexpected: [1.extra]")
                .hasMessageContaining("0.weight: expected [3, 4] got [4, 2]");
    }

    /**
     * Flatten of the input placeholder is one static reshape (no {@code shape_of} in the graph) and
     * still takes any batch size, one included; after a convolution (shape not known while
     * building) it reads the batch size in the graph. Both give {@code x.reshape(n, -1)}.
     */
    @Test
    void flattenIsOneStaticReshapeWhenTheShapeIsKnownAndWorksForAnyBatch() {
        io.github.mlplatform.core.model.Model direct = io.github.mlplatform.core.model.Model
                .builder(new Sequential(new io.github.mlplatform.core.nn.Flatten(), new Linear(24, 2)))
                .inputShape(2, 3, 4).labelShape(2).seed(1).dataType(DataType.DOUBLE).build();
        assertThat(direct.sameDiff().getOps().values()).noneMatch(op -> op.getOp().opName().equals("shape_of"));
        INDArray w = direct.sameDiff().getArrForVarName("1.weight");
        INDArray b = direct.sameDiff().getArrForVarName("1.bias");
        for (int n : new int[] {1, 5}) {
            INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, n, 2, 3, 4);
            INDArray want = x.reshape(n, 24).mmul(w).addRowVector(b);
            assertThat(direct.predict(x).sub(want).amaxNumber().doubleValue()).as("batch %d", n).isLessThan(1e-12);
        }
    }

    @Test
    void freezingCoversDescendants() {
        Block block = new Block();
        Sequential net = new Sequential(block, new Linear(2, 2));
        block.freeze();
        assertThat(net.frozenParameters().keySet()).containsExactly("0.conv.weight", "0.conv.bias", "0.head.weight", "0.head.bias");
        assertThat(net.summary()).contains("[frozen]");
        block.unfreeze();
        assertThat(net.frozenParameters()).isEmpty();
    }

    @Test
    void rejectsBadDeclarations() {
        assertThatThrownBy(() -> new Linear(0, 3)).hasMessageContaining("in=0");
        assertThatThrownBy(() -> new Sequential(new Linear(1, 1)) {
            {
                register("0", new Linear(1, 1));
            }
        }).hasMessageContaining("already has a member named '0'");
    }
}
