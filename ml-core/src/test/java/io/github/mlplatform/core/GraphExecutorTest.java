package io.github.mlplatform.core;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Permute;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.Optimizer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The replaying executor must give what SameDiff's session gives, and notice when it must record again. */
class GraphExecutorTest {

    /** Conv, tanh, both poolings, linear layers: the op kinds LeNet uses plus max pooling. */
    static Module convNet() {
        return new Sequential(
                new Conv2d(1, 4, 3, 1, 1), Activation.lecunTanh(), new AvgPool2d(2),
                new Conv2d(4, 6, 3), Activation.relu(), new MaxPool2d(2),
                new Flatten(), new Linear(6 * 2 * 2, 12), Activation.tanh(), new Linear(12, 3));
    }

    static Model model(Module m) {
        return Model.builder(m).inputShape(1, 12, 12).labelShape(3).loss(Loss.crossEntropyFromLogits()).seed(7).build();
    }

    static Map<String, INDArray> batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i + seed) % 3, 1);
        }
        return Map.of(Model.INPUT, x, Model.LABELS, y);
    }

    static double maxRelDiff(INDArray a, INDArray b) {
        double scale = Math.max(1e-6, a.amaxNumber().doubleValue());
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    /**
     * {@code steps} calls of a fresh executor on {@code m}'s graph, each checked against SameDiff's
     * session (loss 1e-5, every gradient 1e-4 relative) and followed by an in-place parameter update
     * as the Trainer makes (the next replay must see it); returns the profile of the calls.
     */
    static GraphExecutor.Profile replayAgainstTheSession(Model m, int steps) {
        SameDiff sd = m.sameDiff();
        List<String> params = new ArrayList<>(m.trainableParameterNames());
        GraphExecutor ex = new GraphExecutor(sd);
        ex.startProfile();
        for (int step = 0; step < steps; step++) {
            Map<String, INDArray> ph = batch(16, step);
            var ref = sd.calculateGradientsAndOutputs(ph, List.of(Model.LOSS), params);
            GraphExecutor.Result got = ex.run(ph, List.of(Model.LOSS), params);
            assertThat(ex.disabledReason()).isNull();
            assertThat(got.outputs().get(Model.LOSS).getDouble(0))
                    .isCloseTo(ref.getOutputs().get(Model.LOSS).getDouble(0), Offset.offset(1e-5));
            assertThat(got.gradients().keySet()).containsExactlyInAnyOrderElementsOf(params);
            for (String p : params) {
                assertThat(maxRelDiff(ref.getGradients().get(p), got.gradients().get(p))).as("gradient of %s, step %d", p, step)
                        .isLessThan(1e-4);
            }
            for (String p : params) {
                sd.getArrForVarName(p).subi(ref.getGradients().get(p).mul(0.5));
            }
        }
        return ex.stopProfile();
    }

    @Test
    void replayedGradientsMatchTheSessionAcrossUpdates() {
        GraphExecutor.Profile prof = replayAgainstTheSession(model(convNet()), 5);
        assertThat(prof.replays()).as("calls after the first are replays").isEqualTo(4);
        for (String kernel : List.of("conv2d_bp [", "tanh [custom op] [", "avgpool2d [no oneDNN] [", "maxpool2d_bp [",
                "thresholdedrelu_bp [relu_bp] [")) {
            assertThat(prof.entries().keySet()).as("profiled kernels").anyMatch(k -> k.startsWith(kernel));
        }
        // the first convolution's input gradient is read by nobody: only its weight gradient is computed
        assertThat(prof.entries().keySet()).contains("conv2d_bp [weights only] [16, 1, 12, 12]", "conv2d_bp [16, 4, 6, 6]");
    }

    /**
     * The same with the convolutions and pooling channels last: the first convolution (after the
     * input's permute) still computes only its weight gradient, in NHWC.
     */
    @Test
    void channelsLastReplayMatchesTheSession() {
        Model m = model(new Sequential(new Permute(DataFormat.TO_NHWC), new Conv2d(1, 4, 3, 1, 1, DataFormat.NHWC), Activation.relu(),
                new MaxPool2d(2, 2, DataFormat.NHWC), new Conv2d(4, 6, 3, 1, 0, DataFormat.NHWC), Activation.relu(),
                new Permute(DataFormat.TO_NCHW), new Dropout(0.0), new Flatten(), new Linear(6 * 4 * 4, 3)));
        GraphExecutor.Profile prof = replayAgainstTheSession(m, 4);
        assertThat(prof.replays()).isEqualTo(3);
        assertThat(prof.entries().keySet()).contains("conv2d_bp [weights only, im2col] [16, 12, 12, 1]", "conv2d_bp [16, 6, 6, 4]");
    }

    /**
     * A first linear layer reads data: nobody needs its input gradient, so only {@code xᵀ·dZ} is
     * computed; the second layer's input gradient is needed and keeps the full {@code matmul_bp}.
     * Both must give the session's gradients, in float and double, across updates.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aFirstLinearLayerComputesOnlyItsWeightGradientAndMatchesTheSession(DataType dt) {
        Model m = Model.builder(new Sequential(new Linear(5, 7), Activation.tanh(), new Linear(7, 3)))
                .inputShape(5).labelShape(3).loss(Loss.crossEntropyFromLogits()).dataType(dt).seed(3).build();
        SameDiff sd = m.sameDiff();
        List<String> params = new ArrayList<>(m.trainableParameterNames());
        GraphExecutor ex = new GraphExecutor(sd);
        ex.startProfile();
        for (int step = 0; step < 4; step++) {
            Nd4j.getRandom().setSeed(step);
            INDArray x = Nd4j.randn(dt, 9, 5);
            INDArray y = Nd4j.zeros(dt, 9, 3);
            for (int i = 0; i < 9; i++) {
                y.putScalar(i, (i + step) % 3, 1);
            }
            Map<String, INDArray> ph = Map.of(Model.INPUT, x, Model.LABELS, y);
            var ref = sd.calculateGradientsAndOutputs(ph, List.of(Model.LOSS), params);
            GraphExecutor.Result got = ex.run(ph, List.of(Model.LOSS), params);
            for (String p : params) {
                assertThat(maxRelDiff(ref.getGradients().get(p), got.gradients().get(p))).as("gradient of %s, step %d", p, step)
                        .isLessThan(dt == DataType.DOUBLE ? 1e-12 : 1e-5);
            }
            for (String p : params) {
                sd.getArrForVarName(p).subi(ref.getGradients().get(p).mul(0.3));
            }
        }
        GraphExecutor.Profile prof = ex.stopProfile();
        assertThat(prof.replays()).isEqualTo(3);
        assertThat(prof.entries().keySet()).contains("matmul_bp [weights only] [9, 5]", "matmul_bp [9, 7]");
    }

    @Test
    void eachBatchShapeGetsItsOwnPlanAndInferenceMatches() {
        Model m = model(convNet());
        SameDiff sd = m.sameDiff();
        GraphExecutor ex = new GraphExecutor(sd);
        for (int n : new int[] {8, 5, 8, 5, 1}) {
            Map<String, INDArray> ph = batch(n, n);
            INDArray want = sd.output(Map.of(Model.INPUT, ph.get(Model.INPUT)), Model.OUTPUT).get(Model.OUTPUT);
            INDArray got = ex.run(Map.of(Model.INPUT, ph.get(Model.INPUT)), List.of(Model.OUTPUT), List.of()).outputs().get(Model.OUTPUT);
            assertThat(got.shape()).containsExactly(n, 3);
            assertThat(maxRelDiff(want, got)).isLessThan(1e-5);
        }
        assertThat(ex.disabledReason()).isNull();
    }

    @Test
    void replacedParameterArrayIsPickedUp() {
        Model m = model(convNet());
        SameDiff sd = m.sameDiff();
        GraphExecutor ex = new GraphExecutor(sd);
        Map<String, INDArray> in = Map.of(Model.INPUT, batch(4, 1).get(Model.INPUT));
        ex.run(in, List.of(Model.OUTPUT), List.of());
        ex.run(in, List.of(Model.OUTPUT), List.of());
        String last = m.parameterNames().get(m.parameterNames().size() - 1); // the output bias
        sd.getVariable(last).setArray(Nd4j.valueArrayOf(new long[] {3}, 100f));
        INDArray got = ex.run(in, List.of(Model.OUTPUT), List.of()).outputs().get(Model.OUTPUT);
        INDArray want = sd.output(in, Model.OUTPUT).get(Model.OUTPUT);
        assertThat(got.meanNumber().doubleValue()).isGreaterThan(50);
        assertThat(maxRelDiff(want, got)).isLessThan(1e-5);
    }

    @Test
    void dropoutDrawsANewMaskOnEveryReplay() {
        Module net = new Sequential(new Linear(100, 100), new Dropout(0.5));
        Model m = Model.builder(net).inputShape(100).labelShape(100).loss(Loss.mse()).seed(3).build();
        m.setTraining(true);
        GraphExecutor ex = new GraphExecutor(m.sameDiff());
        Map<String, INDArray> in = Map.of(Model.INPUT, Nd4j.ones(DataType.FLOAT, 20, 100));
        List<INDArray> outs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outs.add(ex.run(in, List.of(Model.OUTPUT), List.of()).outputs().get(Model.OUTPUT).dup());
        }
        assertThat(ex.disabledReason()).isNull();
        for (int i = 1; i < outs.size(); i++) {
            INDArray zerosI = outs.get(i).eq(0).castTo(DataType.FLOAT);
            INDArray zerosPrev = outs.get(i - 1).eq(0).castTo(DataType.FLOAT);
            double fraction = zerosI.meanNumber().doubleValue();
            assertThat(fraction).as("dropped fraction of replay %d", i).isBetween(0.4, 0.6);
            assertThat(zerosI.sub(zerosPrev).norm1Number().doubleValue()).as("mask of replay %d equals the previous one", i)
                    .isGreaterThan(100);
        }
        m.setTraining(false);
        INDArray eval = ex.run(in, List.of(Model.OUTPUT), List.of()).outputs().get(Model.OUTPUT);
        assertThat(eval.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue()).as("no dropout in evaluation").isLessThan(5);
    }

    @Test
    void attachedListenersStillSeeEveryOp() {
        Model m = model(convNet());
        SameDiff sd = m.sameDiff();
        GraphExecutor ex = new GraphExecutor(sd);
        Map<String, INDArray> in = Map.of(Model.INPUT, batch(4, 1).get(Model.INPUT));
        ex.run(in, List.of(Model.OUTPUT), List.of());
        AtomicInteger seen = new AtomicInteger();
        sd.setListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] outputs) {
                seen.incrementAndGet();
            }
        });
        ex.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(seen.get()).isGreaterThan(5);
    }

    @Test
    void frozenParametersGetNoGradientAfterFreezing() {
        Module net = convNet();
        Model m = model(net);
        Map<String, INDArray> ph = batch(6, 2);
        List<String> all = new ArrayList<>(m.trainableParameterNames());
        m.executor().run(ph, List.of(Model.LOSS), all);
        ((Sequential) net).get(0).freeze();
        assertThat(m.applyFreezing()).isTrue();
        List<String> trainable = new ArrayList<>(m.trainableParameterNames());
        assertThat(trainable).hasSizeLessThan(all.size());
        var ref = m.sameDiff().calculateGradientsAndOutputs(ph, List.of(Model.LOSS), trainable);
        for (int i = 0; i < 2; i++) {
            GraphExecutor.Result got = m.executor().run(ph, List.of(Model.LOSS), trainable);
            assertThat(got.gradients().keySet()).containsExactlyInAnyOrderElementsOf(trainable);
            for (String p : trainable) {
                assertThat(maxRelDiff(ref.getGradients().get(p), got.gradients().get(p))).isLessThan(1e-4);
            }
        }
    }

    @Test
    void trainerEndsWithTheSameWeightsWhetherItReplaysOrNot() throws Exception {
        DataSet data = new DataSet(batch(96, 5).get(Model.INPUT), batch(96, 5).get(Model.LABELS));
        Model replayed = model(convNet());
        Model session = model(convNet());
        String before = System.getProperty("ml.exec.static");
        List<EpochMetrics> a;
        List<EpochMetrics> b;
        try {
            a = new Trainer(TrainerConfig.of(2,
                    Optimizer.sgd(0.1, 0.9))).fit(replayed, e -> new ViewIterator(data, 16), null);
            System.setProperty("ml.exec.static", "false");
            b = new Trainer(TrainerConfig.of(2,
                    Optimizer.sgd(0.1, 0.9))).fit(session, e -> new ViewIterator(data, 16), null);
        } finally {
            if (before == null) {
                System.clearProperty("ml.exec.static");
            } else {
                System.setProperty("ml.exec.static", before);
            }
        }
        assertThat(replayed.executor().disabledReason()).isNull();
        assertThat(session.executor().disabledReason()).contains("disabled");
        assertThat(a.get(1).trainLoss()).isCloseTo(b.get(1).trainLoss(), Offset.offset(1e-4));
        for (String p : replayed.parameterNames()) {
            assertThat(maxRelDiff(session.sameDiff().getArrForVarName(p), replayed.sameDiff().getArrForVarName(p)))
                    .as("parameter %s after 12 SGD steps", p).isLessThan(1e-3);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Every loss replays

    /** A loss, the module in front of it and labels that suit it. */
    record LossCase(String name, Loss loss, boolean logSoftmaxOutput, String labels) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<LossCase> lossCases() {
        return List.of(
                new LossCase("cross_entropy", Loss.crossEntropyFromLogits(), false, "one-hot"),
                new LossCase("nll", Loss.nll(), true, "one-hot"),
                new LossCase("mse", Loss.mse(), false, "real"),
                new LossCase("bce_with_logits", Loss.bceFromLogits(), false, "binary"),
                // custom losses from ordinary ops: a mean (reduce_mean_bp reads the gradient function's 'one-var') ...
                new LossCase("custom mean |e|^3", new Loss.Named("mean_abs_cubed", (g, name, o, y) ->
                        g.sd().mean(name, g.sd().math().pow(g.sd().math().abs(o.sub(y)), 3.0))), false, "real"),
                // ... and a sum with a scalar factor (reduce_sum_bp)
                new LossCase("custom sum e^2 / 32", new Loss.Named("sum_squares_over_32", (g, name, o, y) ->
                        g.sd().sum(o.sub(y).mul(o.sub(y))).mul(name, 1.0 / 32)), false, "real"));
    }

    static Model lossModel(LossCase c, DataType dt) {
        Sequential net = c.logSoftmaxOutput()
                ? new Sequential(new Linear(4, 8), Activation.tanh(), new Linear(8, 3), Activation.logSoftmax())
                : new Sequential(new Linear(4, 8), Activation.tanh(), new Linear(8, 3));
        return Model.builder(net).inputShape(4).labelShape(3).dataType(dt).loss(c.loss()).seed(5).build();
    }

    static DataSet lossData(LossCase c, DataType dt) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 48, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 48, 3);
        for (int i = 0; i < 48; i++) {
            for (int j = 0; j < 3; j++) {
                double v = switch (c.labels()) {
                    case "one-hot" -> (i % 3 == j) ? 1 : 0;
                    case "binary" -> ((i + j) % 2 == 0) ? 1 : 0;
                    default -> Math.sin(i + 2.0 * j);
                };
                y.putScalar(i, j, v);
            }
        }
        return new DataSet(x.castTo(dt), y.castTo(dt));
    }

    /**
     * Before, every loss built from a mean or sum of ordinary ops (MSE, NLL, custom losses) was not
     * replayed: the loss's initial gradient {@code one-var} lives in SameDiff's gradient function
     * and the executor looked for it in the graph only ("'one-var' ... was not made by a recorded
     * op", in double graphs through a cast), so every training step silently ran the session.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("lossesAndTypes")
    void everyLossIsReplayedAndTrainsAsTheSessionDoes(LossCase c, DataType dt) throws Exception {
        DataSet data = lossData(c, dt);
        Model replayed = lossModel(c, dt);
        Model session = lossModel(c, dt);
        String before = System.getProperty("ml.exec.static");
        List<EpochMetrics> a;
        List<EpochMetrics> b;
        try {
            a = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.05, 0.9))).fit(replayed, e -> new ViewIterator(data, 16), null);
            System.setProperty("ml.exec.static", "false");
            b = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.05, 0.9))).fit(session, e -> new ViewIterator(data, 16), null);
        } finally {
            if (before == null) {
                System.clearProperty("ml.exec.static");
            } else {
                System.setProperty("ml.exec.static", before);
            }
        }
        GraphExecutor ex = replayed.executor();
        assertThat(ex.disabledReason()).as("why %s is not replayed", c).isNull();
        assertThat(ex.lastExecution().path()).as("%s", ex.lastExecution()).isEqualTo(GraphExecutor.Path.REPLAYED);
        assertThat(ex.executions(GraphExecutor.Path.REPLAYED)).as("6 steps, one recording").isEqualTo(5);
        assertThat(ex.executions(GraphExecutor.Path.RECORDED)).isEqualTo(1);
        assertThat(ex.executions(GraphExecutor.Path.SESSION)).isZero();
        assertThat(session.executor().lastExecution().path()).isEqualTo(GraphExecutor.Path.SESSION);
        assertThat(session.executor().lastExecution().reason()).contains("disabled");
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int e = 0; e < 2; e++) {
            assertThat(a.get(e).trainLoss()).as("%s epoch %d loss", c, e + 1)
                    .isCloseTo(b.get(e).trainLoss(), Offset.offset(tol * Math.max(1, Math.abs(b.get(e).trainLoss()))));
        }
        assertThat(a.get(1).trainLoss()).as("%s trained", c).isLessThan(a.get(0).trainLoss());
        for (String p : replayed.parameterNames()) {
            assertThat(maxRelDiff(session.sameDiff().getArrForVarName(p), replayed.sameDiff().getArrForVarName(p)))
                    .as("%s: parameter %s after 6 SGD steps", c, p).isLessThan(tol);
        }
        // the model's own loss (inference) replays too and agrees
        INDArray x = data.getFeatures();
        INDArray y = data.getLabels();
        assertThat(replayed.loss(x, y)).isCloseTo(session.loss(x, y), Offset.offset(tol * Math.max(1, Math.abs(session.loss(x, y)))));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> lossesAndTypes() {
        return lossCases().stream().flatMap(c -> Stream.of(DataType.FLOAT, DataType.DOUBLE)
                .map(dt -> org.junit.jupiter.params.provider.Arguments.of(c, dt)));
    }

    @Test
    void reportsWhichPathEachCallTookAndWhy() {
        Model m = model(convNet());
        GraphExecutor ex = new GraphExecutor(m.sameDiff());
        assertThat(ex.lastExecution()).isNull();
        Map<String, INDArray> in = Map.of(Model.INPUT, batch(4, 1).get(Model.INPUT));
        ex.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(ex.lastExecution().path()).isEqualTo(GraphExecutor.Path.RECORDED);
        assertThat(ex.lastExecution().toString()).startsWith("RECORDED: first call with these placeholder shapes; recorded ");
        ex.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(ex.lastExecution().toString()).matches("REPLAYED: replayed \\d+ recorded ops");
        String last = m.parameterNames().get(m.parameterNames().size() - 1);
        m.sameDiff().math().exp(m.sameDiff().getVariable(last)); // an op more: the plan is out of date
        ex.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(ex.lastExecution().toString()).startsWith("RECORDED: the graph or a variable's array changed since recording");
        m.sameDiff().setListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }
        });
        ex.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(ex.lastExecution().toString()).isEqualTo("SESSION: SameDiff listeners are attached (1)");
        m.sameDiff().setListeners();
        GraphExecutor off = new GraphExecutor(m.sameDiff(), false);
        off.run(in, List.of(Model.OUTPUT), List.of());
        assertThat(off.lastExecution().path()).isEqualTo(GraphExecutor.Path.SESSION);
        assertThat(off.lastExecution().reason()).contains("disabled");
        assertThat(ex.executions(GraphExecutor.Path.RECORDED)).isEqualTo(2);
        assertThat(ex.executions(GraphExecutor.Path.REPLAYED)).isEqualTo(1);
        assertThat(ex.executions(GraphExecutor.Path.SESSION)).isEqualTo(1);
    }

    /**
     * The stable activations select with comparisons, compare-and-set (a legacy op whose condition
     * travels in the op's extra arguments), maxima and expandDims: replaying them must give what
     * the session gives, in every branch (inputs far beyond ±20 and ±89 reach them all).
     */
    /**
     * ReLU's gradient is replayed as {@code relu_bp} instead of SameDiff's {@code thresholdedrelu_bp}:
     * bit-identical gradients, also where the pre-activation is exactly 0 (unit 0's weights and bias
     * are zero) and for pre-activations of ±1e4, in float and double.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void reluGradientReplaysBitIdenticallyIncludingAtZero(DataType dt) {
        Model m = Model.builder(new Sequential(new Linear(4, 6), Activation.relu(), new Linear(6, 3)))
                .inputShape(4).labelShape(3).dataType(dt).loss(Loss.crossEntropyFromLogits()).seed(4).build();
        SameDiff sd = m.sameDiff();
        sd.getArrForVarName("0.weight").getColumn(0).assign(0);
        sd.getArrForVarName("0.bias").putScalar(0, 0);
        List<String> params = new ArrayList<>(m.trainableParameterNames());
        GraphExecutor ex = new GraphExecutor(sd);
        ex.startProfile();
        for (int step = 0; step < 3; step++) {
            Nd4j.getRandom().setSeed(step);
            INDArray x = Nd4j.randn(dt, 8, 4).muli(step == 2 ? 1e4 : 1);
            INDArray y = Nd4j.zeros(dt, 8, 3);
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, i % 3, 1);
            }
            Map<String, INDArray> ph = Map.of(Model.INPUT, x, Model.LABELS, y);
            var ref = sd.calculateGradientsAndOutputs(ph, List.of(Model.LOSS), params);
            GraphExecutor.Result got = ex.run(ph, List.of(Model.LOSS), params);
            for (String p : params) {
                assertThat(got.gradients().get(p)).as("%s gradient of %s, step %d", dt, p, step).isEqualTo(ref.getGradients().get(p));
            }
        }
        assertThat(ex.stopProfile().entries().keySet()).anyMatch(k -> k.startsWith("thresholdedrelu_bp [relu_bp] ["));
    }

    @Test
    void stableActivationsReplayAsTheSessionRuns() {
        for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Module net = new Sequential(new Linear(4, 6), Activation.softplus(), new Linear(6, 6), Activation.logSigmoid(),
                    new Linear(6, 6), Activation.leakyRelu(0.1), new Linear(6, 3), Activation.logSoftmax());
            Model m = Model.builder(net).inputShape(4).labelShape(3).dataType(dt).loss(Loss.nll()).seed(9).build();
            SameDiff sd = m.sameDiff();
            List<String> params = new ArrayList<>(m.trainableParameterNames());
            GraphExecutor ex = new GraphExecutor(sd);
            for (int step = 0; step < 3; step++) {
                Nd4j.getRandom().setSeed(step);
                INDArray x = Nd4j.randn(dt, 8, 4).muli(200); // pre-activations of several hundred
                INDArray y = Nd4j.zeros(dt, 8, 3);
                for (int i = 0; i < 8; i++) {
                    y.putScalar(i, i % 3, 1);
                }
                Map<String, INDArray> ph = Map.of(Model.INPUT, x, Model.LABELS, y);
                var ref = sd.calculateGradientsAndOutputs(ph, List.of(Model.LOSS, Model.OUTPUT), params);
                GraphExecutor.Result got = ex.run(ph, List.of(Model.LOSS, Model.OUTPUT), params);
                assertThat(ex.lastExecution().path()).isEqualTo(step == 0 ? GraphExecutor.Path.RECORDED : GraphExecutor.Path.REPLAYED);
                double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
                assertThat(got.outputs().get(Model.LOSS).getDouble(0)).as("%s loss, step %d", dt, step)
                        .isCloseTo(ref.getOutputs().get(Model.LOSS).getDouble(0), Offset.offset(tol * 100));
                assertThat(maxRelDiff(ref.getOutputs().get(Model.OUTPUT), got.outputs().get(Model.OUTPUT))).isLessThan(tol);
                for (String p : params) {
                    assertThat(maxRelDiff(ref.getGradients().get(p), got.gradients().get(p))).as("%s gradient of %s, step %d", dt, p, step)
                            .isLessThan(tol);
                }
                for (String p : params) {
                    sd.getArrForVarName(p).subi(ref.getGradients().get(p).mul(0.01));
                }
            }
        }
    }
}
