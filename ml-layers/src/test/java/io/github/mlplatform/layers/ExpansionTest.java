package io.github.mlplatform.layers;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpansionTest {

    static final StagedNetwork.Config SMALL = new StagedNetwork.Config(12, 4, List.of(1, 2), 0.5, 3, 7);

    static Model build(Module net) {
        return Model.builder(net).inputShape(12).dataType(DataType.DOUBLE).loss(Loss.crossEntropyFromLogits()).seed(1).build();
    }

    static void train(Model m, DataSet data) throws Exception {
        new Trainer(TrainerConfig.of(2, Optimizer.adam(0.05))).fit(m, e -> {
            DataSet d = data.copy();
            d.shuffle(100 + e);
            return new ViewIterator(d, 16);
        }, null);
    }

    @Test
    void frozenStageOneParametersDoNotChangeWhileStageTwoTrains() throws Exception {
        ExpansionSerial net = StagedNetwork.build(SMALL);
        DataSet data = blobs(96, 12, 3);

        Model stage0 = build(net);
        assertThat(stage0.trainableParameterNames()).containsExactly(
                "1.0.1.network.0.weight", "1.0.1.network.0.bias", "1.0.1.network.1.weight", "1.0.1.network.1.bias", "2.0.weight", "2.0.bias");
        Map<String, INDArray> init0 = stage0.stateDict();
        train(stage0, data);
        Map<String, INDArray> trained0 = stage0.stateDict();
        assertThat(trained0.get("1.0.1.network.0.weight")).isNotEqualTo(init0.get("1.0.1.network.0.weight"));

        net.expandTo(1);
        Model stage1 = build(net);
        assertThat(stage1.trainableParameterNames()).allMatch(n -> n.startsWith("1.1.") || n.startsWith("2.1."))
                .contains("1.1.1.network.0.weight", "1.1.2.network.1.bias", "2.1.weight");
        assertThat(stage1.stateDict().get("2.1.weight").shape()).containsExactly(8, 3); // head reads both branches
        Map<String, INDArray> init1 = stage1.stateDict();
        for (String n : trained0.keySet()) {
            assertThat(init1.get(n)).as("stage-1 model starts from the trained %s", n).isEqualTo(trained0.get(n));
        }
        train(stage1, data);
        Map<String, INDArray> trained1 = stage1.stateDict();
        for (String n : trained0.keySet()) {
            assertThat(trained1.get(n)).as("frozen %s", n).isEqualTo(trained0.get(n));
        }
        assertThat(trained1.get("1.1.1.network.0.weight")).isNotEqualTo(init1.get("1.1.1.network.0.weight"));
        assertThat(trained1.get("2.1.weight")).isNotEqualTo(init1.get("2.1.weight"));
        assertThat(stage1.predict(data.getFeatures()).shape()).containsExactly(96, 3);
    }

    @Test
    void parallelStageConcatenatesActiveNetworks() {
        ExpansionParallel p = new ExpansionParallel(List.of(new Linear(3, 2), new Linear(3, 4), new Linear(3, 1)));
        assertThat(p.stage()).isZero();
        p.expandTo(1);
        assertThat(p.networks().get(0).isFrozen()).isTrue();
        assertThat(p.networks().get(1).isFrozen()).isFalse();
        Model m = doubleModel(p, 3);
        assertThat(m.stateDict()).containsOnlyKeys("0.weight", "0.bias", "1.weight", "1.bias");
        INDArray x = gaussian(1, 1, 5, 3);
        INDArray y = m.predict(x);
        Map<String, INDArray> sd = m.stateDict();
        INDArray expected = org.nd4j.linalg.factory.Nd4j.hstack(
                x.mmul(sd.get("0.weight")).addRowVector(sd.get("0.bias")), x.mmul(sd.get("1.weight")).addRowVector(sd.get("1.bias")));
        assertThat(y.equalsWithEps(expected, 1e-12)).isTrue();

        ExpansionParallel keep = new ExpansionParallel(List.of(new Linear(3, 2), new Linear(3, 2)), false);
        keep.expandTo(1);
        assertThat(keep.frozenParameters()).isEmpty();
    }

    @Test
    void stagesOnlyGrowWithinRange() {
        ExpansionSerial net = StagedNetwork.build(SMALL);
        assertThat(net.stageCount()).isEqualTo(2);
        assertThatThrownBy(() -> net.expandTo(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stages 0..1");
        net.expandTo(1);
        assertThatThrownBy(() -> net.expandTo(0)).hasMessageContaining("stages only grow");
    }

    @Test
    void gradientsOfTheSecondStageMatchFiniteDifferences() {
        ExpansionSerial net = StagedNetwork.build(SMALL);
        net.expandTo(1);
        Model m = build(net);
        DataSet d = blobs(6, 12, 4);
        assertGradientsMatch(m, d.getFeatures(), d.getLabels(), 6);
    }

    @Test
    void seedNetworkHasThirtyStagesAndMapsImagesToTenClasses() {
        ExpansionSerial net = StagedNetwork.build(StagedNetwork.Config.seedDefaults());
        assertThat(net.stageCount()).isEqualTo(30);
        Model m = Model.builder(net).inputShape(1, 28, 28).seed(2).build();
        assertThat(m.predict(gaussian(5, 1, 2, 1, 28, 28)).shape()).containsExactly(2, 10);
        // branch 0: RandomSample + 1 residual layer of Linear(16,16) + LayerNorm(16); head Linear(16, 10)
        assertThat(m.module().parameterCount()).isEqualTo((16 * 16 + 16) + (16 + 16) + (16 * 10 + 10));
        assertThat(net.summary()).contains("RandomSample(16 of 784").contains("LayerNorm((16,)").contains("Dropout(p=0.5)");
    }

    @Test
    void saveAndLoadRoundTripAtStageOne(@TempDir Path dir) throws Exception {
        ExpansionSerial net = StagedNetwork.build(SMALL);
        net.expandTo(1);
        assertSaveLoadRoundTrip(build(net), blobs(5, 12, 5).getFeatures(), dir);
    }
}
