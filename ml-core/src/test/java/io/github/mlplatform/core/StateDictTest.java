package io.github.mlplatform.core;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.mlplatform.core.ModelAndTrainerTest.blobs;
import static io.github.mlplatform.core.ModelAndTrainerTest.epochData;
import static io.github.mlplatform.core.ModelAndTrainerTest.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** State you can set: module and model state dicts agree with the live graph, loads are strict or reported, loaded models can be frozen. */
class StateDictTest {

    static Map<String, INDArray> constant(Map<String, INDArray> like, double v) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        like.forEach((k, a) -> out.put(k, Nd4j.zeros(a.dataType(), a.shape()).addi(v)));
        return out;
    }

    /** Before: the module's loadStateDict changed its own copy only; the built model kept predicting with the old weights. */
    @Test
    void moduleLoadStateDictOnABuiltModelChangesWhatTheModelComputes() {
        Sequential net = (Sequential) mlp();
        Model model = Model.builder(net).inputShape(4).build();
        INDArray x = blobs(5, 1).getFeatures();
        INDArray before = model.predict(x);
        net.loadStateDict(constant(net.stateDict(), 0.01));
        INDArray after = model.predict(x);
        assertThat(after).isNotEqualTo(before);
        assertThat(model.stateDict().get("0.weight")).isEqualTo(Nd4j.zeros(DataType.FLOAT, 4, 16).addi(0.01));
        // a sub-module writes through as well (its names are local)
        Linear head = (Linear) net.get(2);
        head.loadStateDict(Map.of("weight", Nd4j.zeros(DataType.FLOAT, 16, 3), "bias", Nd4j.createFromArray(1f, 2f, 3f)));
        assertThat(model.predict(x)).isEqualTo(Nd4j.createFromArray(1f, 2f, 3f).reshape(1, 3).repeat(0, 5));
    }

    /** Before: module.stateDict() returned the initial values until model.stateDict() had been called for its side effect. */
    @Test
    void moduleStateDictReadsWhatTrainingWroteWithoutAnyCopyStep() throws Exception {
        Module net = mlp();
        Model model = Model.builder(net).inputShape(4).seed(2).build();
        Map<String, INDArray> initial = net.stateDict();
        DataSet train = blobs(96, 2);
        new Trainer(TrainerConfig.of(1, Optimizer.adam(0.05))).fit(model, e -> epochData(train, e), null);
        Map<String, INDArray> trained = net.stateDict();
        assertThat(trained.get("0.weight")).isNotEqualTo(initial.get("0.weight"));
        assertThat(trained).isEqualTo(model.stateDict());
    }

    /** Staged training: a second model built from the same modules starts where the first one's training ended. Before: from the initial values. */
    @Test
    void aModelBuiltFromTrainedModulesStartsFromTheTrainedValues() throws Exception {
        Linear first = new Linear(4, 16);
        Sequential net = new Sequential(first, Activation.relu(), new Linear(16, 3));
        Model stage0 = Model.builder(net).inputShape(4).seed(3).build();
        DataSet train = blobs(96, 3);
        new Trainer(TrainerConfig.of(1, Optimizer.adam(0.05))).fit(stage0, e -> epochData(train, e), null);
        Map<String, INDArray> trained = stage0.stateDict();
        first.freeze();
        Model stage1 = Model.builder(net).inputShape(4).seed(4).build();
        assertThat(stage1.stateDict()).isEqualTo(trained);
        new Trainer(TrainerConfig.of(1, Optimizer.adam(0.05))).fit(stage1, e -> epochData(train, e), null);
        assertThat(stage1.stateDict().get("0.weight")).isEqualTo(trained.get("0.weight"));
        assertThat(stage1.stateDict().get("2.weight")).isNotEqualTo(trained.get("2.weight"));
        // the modules now follow stage1; stage0 keeps its own copy
        assertThat(net.stateDict()).isEqualTo(stage1.stateDict());
        assertThat(stage0.stateDict()).isEqualTo(trained);
    }

    @Test
    void modelLoadStateDictIsStrictByDefaultAndReportsAPartialLoad() {
        Model model = Model.builder(mlp()).inputShape(4).build();
        Map<String, INDArray> state = constant(model.stateDict(), 0.5);
        Map<String, INDArray> partial = new LinkedHashMap<>(state);
        partial.remove("2.bias");
        partial.put("3.weight", Nd4j.ones(DataType.FLOAT, 2, 2));
        Map<String, INDArray> before = model.stateDict();
        assertThatThrownBy(() -> model.loadStateDict(partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state dict does not fit the model; missing: [2.bias]; unexpected: [3.weight] "
                        + "(use loadStateDict(state, false) for a partial load)");
        assertThat(model.stateDict()).isEqualTo(before);

        Model.StateDictLoad r = model.loadStateDict(partial, false);
        assertThat(r.loaded()).containsExactly("0.weight", "0.bias", "2.weight");
        assertThat(r.missing()).containsExactly("2.bias");
        assertThat(r.unexpected()).containsExactly("3.weight");
        assertThat(model.stateDict().get("0.weight")).isEqualTo(state.get("0.weight"));
        assertThat(model.stateDict().get("2.bias")).isEqualTo(before.get("2.bias"));

        Map<String, INDArray> misshaped = new LinkedHashMap<>(state);
        misshaped.put("0.weight", Nd4j.ones(DataType.FLOAT, 16, 4));
        assertThatThrownBy(() -> model.loadStateDict(misshaped, false))
                .hasMessage("state dict does not fit the model (non-strict load); shape mismatch: 0.weight: expected [4, 16] got [16, 4];");
        // any floating-point type is cast to the model's
        Map<String, INDArray> doubles = new LinkedHashMap<>();
        state.forEach((k, v) -> doubles.put(k, v.castTo(DataType.DOUBLE).muli(2)));
        assertThat(model.loadStateDict(doubles).complete()).isTrue();
        assertThat(model.stateDict().get("2.bias").getFloat(0)).isEqualTo(1.0f);
    }

    /** A module that is not one of ml-core's built-ins: its model loads without a module tree. */
    static Module customMlp() {
        return new Sequential(new Linear(4, 16), new Activation("Square()", (g, x) -> x.mul(x)), new Linear(16, 3));
    }

    /**
     * Before: Model.module() was null for every loaded model and applyFreezing did nothing then, so
     * a loaded model could not be frozen at all. A tree with a custom module is still not
     * rebuilt, but the model freezes by parameter name.
     */
    @Test
    void aLoadedModelWithoutModuleTreeCanBeFrozenByNamePrefixAndKeepsItAcrossSaveAndLoad(@TempDir Path dir) throws Exception {
        Model built = Model.builder(customMlp()).inputShape(4).seed(6).build();
        Path file = dir.resolve("m.model");
        built.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.module()).isNull();
        assertThat(loaded.outputShape()).containsExactly(-1, 3);
        loaded.freeze("0");
        assertThat(loaded.trainableParameterNames()).containsExactly("2.weight", "2.bias");
        Map<String, INDArray> before = loaded.stateDict();
        DataSet train = blobs(96, 6);
        new Trainer(TrainerConfig.of(1, Optimizer.adam(0.05))).fit(loaded, e -> epochData(train, e), null);
        assertThat(loaded.stateDict().get("0.weight")).isEqualTo(before.get("0.weight"));
        assertThat(loaded.stateDict().get("2.weight")).isNotEqualTo(before.get("2.weight"));

        Path again = dir.resolve("again.model");
        loaded.save(again);
        Model reloaded = Model.load(again);
        assertThat(reloaded.frozenParameterNames()).containsExactly("0.weight", "0.bias");
        reloaded.unfreeze("0.");
        assertThat(reloaded.trainableParameterNames()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");

        assertThatThrownBy(() -> reloaded.freeze("1"))
                .hasMessage("freeze: no parameter is named '1' or lies below it; the parameters are [0.weight, 0.bias, 2.weight, 2.bias]");
        // labels are still checked on a loaded model
        assertThatThrownBy(() -> reloaded.loss(train.getFeatures(), Nd4j.createFromArray(new int[96]).addi(3)))
                .hasMessageStartingWith("labels: class 3 at row 0 (0-based) is out of range for 3 outputs");
    }

    /** Before: Model.module() was null for a loaded model. A tree of ml-core's built-in modules now comes back, frozen flags included. */
    @Test
    void aLoadedModelOfBuiltInModulesKeepsItsModuleTree(@TempDir Path dir) throws Exception {
        Sequential net = (Sequential) ShapeCheckTest.lenet();
        net.get(0).freeze();
        Model built = Model.builder(net).inputShape(1, 28, 28).seed(10).build();
        Path file = dir.resolve("lenet.model");
        built.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.module()).isNotNull();
        assertThat(loaded.module().summary()).isEqualTo(net.summary());
        assertThat(loaded.frozenParameterNames()).containsExactly("0.weight", "0.bias");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
        assertThat(loaded.predict(x)).isEqualTo(built.predict(x));
        assertThat(loaded.module().stateDict()).isEqualTo(built.stateDict());
        // freeze module by module, unfreeze the one frozen before saving
        Sequential tree = (Sequential) loaded.module();
        tree.get(0).unfreeze();
        tree.get(3).freeze();
        loaded.applyFreezing();
        assertThat(loaded.frozenParameterNames()).containsExactly("3.weight", "3.bias");
        // extend: the loaded tree inside a bigger one starts from the loaded weights
        Model bigger = Model.builder(new Sequential(tree, Activation.relu(), new Linear(10, 2))).inputShape(1, 28, 28).build();
        assertThat(bigger.stateDict().get("0.7.weight")).isEqualTo(built.stateDict().get("7.weight"));
        assertThat(bigger.outputShape()).containsExactly(-1, 2);
    }

    @Test
    void aLoadedCharacterModelKeepsItsEmbeddingAndSoftplusInTheTree(@TempDir Path dir) throws Exception {
        Sequential net = new Sequential(new io.github.mlplatform.core.nn.Embedding(27, 10), new io.github.mlplatform.core.nn.Flatten(),
                new Linear(30, 20), Activation.softplus(), new Linear(20, 27));
        Model built = Model.builder(net).inputShape(3).seed(4).build();
        Path file = dir.resolve("names.model");
        built.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.module()).isNotNull();
        assertThat(loaded.module().summary()).isEqualTo(net.summary());
        INDArray x = Nd4j.createFromArray(new float[][]{{0, 5, 13}, {13, 13, 1}});
        assertThat(loaded.predict(x)).isEqualTo(built.predict(x));
    }

    @Test
    void aLoadedModelIsExtendedByBuildingTheBiggerTreeAndLoadingByName(@TempDir Path dir) throws Exception {
        Model small = Model.builder(customMlp()).inputShape(4).seed(8).build();
        Path file = dir.resolve("small.model");
        small.save(file);
        Model loaded = Model.load(file);
        Module bigger = new Sequential(new Linear(4, 16), Activation.relu(), new Linear(16, 3), Activation.relu(), new Linear(3, 3));
        Model big = Model.builder(bigger).inputShape(4).seed(9).build();
        Model.StateDictLoad r = big.loadStateDict(loaded.stateDict(), false);
        assertThat(r.missing()).containsExactly("4.weight", "4.bias");
        assertThat(r.unexpected()).isEmpty();
        big.freeze("0", "2");
        assertThat(big.trainableParameterNames()).containsExactly("4.weight", "4.bias");
        assertThat(big.stateDict().get("2.weight")).isEqualTo(small.stateDict().get("2.weight"));
    }

    @Test
    void unfreezingByNameDoesNotOverrideAFrozenModule() {
        Linear first = new Linear(4, 16);
        Model model = Model.builder(new Sequential(first, Activation.relu(), new Linear(16, 3))).inputShape(4).build();
        first.freeze();
        model.applyFreezing();
        assertThatThrownBy(() -> model.unfreeze("0"))
                .hasMessage("unfreeze: [0.bias, 0.weight] belong to a module frozen with Module.freeze(); "
                        + "call unfreeze() on that module (Model.unfreeze undoes Model.freeze only)");
        first.unfreeze();
        model.freeze("2.bias");
        assertThat(model.trainableParameterNames()).containsExactly("0.weight", "0.bias", "2.weight");
        model.unfreeze("2.bias");
        assertThat(model.trainableParameterNames()).hasSize(4);
        assertThat(List.copyOf(model.frozenParameterNames())).isEmpty();
    }
}
