package io.github.mlplatform.core;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in module trains and evaluates on a batch of one, through the replaying executor and
 * through SameDiff's session. Before: SameDiff's {@code xw_plus_b} gradient, used by Linear with a
 * bias, failed at batch size 1 with "NullPointerException: this.x is null".
 */
class BatchOfOneTest {

    /** A module (parameter-free ones behind a small parameterised layer, so gradients flow through them) and its input shape. */
    record Case(String name, Supplier<Module> module, long[] inputShape) {
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("Linear", () -> new Linear(5, 3), new long[]{5}));
        c.add(new Case("Linear(bias=false)", () -> new Linear(5, 3, false), new long[]{5}));
        c.add(new Case("Conv2d (first layer)", () -> new Conv2d(2, 3, 3, 1, 1), new long[]{2, 5, 5}));
        c.add(new Case("Conv2d stride 2 after Conv2d", () -> new Sequential(new Conv2d(1, 2, 1), new Conv2d(2, 3, 3, 2, 0)), new long[]{1, 7, 7}));
        c.add(new Case("MaxPool2d", () -> new Sequential(new Conv2d(1, 2, 1), new MaxPool2d(2)), new long[]{1, 4, 4}));
        c.add(new Case("AvgPool2d", () -> new Sequential(new Conv2d(1, 2, 1), new AvgPool2d(2)), new long[]{1, 4, 4}));
        c.add(new Case("Flatten", () -> new Sequential(new Conv2d(1, 2, 1), new Flatten()), new long[]{1, 2, 3}));
        c.add(new Case("Dropout", () -> new Sequential(new Linear(4, 6), new Dropout(0.3)), new long[]{4}));
        for (Supplier<Activation> a : List.<Supplier<Activation>>of(Activation::identity, Activation::relu, Activation::tanh,
                Activation::sigmoid, Activation::gelu, Activation::leakyRelu, Activation::logSigmoid, Activation::softmax,
                Activation::logSoftmax, Activation::lecunTanh)) {
            c.add(new Case(a.get().name(), () -> new Sequential(new Linear(4, 3), a.get()), new long[]{4}));
        }
        c.add(new Case("LeNet-like Sequential", () -> new Sequential(new Conv2d(1, 2, 3, 1, 1), Activation.lecunTanh(), new AvgPool2d(2),
                new Conv2d(2, 3, 3), Activation.tanh(), new Flatten(), new Linear(12, 4), Activation.relu(), new Linear(4, 3)), new long[]{1, 8, 8}));
        return c;
    }

    static long[] batch(long n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    /**
     * The case's module with a cross-entropy loss; modules whose output is not {@code [batch, classes]}
     * get a {@code Flatten → Linear(·, 3)} head. (Cross-entropy, not MSE: the executor replays the
     * former's gradient graph, while an MSE graph always runs through SameDiff's session, see
     * {@code GraphExecutor#disabledReason}, and this test must cover the replaying path.)
     */
    static Model model(Case c) {
        Module m = c.module().get();
        long[] out = Shape.outputOf(m, batch(-1, c.inputShape()));
        if (out.length != 2) {
            m = new Sequential(m, new Flatten(), new Linear(Shape.perExample(out), 3));
        }
        return Model.builder(m).inputShape(c.inputShape()).dataType(DataType.DOUBLE).loss(Loss.crossEntropyFromLogits()).seed(3).build();
    }

    /** One example and its class (as a class index, converted to one-hot by the model). */
    static DataSet one(Model m, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, batch(1, m.inputShape()));
        return new DataSet(x, Nd4j.createFromArray(new int[]{(int) (seed % m.outputShape()[1])}));
    }

    @Test
    void gradientsOnABatchOfOneEqualTheNumericGradientOnBothExecutionPaths() {
        for (Case c : cases()) {
            Model m = model(c);
            DataSet d = one(m, 1);
            m.setTraining(false);
            List<String> trainable = new ArrayList<>(m.trainableParameterNames());
            Map<String, INDArray> feed = m.feed(d.getFeatures(), d.getLabels());
            GradientCheck.Result r = GradientCheck.check(m, d.getFeatures(), feed.get(Model.LABELS));
            assertThat(r.failures()).as(c.name() + ": session gradients vs finite differences").isEmpty();
            assertThat(r.checked()).as(c.name()).isPositive();
            // the replaying executor (the Trainer's path) gives the same gradients as the session
            Map<String, INDArray> session = m.sameDiff().calculateGradients(feed, trainable);
            GraphExecutor ex = m.executor();
            for (int call = 0; call < 2; call++) { // the first call records, the second replays
                Map<String, INDArray> replayed = ex.run(feed, List.of(Model.LOSS), trainable).gradients();
                for (String n : trainable) {
                    assertThat(replayed.get(n).equalsWithEps(session.get(n), 1e-12)).as(c.name() + " " + n + " call " + call).isTrue();
                }
            }
            assertThat(ex.disabledReason()).as(c.name()).isNull();
        }
    }

    @Test
    void everyModuleTrainsAndEvaluatesOnABatchOfOneReplayingAndThroughTheSession() throws Exception {
        for (boolean replay : new boolean[]{true, false}) {
            String previous = System.setProperty("ml.exec.static", Boolean.toString(replay));
            try {
                for (Case c : cases()) {
                    Model m = model(c);
                    DataSet d = one(m, 2);
                    double before = m.loss(d.getFeatures(), d.getLabels());
                    Map<String, INDArray> init = m.stateDict();
                    List<EpochMetrics> h = new Trainer(TrainerConfig.of(4, Optimizer.sgd(0.02))).fit(m, e -> new ViewIterator(d, 1), null);
                    String what = c.name() + (replay ? " (replay)" : " (session)");
                    assertThat(m.executor().disabledReason() == null).as(what + " path").isEqualTo(replay);
                    for (EpochMetrics e : h) {
                        assertThat(e.trainLoss()).as(what).isFinite();
                    }
                    double after = m.loss(d.getFeatures(), d.getLabels());
                    assertThat(after).as(what).isFinite();
                    if (c.name().equals("Dropout")) {
                        assertThat(after).as(what).isNotEqualTo(before);
                    } else {
                        assertThat(after).as(what + ": four SGD steps on one example lower its loss").isLessThan(before);
                    }
                    for (var e : m.stateDict().entrySet()) {
                        assertThat(e.getValue()).as(what + " " + e.getKey() + " changed").isNotEqualTo(init.get(e.getKey()));
                    }
                    assertThat(m.predict(d.getFeatures()).shape()).as(what).isEqualTo(new long[]{1, m.outputShape()[1]});
                    assertThat(m.evaluate(new ViewIterator(d, 1)).count()).as(what).isEqualTo(1);
                }
            } finally {
                if (previous == null) {
                    System.clearProperty("ml.exec.static");
                } else {
                    System.setProperty("ml.exec.static", previous);
                }
            }
        }
    }

    static DataSet images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1);
        }
        return new DataSet(x, y);
    }

    /** {@code ./ml run lenet --limit 65 --batch-size 64 -P workers=1}: before, the last batch of one crashed the epoch before its checkpoint. */
    @Test
    void lenetEpochEndingInABatchOfOneWritesItsCheckpointAndResumes(@TempDir Path dir) throws Exception {
        DataSet data = images(65, 4);
        Model m = Model.builder(ShapeCheckTest.lenet()).inputShape(1, 28, 28).labelShape(10).seed(42).build();
        new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.05, 0.9))).checkpointDir(dir).fit(m, e -> new ViewIterator(data, 64), null);
        assertThat(Trainer.hasCheckpoint(dir)).isTrue();
        Model resumed = Model.builder(ShapeCheckTest.lenet()).inputShape(1, 28, 28).labelShape(10).seed(7).build();
        List<EpochMetrics> h = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.05, 0.9))).checkpointDir(dir).resume(true)
                .fit(resumed, e -> new ViewIterator(data, 64), new ViewIterator(data, 64));
        assertThat(h).hasSize(2);
        assertThat(h.get(1).test().count()).isEqualTo(65); // evaluation also ends with a batch of one
    }

    /** Before: a last batch smaller than the worker count gave each worker a batch of one and crashed the same way. */
    @Test
    void workersShareASmallLastBatchAndGiveTheSameUpdatesAsOneWorker() throws Exception {
        for (int n : new int[]{65, 67}) { // last batch of 1 and of 3, with 4 workers
            DataSet data = ModelAndTrainerTest.blobs(n, 14);
            Model one = Model.builder(ModelAndTrainerTest.mlp()).inputShape(4).seed(2).build();
            Model four = Model.builder(ModelAndTrainerTest.mlp()).inputShape(4).seed(2).build();
            List<EpochMetrics> h1 = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1))).fit(one, e -> new ViewIterator(data, 64), null);
            List<EpochMetrics> h4 = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1))).workers(4).fit(four, e -> new ViewIterator(data, 64), null);
            assertThat(h4.get(1).trainLoss()).as("n=" + n).isCloseTo(h1.get(1).trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
            for (var e : one.stateDict().entrySet()) {
                assertThat(four.stateDict().get(e.getKey()).equalsWithEps(e.getValue(), 1e-5)).as("n=" + n + " " + e.getKey()).isTrue();
            }
        }
    }
}
