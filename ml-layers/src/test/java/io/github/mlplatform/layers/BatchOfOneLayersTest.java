package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.github.mlplatform.layers.TestSupport.assertGradientsMatch;
import static io.github.mlplatform.layers.TestSupport.doubleModel;
import static io.github.mlplatform.layers.TestSupport.gaussian;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every layer of ml-layers computes correct gradients on a batch of one. Before: Conv1d's blocks
 * mode used SameDiff's {@code xw_plus_b}, whose backward pass fails at batch 1 ("this.x is null");
 * LayerNorm divided by a {@code [1, 1]} standard deviation, and SameDiff's {@code div} gradient is
 * wrong for that divisor shape (relative error 1.0), so its gradients were silently wrong.
 */
class BatchOfOneLayersTest {

    private static Map<String, Supplier<Module>> layers() {
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        m.put("LayerNorm", () -> new LayerNorm(8));
        m.put("Conv1d blocks", () -> new Conv1d(4, 8, 3));
        m.put("Conv1d same", () -> Conv1d.same(3, 8, 5));
        m.put("Parallel.allActivations", () -> Parallel.allActivations(8, 1));
        m.put("SoftmaxGrouped", () -> new SoftmaxGrouped(4, 8, 7));
        m.put("Residual", () -> new Residual(new Sequential(new Linear(8, 8), new LayerNorm(8), Activation.relu())));
        m.put("Softfloor", Softfloor::new);
        m.put("RandomSample", () -> new RandomSample(8, 4, 3));
        m.put("ExpansionParallel", () -> new ExpansionParallel(List.of(new Linear(8, 2), new Linear(8, 3))));
        return m;
    }

    @Test
    void everyLayerHasCorrectGradientsOnABatchOfOne() {
        for (var e : layers().entrySet()) {
            // a Linear in front, so parameter-free layers are checked through the gradient they pass on
            Model model = doubleModel(new Sequential(new Linear(8, 8), e.getValue().get()), 8);
            INDArray x = gaussian(3, 1, 1, 8);
            INDArray out = model.predict(x);
            INDArray y = gaussian(4, 1, out.shape());
            assertThat(model.loss(x, y)).as(e.getKey()).isFinite();
            assertGradientsMatch(model, x, y);
        }
    }

    @Test
    void selfAttentionHasCorrectGradientsOnABatchOfOne() {
        Model model = doubleModel(new SelfAttention(4, 2), 3, 4);
        INDArray x = gaussian(5, 1, 1, 3, 4);
        INDArray y = gaussian(6, 1, 1, 3, 4);
        assertGradientsMatch(model, x, y);
    }
}
