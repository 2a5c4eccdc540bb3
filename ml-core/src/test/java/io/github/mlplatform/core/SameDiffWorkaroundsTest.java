package io.github.mlplatform.core;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.Supplier;
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

    /**
     * Every built-in activation survives the two ways a graph is copied: the trainer's second
     * worker (a {@code SameDiff.dup()} of the graph) and a saved and loaded model trained again.
     * SameDiff 1.0.0-M2.1 drops the condition mode of {@code CompareAndSet} (log-sigmoid's and
     * softplus's {@code replaceWhere}) in both, after which the copy could not be differentiated.
     */
    @Test
    void copiedAndLoadedGraphsOfEveryActivationTrain(@TempDir Path dir) throws Exception {
        List<Supplier<Activation>> acts = List.of(Activation::identity, Activation::relu, Activation::tanh, Activation::sigmoid,
                Activation::gelu, Activation::leakyRelu, Activation::logSigmoid, Activation::softplus, Activation::softmax,
                Activation::logSoftmax, Activation::lecunTanh);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1);
        }
        for (Supplier<Activation> a : acts) {
            String name = a.get().describe();
            Model m = Model.builder(new Sequential(new Linear(4, 8), a.get(), new Linear(8, 3))).inputShape(4).seed(3).build();
            double before = m.loss(x, y);
            new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1))).workers(2).fit(m, e -> BatchIterator.of(List.of(new DataSet(x, y))), null);
            double trained = m.loss(x, y);
            assertThat(trained).as("%s trained with two workers", name).isLessThan(before);

            Path file = dir.resolve("m.model");
            m.save(file);
            Model loaded = Model.load(file);
            new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1))).fit(loaded, e -> BatchIterator.of(List.of(new DataSet(x, y))), null);
            assertThat(loaded.loss(x, y)).as("%s trained again after loading", name).isLessThan(trained);
        }
    }
}
