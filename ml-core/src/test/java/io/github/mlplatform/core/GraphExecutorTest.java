package io.github.mlplatform.core;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.Optimizer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
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

    @Test
    void replayedGradientsMatchTheSessionAcrossUpdates() {
        Model m = model(convNet());
        SameDiff sd = m.sameDiff();
        List<String> params = new ArrayList<>(m.trainableParameterNames());
        GraphExecutor ex = new GraphExecutor(sd);
        ex.startProfile();
        for (int step = 0; step < 5; step++) {
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
            // an optimizer step in place, as the Trainer does: the next replay must see it
            for (String p : params) {
                sd.getArrForVarName(p).subi(ref.getGradients().get(p).mul(0.5));
            }
        }
        GraphExecutor.Profile prof = ex.stopProfile();
        assertThat(prof.replays()).as("calls after the first are replays").isEqualTo(4);
        for (String kernel : List.of("conv2d_bp [", "tanh [custom op] [", "avgpool2d [no oneDNN] [", "maxpool2d_bp [")) {
            assertThat(prof.entries().keySet()).as("profiled kernels").anyMatch(k -> k.startsWith(kernel));
        }
        // the first convolution's input gradient is read by nobody: only its weight gradient is computed
        assertThat(prof.entries().keySet()).contains("conv2d_bp [weights only] [16, 1, 12, 12]", "conv2d_bp [16, 4, 6, 6]");
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
}
