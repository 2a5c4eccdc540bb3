package io.github.mlplatform.core.train;

import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Trainer}'s Adam with weight decay against {@code torch.optim.Adam(lr=0.05, weight_decay=0.1)}:
 * five steps of a Linear(4, 3) with cross-entropy on one fixed batch, in double precision
 * ({@code numerics/adam_l2_reference.py} wrote the fixture). PyTorch adds {@code λ·w} to the gradient
 * before the moments (L2, not AdamW's decoupled decay), on biases too; fashion-mlp relies on it.
 * ND4J's Adam puts ε beside √v where PyTorch puts it beside √v̂ (the bias-corrected one), so the
 * two differ by {@code lr·ε·(1 − √(1 − β₂ᵗ))/√v̂} per step: measured 2.54e-6 after five steps here,
 * and the same five steps written out in numpy with ND4J's ε placement reproduce that distance to
 * the printed digits (2.5381159e-6), so nothing else differs. The tolerance is set just above it;
 * without the decay, or with half of it, the distance is above 1e-4.
 */
class AdamWeightDecayTest {

    static INDArray npy(String name) throws URISyntaxException {
        File f = new File(AdamWeightDecayTest.class.getResource("/numerics/adam-l2/" + name).toURI());
        return Nd4j.createFromNpyFile(f).castTo(DataType.DOUBLE);
    }

    /** Largest distance from PyTorch's weight and bias after each of the five steps, training with {@code weightDecay}. */
    static double maxDifferenceFromTorch(double weightDecay) throws Exception {
        Linear lin = new Linear(4, 3);
        lin.weight().set(npy("weight0.npy").transpose().dup('c'));
        lin.bias().set(npy("bias0.npy"));
        Model model = Model.builder(lin).inputShape(4).labelShape(3).dataType(DataType.DOUBLE).loss(Loss.crossEntropyFromLogits()).seed(1).build();
        DataSet batch = new DataSet(npy("x.npy"), npy("y.npy"));
        INDArray weights = npy("weights.npy");
        INDArray biases = npy("biases.npy");
        List<Double> worst = new ArrayList<>();
        Trainer t = new Trainer(TrainerConfig.of((int) weights.size(0), Optimizer.adam(0.05)).withWeightDecay(weightDecay))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) { // one step per epoch
                        int step = m.epoch() - 1;
                        double dw = lin.weight().value().transpose().sub(weights.slice(step)).amaxNumber().doubleValue();
                        double db = lin.bias().value().reshape(3).sub(biases.slice(step)).amaxNumber().doubleValue();
                        worst.add(Math.max(dw, db));
                    }
                });
        t.fit(model, e -> BatchIterator.of(List.of(batch)), null);
        assertThat(worst).hasSize((int) weights.size(0));
        return worst.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    @Test
    void matchesTorchAdamWithWeightDecay() throws Exception {
        assertThat(maxDifferenceFromTorch(0.1)).isLessThan(3e-6);
    }

    @Test
    void theWeightDecayMatters() throws Exception {
        // without the decay, or with another λ, the same steps end elsewhere: the check above can fail
        assertThat(maxDifferenceFromTorch(0)).isGreaterThan(1e-4);
        assertThat(maxDifferenceFromTorch(0.05)).isGreaterThan(1e-4);
    }
}
