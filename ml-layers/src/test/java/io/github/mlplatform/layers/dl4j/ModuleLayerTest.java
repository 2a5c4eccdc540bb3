package io.github.mlplatform.layers.dl4j;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.layers.SoftmaxGrouped;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleLayerTest {

    static MultiLayerConfiguration conf(ModuleRecipe recipe, int nIn, DataType dt, boolean noOp) {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(dt).updater(noOp ? new NoOp() : new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(16).activation(Activation.TANH).build())
                .layer(new ModuleLayer(recipe, 3))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(nIn))
                .build();
    }

    static DataSet data(int n, int dims, DataType dt, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(dt, n, dims);
        INDArray y = Nd4j.zeros(dt, n, 3);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                x.putScalar(i, d, (d % 3 == i % 3 ? 1.5 : 0) + 0.5 * r.nextGaussian());
            }
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    static final ModuleRecipe GROUPED = ModuleRecipe.of("SoftmaxGrouped", Map.of("groupSize", 4, "permuteSize", 16, "seed", 7));

    @Test
    void softmaxGroupedLayerComputesTheModuleInsideAMultiLayerNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(GROUPED, 5, DataType.DOUBLE, false));
        net.init();
        INDArray x = data(4, 5, DataType.DOUBLE, 1).getFeatures();
        List<INDArray> acts = net.feedForward(x, false);
        double[][] dense = acts.get(1).toDoubleMatrix();
        double[][] out = acts.get(2).toDoubleMatrix();
        int[] p = new SoftmaxGrouped(4, 16, 7).permutation();
        for (int b = 0; b < 4; b++) {
            for (int g = 0; g < 4; g++) {
                double sum = 0;
                for (int i = 4 * g; i < 4 * g + 4; i++) {
                    sum += Math.exp(dense[b][p[i]]);
                }
                for (int i = 4 * g; i < 4 * g + 4; i++) {
                    assertThat(out[b][p[i]]).isCloseTo(Math.exp(dense[b][p[i]]) / sum, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
        // the output layer's nIn came from the module's output type
        assertThat(net.getLayer(2).getParam("W").shape()).containsExactly(16, 3);
        assertThat(net.getLayer(1).numParams()).isZero();
    }

    @Test
    void jsonConfigurationRoundTripRebuildsTheSameModule() {
        MultiLayerConfiguration c = conf(GROUPED, 5, DataType.FLOAT, false);
        String json = c.toJson();
        assertThat(json).contains(ModuleLayer.class.getName()).contains("SoftmaxGrouped").contains("\"permuteSize\\\":16");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(c);
        assertThat(back.toJson()).isEqualTo(json);
        ModuleLayer layer = (ModuleLayer) back.getConf(1).getLayer();
        assertThat(layer.getRecipe()).isEqualTo(GROUPED);
        assertThat(((SoftmaxGrouped) layer.module()).permutation()).isEqualTo(new SoftmaxGrouped(4, 16, 7).permutation());

        MultiLayerNetwork a = new MultiLayerNetwork(c);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(back);
        b.init(a.params().dup(), true);
        INDArray x = data(6, 5, DataType.FLOAT, 2).getFeatures();
        assertThat(b.output(x)).isEqualTo(a.output(x));
    }

    @Test
    void modelSerializerRoundTripKeepsTrainedParameters(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(ModuleRecipe.of("AllActivations", Map.of("inputSize", 16, "seed", 1)), 6,
                DataType.FLOAT, false));
        net.init();
        assertThat(net.paramTable().keySet()).contains("1_8-weight", "1_8-bias", "1_9-weight", "1_9-bias");
        assertThat(net.getLayer(2).getParam("W").shape()).containsExactly(160, 3);
        INDArray before = net.getLayer(1).getParam("8-weight").dup();
        DataSet d = data(30, 6, DataType.FLOAT, 3);
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 5; i++) {
                net.fit(d);
            }
        } finally {
            System.setOut(console);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .as("SameDiff's gradient-graph lines stay off the console").doesNotContain("Added differentiated op");
        assertThat(net.getLayer(1).getParam("8-weight")).as("module parameters train").isNotEqualTo(before);

        Path file = dir.resolve("net.zip");
        AtomicFiles.write(file, out -> ModelSerializer.writeModel(net, out, true));
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(restored.output(d.getFeatures())).isEqualTo(net.output(d.getFeatures()));
    }

    @Test
    void dl4jGradientCheckPassesThroughTheModule() {
        // DL4J 1.0.0-M2.1 alone fails this check by a factor of exactly 2 (see ExternalErrorsCorrection)
        ModuleRecipe recipe = ModuleRecipe.of("Sequential", Map.of("modules", List.of(
                ModuleRecipe.of("Conv1d", Map.of("kernel", 4, "permuteSize", 8, "seed", 2)),
                ModuleRecipe.of("LayerNorm", Map.of("shape", 8)))));
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(8).activation(Activation.TANH).build())
                .layer(new ModuleLayer(recipe, 5))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        assertThat(net.getLayer(1).paramTable().keySet()).containsExactlyInAnyOrder("0-weight", "0-bias", "1-weight", "1-bias");
        // non-trivial LayerNorm affine parameters
        net.getLayer(1).getParam("1-weight").assign(Nd4j.rand(DataType.DOUBLE, 8).addi(0.5));
        net.getLayer(1).getParam("1-bias").assign(Nd4j.rand(DataType.DOUBLE, 8).subi(0.5));
        DataSet d = data(3, 3, DataType.DOUBLE, 4);
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
        try {
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(d.getFeatures())
                    .labels(d.getLabels()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertThat(ok).as("DL4J gradient check of a network with a ModuleLayer").isTrue();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void recipesComposeAndBadRecipesAreNamed() {
        ModuleRecipe block = ModuleRecipe.of("Sequential", Map.of("modules", List.of(
                ModuleRecipe.of("Linear", Map.of("in", 4, "out", 4)),
                ModuleRecipe.of("Residual", Map.of("module", ModuleRecipe.of("LayerNorm", Map.of("shape", 4)))),
                ModuleRecipe.of("ReLU"))));
        Module m = block.create();
        assertThat(m).isInstanceOf(Sequential.class);
        assertThat(m.namedParameters()).containsOnlyKeys("0.weight", "0.bias", "1.network.weight", "1.network.bias");
        assertThat(new ModuleLayer(block).outputShape(new long[]{4})).containsExactly(4);
        assertThat(new ModuleLayer(ModuleRecipe.of("AllActivations", Map.of("inputSize", 8))).outputShape(new long[]{8})).containsExactly(80);

        assertThatThrownBy(() -> ModuleRecipe.of("NoSuchLayer").create()).hasMessageContaining("no factory named 'NoSuchLayer'");
        assertThatThrownBy(() -> ModuleRecipe.of("SoftmaxGrouped", Map.of("groupsize", 4)).create())
                .hasMessageContaining("'SoftmaxGrouped'").hasMessageContaining("'groupSize' is required");
        assertThatThrownBy(() -> ModuleRecipe.of("SoftmaxGrouped", Map.of("groupSize", 4, "seeed", 1)).create())
                .hasMessageContaining("unknown argument(s) [seeed]");
        assertThatThrownBy(() -> ModuleRecipe.of("Linear", Map.of("in", "four", "out", 2)).create())
                .hasMessageContaining("'in' must be an integer");
        assertThatThrownBy(() -> new ModuleRecipe("Linear", "[1, 2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> new ModuleLayer(ModuleRecipe.of("Conv1d", Map.of("kernel", 4, "mode", "valid"))))
                .hasMessageContaining("'mode' must be one of [BLOCKS, SAME]");
        assertThat(ModuleRecipe.of("Class", Map.of("name", "io.github.mlplatform.core.nn.Flatten")).create().describe()).isEqualTo("Flatten()");
        assertThatThrownBy(() -> ModuleRecipe.of("Class", Map.of("name", "java.lang.String")).create()).hasMessageContaining("is not a");
        assertThatThrownBy(() -> ModuleRegistry.register("ReLU", a -> null)).hasMessageContaining("already registered");
    }
}
