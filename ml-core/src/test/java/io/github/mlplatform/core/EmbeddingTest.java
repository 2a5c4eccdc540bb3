package io.github.mlplatform.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Embedding;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.numerics.TorchReference;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.util.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Embedding}: shapes, initialisation, gradients (finite differences in double, both execution
 * paths), PyTorch 1.13's values ({@code numerics/embedding-reference.json}, written by
 * {@code numerics/embedding_reference.py}), save/load, training, and the index check.
 */
class EmbeddingTest {

    /** The character MLP of {@code mlp-names} in small: Embedding(27, dim) → Flatten → Linear → tanh → Linear(·, 27). */
    static Sequential mlp(int block, int dim, int hidden) {
        return new Sequential(new Embedding(27, dim), new Flatten(), new Linear((long) block * dim, hidden), Activation.tanh(),
                new Linear(hidden, 27));
    }

    /** {@code n} random contexts of {@code block} characters (indices as doubles) and their next characters. */
    static DataSet contexts(int n, int block, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * block];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < block; t++) {
                x[i * block + t] = r.nextInt(27);
            }
            y[i] = (x[i * block] + 2 * x[i * block + block - 1]) % 27; // learnable: a function of the context
        }
        return new DataSet(Nd4j.create(x, new long[]{n, block}, 'c'), Nd4j.createFromArray(y));
    }

    @Test
    void outputShapeAppendsTheEmbeddingSizeAndFlattenFeedsALinear() {
        Embedding e = new Embedding(27, 10);
        assertThat(Shape.outputOf(e, new long[]{-1, 3})).containsExactly(-1, 3, 10);
        assertThat(Shape.outputOf(e, new long[]{-1})).containsExactly(-1, 10);
        assertThat(Shape.outputOf(e, new long[]{-1, 2, 3})).containsExactly(-1, 2, 3, 10);
        assertThat(Shape.outputOf(mlp(3, 10, 200), new long[]{-1, 3})).containsExactly(-1, 27);
        assertThat(e.describe()).isEqualTo("Embedding(27, 10)");
        assertThat(e.weight().shape()).containsExactly(27, 10);
        assertThatThrownBy(() -> new Embedding(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numEmbeddings=0");
        // a Linear sized for a different block fails at build time, naming the module
        Module wrong = new Sequential(new Embedding(27, 10), new Flatten(), new Linear(20, 27));
        assertThatThrownBy(() -> Model.builder(wrong).inputShape(3).build()).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("module '2'").hasMessageContaining("expected input [batch, 20], got [batch, 30]");
        // and the graph computes the shape the rule states
        Model m = Model.builder(new Embedding(27, 10)).inputShape(2, 3).loss(upstreamLoss()).labelShape(2, 3, 10).build();
        assertThat(m.predict(Nd4j.zeros(DataType.FLOAT, 4, 2, 3)).shape()).containsExactly(4, 2, 3, 10);
        assertThat(m.outputShape()).containsExactly(-1, 2, 3, 10);
    }

    /** An input whose shape the graph does not know while building (made by another op) takes the dynamic reshape. */
    @Test
    void inputOfUnknownShapeGivesTheSameOutputAndGradients() {
        DataSet d = contexts(5, 3, 8);
        Model known = Model.builder(mlp(3, 4, 6)).inputShape(3).dataType(DataType.DOUBLE).seed(2).build();
        Activation unknownShape = new Activation("identity of undeclared shape", (g, x) -> x.add(0.0)); // the shape check stops here
        Sequential net = new Sequential(unknownShape, new Embedding(27, 4), new Flatten(), new Linear(12, 6), Activation.tanh(),
                new Linear(6, 27));
        Model unknown = Model.builder(net).inputShape(3).dataType(DataType.DOUBLE).seed(2).build();
        Map<String, INDArray> state = new LinkedHashMap<>();
        known.stateDict().forEach((k, v) -> state.put(Integer.parseInt(k.substring(0, 1)) + 1 + k.substring(1), v));
        unknown.loadStateDict(state);
        // Embedding's and Flatten's dynamic reshapes read the shape in the graph; with a known shape neither does
        assertThat(opCount(known, "shape_of")).as("static reshapes").isZero();
        assertThat(opCount(unknown, "shape_of")).as("the dynamic reshapes' shape_of").isEqualTo(2);
        assertThat(unknown.predict(d.getFeatures())).isEqualTo(known.predict(d.getFeatures()));
        Map<String, INDArray> feed = known.feed(d.getFeatures(), d.getLabels());
        Map<String, INDArray> gk = known.executor().run(feed, List.of(Model.LOSS), List.of("0.weight")).gradients();
        Map<String, INDArray> gu = unknown.executor().run(feed, List.of(Model.LOSS), List.of("1.weight")).gradients();
        assertThat(gu.get("1.weight")).isEqualTo(gk.get("0.weight"));
        GradientCheck.Result r = GradientCheck.check(unknown, d.getFeatures(), feed.get(Model.LABELS));
        assertThat(r.failures()).isEmpty();
    }

    static long opCount(Model m, String opName) {
        return m.sameDiff().getOps().values().stream().filter(o -> o.getOp().opName().equals(opName)).count();
    }

    @Test
    void tableStartsFromAStandardNormalLikePyTorch() {
        Embedding e = new Embedding(2000, 10);
        e.initialise(42, DataType.DOUBLE);
        INDArray w = e.weight().value();
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0, org.assertj.core.data.Offset.offset(0.03)); // 20,000 draws: σ/√n = 0.007
        assertThat(w.stdNumber().doubleValue()).isCloseTo(1, org.assertj.core.data.Offset.offset(0.03));
        Embedding again = new Embedding(2000, 10);
        again.initialise(42, DataType.DOUBLE);
        assertThat(again.weight().value()).isEqualTo(w); // seeded
    }

    @Test
    void gradientsEqualFiniteDifferencesInDoubleOnBothExecutionPathsAtBatchFourAndOne() {
        for (int n : new int[]{4, 1}) {
            Model m = Model.builder(mlp(3, 5, 7)).inputShape(3).dataType(DataType.DOUBLE).seed(11).build();
            DataSet d = contexts(n, 3, 5);
            Map<String, INDArray> feed = m.feed(d.getFeatures(), d.getLabels());
            GradientCheck.Result r = GradientCheck.check(m, d.getFeatures(), feed.get(Model.LABELS), 1e-6, 1e-5, 1e-9, 200, 3);
            assertThat(r.failures()).as("batch " + n).isEmpty();
            assertThat(r.checked()).as("every element of the 27×5 table and more").isGreaterThan(135);
            List<String> trainable = new ArrayList<>(m.trainableParameterNames());
            Map<String, INDArray> session = m.sameDiff().calculateGradients(feed, trainable);
            // rows of characters not in the batch get exactly zero
            INDArray g = session.get("0.weight");
            for (int c = 0; c < 27; c++) {
                boolean used = false;
                for (double v : d.getFeatures().dup().data().asDouble()) {
                    used |= v == c;
                }
                if (!used) {
                    assertThat(g.getRow(c).sumNumber().doubleValue() == 0 && g.getRow(c).norm2Number().doubleValue() == 0)
                            .as("row %d of the table's gradient (character not in the batch)", c).isTrue();
                }
            }
            GraphExecutor ex = m.executor();
            for (int call = 0; call < 2; call++) { // records, then replays
                Map<String, INDArray> replayed = ex.run(feed, List.of(Model.LOSS), trainable).gradients();
                for (String name : trainable) {
                    assertThat(replayed.get(name).equalsWithEps(session.get(name), 1e-12)).as("batch %d %s call %d", n, name, call).isTrue();
                }
            }
            assertThat(ex.lastExecution().path()).isEqualTo(GraphExecutor.Path.REPLAYED);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // PyTorch 1.13

    /** {@code sum(out · labels)}: the labels are the upstream gradient of the output. */
    static Loss upstreamLoss() {
        return new Loss.Named("upstream", (g, name, out, labels) -> g.sd().sum(name, out.mul(labels)));
    }

    static List<JsonNode> fixture() throws IOException {
        try (InputStream in = EmbeddingTest.class.getResourceAsStream("/numerics/embedding-reference.json")) {
            assertThat(in).as("numerics/embedding-reference.json").isNotNull();
            List<JsonNode> out = new ArrayList<>();
            Json.mapper().readTree(in).get("cases").forEach(out::add);
            return out;
        }
    }

    static DataType dtype(JsonNode c) {
        return c.get("dtype").asText().equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    }

    static void same(List<String> problems, String what, INDArray actual, INDArray expected) {
        String m = TorchReference.mismatch(actual, expected);
        if (m != null) {
            problems.add(what + ": " + m);
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws IOException {
        List<JsonNode> cases = fixture();
        assertThat(cases).hasSize(10);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
            List<String> problems = c.get("kind").asText().equals("embedding") ? embeddingCase(c) : mlpCase(c);
            assertThat(problems).as(c.get("id").asText()).isEmpty();
        }));
    }

    /** nn.Embedding alone: output and the table's gradient for a fixed upstream, recorded and replayed. */
    static List<String> embeddingCase(JsonNode c) {
        DataType dt = dtype(c);
        INDArray x = TorchReference.array(c.get("x"), dt);
        INDArray weight = TorchReference.array(c.get("weight"), dt);
        INDArray upstream = TorchReference.array(c.get("upstream"), dt);
        long[] perExample = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        long[] labelShape = java.util.Arrays.copyOfRange(upstream.shape(), 1, upstream.rank());
        Embedding e = new Embedding(c.get("num").asLong(), c.get("dim").asLong());
        Model m = Model.builder(e).inputShape(perExample.length == 0 ? new long[]{1} : perExample).dataType(dt)
                .loss(upstreamLoss()).labelShape(labelShape).build();
        if (perExample.length == 0) { // rank-1 input [n]: feed [n, 1], compare [n, 1, dim] with [n, dim]
            x = x.reshape(x.length(), 1);
            upstream = upstream.reshape(upstream.size(0), 1, upstream.size(1));
            m = Model.builder(e).inputShape(1).dataType(dt).loss(upstreamLoss()).labelShape(1, labelShape[0]).build();
        }
        m.loadStateDict(Map.of("weight", weight));
        List<String> problems = new ArrayList<>();
        for (int call = 0; call < 2; call++) {
            GraphExecutor.Result r = m.executor().run(m.feed(x, upstream), List.of(Model.OUTPUT), List.of("weight"));
            INDArray expectedOut = TorchReference.array(c.get("out"), dt);
            same(problems, "output (call " + call + ")", r.outputs().get(Model.OUTPUT).reshape(expectedOut.shape()), expectedOut);
            same(problems, "table gradient (call " + call + ")", r.gradients().get("weight"), TorchReference.array(c.get("grad_weight"), dt));
        }
        return problems;
    }

    /** The small character MLP: logits, loss and every parameter's gradient with PyTorch's weights. */
    static List<String> mlpCase(JsonNode c) {
        DataType dt = dtype(c);
        INDArray x = TorchReference.array(c.get("x"), dt);
        INDArray target = TorchReference.array(c.get("target"), dt);
        Model m = Model.builder(mlp(3, 4, 8)).inputShape(3).dataType(dt).build();
        Map<String, INDArray> state = new LinkedHashMap<>();
        c.get("weights").fields().forEachRemaining(f -> {
            INDArray v = TorchReference.array(f.getValue(), dt);
            state.put(f.getKey(), linearWeight(f.getKey()) ? v.transpose().dup('c') : v);
        });
        m.loadStateDict(state);
        List<String> problems = new ArrayList<>();
        List<String> params = new ArrayList<>(state.keySet());
        for (int call = 0; call < 2; call++) {
            GraphExecutor.Result r = m.executor().run(m.feed(x, target), List.of(Model.OUTPUT, Model.LOSS), params);
            same(problems, "logits (call " + call + ")", r.outputs().get(Model.OUTPUT), TorchReference.array(c.get("logits"), dt));
            same(problems, "loss (call " + call + ")", r.outputs().get(Model.LOSS).reshape(1), Nd4j.createFromArray(c.get("loss").asDouble()).castTo(dt));
            c.get("grads").fields().forEachRemaining(f -> {
                INDArray expected = TorchReference.array(f.getValue(), dt);
                INDArray got = r.gradients().get(f.getKey());
                same(problems, "gradient of " + f.getKey(), linearWeight(f.getKey()) ? got.transpose() : got, expected);
            });
        }
        return problems;
    }

    /** Our Linear stores PyTorch's weight transposed. */
    static boolean linearWeight(String name) {
        return name.equals("2.weight") || name.equals("4.weight");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void savedAndLoadedModelPredictsTheSameAndKeepsTraining(@TempDir Path dir) throws Exception {
        Model m = Model.builder(mlp(3, 10, 20)).inputShape(3).seed(3).build();
        DataSet d = contexts(64, 3, 1);
        new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1))).fit(m, e -> new ViewIterator(d, 16), null);
        Path file = dir.resolve("mlp.model");
        m.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.predict(d.getFeatures())).isEqualTo(m.predict(d.getFeatures()));
        assertThat(loaded.stateDict().keySet()).containsExactly("0.weight", "2.weight", "2.bias", "4.weight", "4.bias");
        for (var e : m.stateDict().entrySet()) {
            assertThat(loaded.stateDict().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(loaded.description()).contains("Embedding(27, 10)");
        assertThat(loaded.inputShape()).containsExactly(3);
        // the graph trains on after loading (the module tree is not restored: Embedding is not one of ModuleTrees' built-ins)
        double before = loaded.loss(d.getFeatures(), d.getLabels());
        new Trainer(TrainerConfig.of(3, Optimizer.sgd(0.1))).fit(loaded, e -> new ViewIterator(d, 16), null);
        assertThat(loaded.loss(d.getFeatures(), d.getLabels())).isLessThan(before);
    }

    @Test
    void trainerStepsAreReplayedAndLowerTheLossIncludingABatchOfOne() throws Exception {
        for (int batch : new int[]{32, 1}) {
            Model m = Model.builder(mlp(3, 10, 50)).inputShape(3).seed(5).build();
            DataSet d = contexts(batch == 1 ? 1 : 512, 3, 2);
            double before = m.loss(d.getFeatures(), d.getLabels());
            INDArray table = m.stateDict().get("0.weight");
            Trainer t = new Trainer(TrainerConfig.of(5, Optimizer.sgd(batch == 1 ? 0.05 : 0.5)));
            List<EpochMetrics> h = t.fit(m, e -> new ViewIterator(d, batch), null);
            assertThat(t.executionPath().path()).as("batch %d", batch).isEqualTo(GraphExecutor.Path.REPLAYED);
            assertThat(h.get(4).trainLoss()).as("batch %d", batch).isLessThan(h.get(0).trainLoss());
            assertThat(m.loss(d.getFeatures(), d.getLabels())).as("batch %d", batch).isLessThan(before);
            assertThat(m.stateDict().get("0.weight")).as("the table trains").isNotEqualTo(table);
        }
    }

    @Test
    void checkIndicesRejectsWhatTheGraphCannot() {
        Embedding e = new Embedding(27, 10);
        e.checkIndices(Nd4j.createFromArray(new float[][]{{0, 5, 26}, {1, 2, 3}}));
        e.checkIndices(Nd4j.createFromArray(new int[]{0, 26}));
        assertThatThrownBy(() -> e.checkIndices(Nd4j.createFromArray(new float[][]{{0, 5, 26}, {1, 27, 3}})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Embedding(27, 10): index 27.0 at [1, 1] is out of range (expected whole numbers 0..26)");
        assertThatThrownBy(() -> e.checkIndices(Nd4j.createFromArray(new double[]{-1})))
                .hasMessageContaining("index -1.0 at [0] is out of range");
        assertThatThrownBy(() -> e.checkIndices(Nd4j.createFromArray(new double[]{1, 2.5})))
                .hasMessageContaining("index 2.5 at [1] is not a whole number");
        assertThatThrownBy(() -> e.checkIndices(Nd4j.createFromArray(new double[]{Double.NaN})))
                .hasMessageContaining("index NaN at [0] is not a whole number");
    }

    /** What {@link Embedding#checkIndices} is for: the graph itself maps an out-of-range index to a zero vector, silently. */
    @Test
    void anOutOfRangeIndexGivesAZeroVectorInTheGraph() {
        Model m = Model.builder(new Embedding(5, 3)).inputShape(2).loss(upstreamLoss()).labelShape(2, 3).build();
        INDArray out = m.predict(Nd4j.createFromArray(new float[][]{{1, 5}, {-1, 4}}));
        INDArray table = m.stateDict().get("weight");
        assertThat(out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0)))
                .isEqualTo(table.getRow(1));
        assertThat(out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).norm2Number().doubleValue())
                .isZero();
        assertThat(out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).norm2Number().doubleValue())
                .isZero();
    }
}
