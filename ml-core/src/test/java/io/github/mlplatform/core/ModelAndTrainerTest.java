package io.github.mlplatform.core;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelAndTrainerTest {

    /** Three Gaussian blobs in 4-D, a problem a small MLP solves to ~100%. */
    static DataSet blobs(int n, long seed) {
        Random r = new Random(seed);
        double[][] centres = {{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}};
        INDArray x = Nd4j.create(DataType.FLOAT, n, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int d = 0; d < 4; d++) {
                x.putScalar(i, d, centres[c][d] + 0.7 * r.nextGaussian());
            }
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    /** Shuffled batches, reproducible per epoch. */
    static DataSetIterator epochData(DataSet all, int epoch) {
        DataSet copy = all.copy();
        copy.shuffle(1000L + epoch);
        return new ViewIterator(copy, 32);
    }

    static Module mlp() {
        return new Sequential(new Linear(4, 16), Activation.relu(), new Linear(16, 3));
    }

    @Test
    void trainsToHighAccuracyAndReportsEachEpoch() throws Exception {
        DataSet train = blobs(600, 1);
        DataSetIterator test = new ViewIterator(blobs(300, 2), 100);
        Model model = Model.builder(mlp()).inputShape(4).seed(3).build();
        double before = model.evaluate(test).accuracy();
        List<EpochMetrics> h = new Trainer(TrainerConfig.of(5, Optimizer.adam(0.01))).fit(model, e -> epochData(train, e), test);
        assertThat(h).hasSize(5);
        assertThat(h.get(4).trainLoss()).isLessThan(h.get(0).trainLoss());
        Evaluation ev = h.get(4).test();
        assertThat(ev.accuracy()).isGreaterThan(0.97).isGreaterThan(before);
        assertThat(ev.count()).isEqualTo(300);
        long diagonal = 0;
        for (int c = 0; c < 3; c++) {
            diagonal += ev.confusion()[c][c];
        }
        assertThat((double) diagonal / ev.count()).isEqualTo(ev.accuracy());
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs(@TempDir Path dir) throws Exception {
        Model model = Model.builder(mlp()).inputShape(4).seed(4).build();
        DataSet train = blobs(90, 5);
        new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1, 0.9))).fit(model, e -> epochData(train, e), null);
        INDArray x = blobs(10, 6).getFeatures();
        Path file = dir.resolve("m.model");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.predict(x)).isEqualTo(model.predict(x));
        assertThat(loaded.stateDict()).isEqualTo(model.stateDict());
        assertThat(loaded.description()).isEqualTo(model.description());
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("m.model");
        }
    }

    @Test
    void loadRejectsAFileThatIsNotAModel(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.model");
        Files.writeString(f, "hello");
        assertThatThrownBy(() -> Model.load(f)).hasMessageContaining(f.toString()).hasMessageContaining("not a model file");
        assertThatThrownBy(() -> Model.load(dir.resolve("absent.model"))).hasMessageContaining("absent.model");
        // a model file whose model.json lacks a field: one line naming it (before: a NullPointerException)
        Path partial = dir.resolve("partial.model");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(partial))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("model.json"));
            zip.write("{\"format\":\"ml-platform-model\",\"formatVersion\":1,\"inputShape\":[4],\"dataType\":\"FLOAT\",\"loss\":\"mse\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("graph.sdz"));
            zip.write(new byte[]{1, 2, 3});
            zip.closeEntry();
        }
        assertThatThrownBy(() -> Model.load(partial))
                .hasMessage(partial + ": model.json has no 'parameters'; expected the fields inputShape, dataType, loss, parameters");
    }

    @Test
    void wrongInputShapeIsNamed() {
        Model model = Model.builder(mlp()).inputShape(4).build();
        assertThatThrownBy(() -> model.predict(Nd4j.zeros(DataType.FLOAT, 2, 5)))
                .hasMessage("features: expected shape [batch, 4] (the model's input shape), got [2, 5]");
    }

    @Test
    void nanLossStopsTrainingNamingEpochAndIterationCountedFromOne() {
        DataSet bad = blobs(64, 7);
        bad.getFeatures().putScalar(40, 0, Double.NaN); // row 40 is in the second batch of 32
        Model model = Model.builder(mlp()).inputShape(4).build();
        Trainer t = new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1)));
        assertThatThrownBy(() -> t.fit(model, e -> new ViewIterator(bad, 32), null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("at epoch 1, iteration 2 ")
                .satisfies(e -> {
                    assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(1);
                    assertThat(((TrainingDivergedException) e).iteration()).isEqualTo(2);
                });
        // the first batch is iteration 1
        DataSet first = blobs(64, 7);
        first.getFeatures().putScalar(3, 0, Double.POSITIVE_INFINITY);
        Model m2 = Model.builder(mlp()).inputShape(4).build();
        assertThatThrownBy(() -> t.fit(m2, e -> new ViewIterator(first, 32), null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("at epoch 1, iteration 1 ");
    }

    @Test
    void frozenParametersDoNotChange() throws Exception {
        Linear first = new Linear(4, 16);
        Sequential net = new Sequential(first, Activation.relu(), new Linear(16, 3));
        first.freeze();
        Model model = Model.builder(net).inputShape(4).build();
        Map<String, INDArray> before = model.stateDict();
        DataSet train = blobs(96, 8);
        new Trainer(TrainerConfig.of(2, Optimizer.adam(0.05))).fit(model, e -> epochData(train, e), null);
        Map<String, INDArray> after = model.stateDict();
        assertThat(after.get("0.weight")).isEqualTo(before.get("0.weight"));
        assertThat(after.get("0.bias")).isEqualTo(before.get("0.bias"));
        assertThat(after.get("2.weight")).isNotEqualTo(before.get("2.weight"));

        // unfreezing takes effect at the next fit
        first.unfreeze();
        new Trainer(TrainerConfig.of(1, Optimizer.adam(0.05))).fit(model, e -> epochData(train, e), null);
        assertThat(model.stateDict().get("0.weight")).isNotEqualTo(before.get("0.weight"));
    }

    @Test
    void stepScheduleScalesTheLearningRate() throws Exception {
        // With gamma = 0 the learning rate after the first epoch is zero: epoch 2 must change nothing.
        DataSet train = blobs(96, 9);
        Model model = Model.builder(mlp()).inputShape(4).build();
        TrainerConfig cfg = TrainerConfig.of(1, Optimizer.sgd(0.1)).withStepLr(1, 1e-30);
        new Trainer(cfg).fit(model, e -> epochData(train, e), null);
        Map<String, INDArray> afterOne = model.stateDict();
        assertThat(cfg.learningRate(1)).isEqualTo(0.1 * 1e-30);
        Trainer two = new Trainer(cfg.withEpochs(2));
        Model m2 = Model.builder(mlp()).inputShape(4).build();
        List<EpochMetrics> h = two.fit(m2, e -> epochData(train, e), null);
        assertThat(h.get(1).learningRate()).isEqualTo(0.1 * 1e-30);
        for (var e : afterOne.entrySet()) {
            assertThat(m2.stateDict().get(e.getKey()).equalsWithEps(e.getValue(), 1e-6)).as(e.getKey()).isTrue();
        }
    }

    @Test
    void weightDecayShrinksWeights() throws Exception {
        DataSet train = blobs(96, 10);
        Model plain = Model.builder(mlp()).inputShape(4).seed(1).build();
        Model decayed = Model.builder(mlp()).inputShape(4).seed(1).build();
        new Trainer(TrainerConfig.of(3, Optimizer.sgd(0.05))).fit(plain, e -> epochData(train, e), null);
        new Trainer(TrainerConfig.of(3, Optimizer.sgd(0.05)).withWeightDecay(0.5)).fit(decayed, e -> epochData(train, e), null);
        assertThat(decayed.stateDict().get("0.weight").norm2Number().doubleValue())
                .isLessThan(plain.stateDict().get("0.weight").norm2Number().doubleValue());
    }

    @Test
    void resumedRunEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        DataSet train = blobs(192, 11);
        DataSetIterator test = new ViewIterator(blobs(60, 12), 60);
        TrainerConfig cfg = TrainerConfig.of(4, Optimizer.adam(0.01)).withStepLr(2, 0.5);

        Model full = Model.builder(mlp()).inputShape(4).seed(9).build();
        List<EpochMetrics> fullHistory = new Trainer(cfg).fit(full, e -> epochData(train, e), test);

        // "killed" after epoch 2: a first process trains 2 epochs with checkpoints...
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectories(ckpt);
        Model first = Model.builder(mlp()).inputShape(4).seed(9).build();
        new Trainer(cfg.withEpochs(2)).checkpointDir(ckpt).fit(first, e -> epochData(train, e), test);
        assertThat(Trainer.hasCheckpoint(ckpt)).isTrue();
        // ...and a new process builds a fresh model and resumes
        Model resumed = Model.builder(mlp()).inputShape(4).seed(12345).build();
        List<EpochMetrics> h = new Trainer(cfg).checkpointDir(ckpt).resume(true).fit(resumed, e -> epochData(train, e), test);

        assertThat(h).hasSize(4);
        assertThat(h.get(3).test().accuracy()).isEqualTo(fullHistory.get(3).test().accuracy());
        assertThat(h.get(3).trainLoss()).isCloseTo(fullHistory.get(3).trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
        for (var e : full.stateDict().entrySet()) {
            assertThat(resumed.stateDict().get(e.getKey()).equalsWithEps(e.getValue(), 1e-5)).as(e.getKey()).isTrue();
        }
        try (var s = Files.list(ckpt)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("checkpoint.json", "checkpoint-epoch-4.model", "checkpoint-epoch-4.optimizer");
        }
    }

    @Test
    void dataParallelWorkersGiveTheSameUpdatesAsOneWorker() throws Exception {
        DataSet train = blobs(200, 13);
        Model one = Model.builder(mlp()).inputShape(4).seed(21).build();
        Model two = Model.builder(mlp()).inputShape(4).seed(21).build();
        List<EpochMetrics> h1 = new Trainer(TrainerConfig.of(2, Optimizer.adam(0.01))).fit(one, e -> epochData(train, e), null);
        List<EpochMetrics> h2 = new Trainer(TrainerConfig.of(2, Optimizer.adam(0.01))).workers(2).fit(two, e -> epochData(train, e), null);
        assertThat(h2.get(1).trainLoss()).isCloseTo(h1.get(1).trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
        for (var e : one.stateDict().entrySet()) {
            assertThat(two.stateDict().get(e.getKey()).equalsWithEps(e.getValue(), 1e-4)).as(e.getKey()).isTrue();
        }
        assertThat(two.stateDict().get("0.weight")).isNotEqualTo(Model.builder(mlp()).inputShape(4).seed(21).build().stateDict().get("0.weight"));
    }

    @Test
    void dropoutActsOnlyWhileTraining() {
        Model model = Model.builder(new Sequential(new Dropout(0.5))).inputShape(1000).loss(Loss.mse()).build();
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 1000);
        assertThat(model.predict(x)).isEqualTo(x);
        model.setTraining(true);
        INDArray y = model.sameDiff().output(Map.of(Model.INPUT, x), Model.OUTPUT).get(Model.OUTPUT);
        double zeros = y.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertThat(zeros).isBetween(0.45, 0.55);
        assertThat(y.maxNumber().doubleValue()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
        model.setTraining(false);
        assertThat(model.predict(x)).isEqualTo(x);
    }

    @Test
    void activationsMatchTheirFormulas() {
        double[] xs = {-2, -0.5, 0, 0.5, 2};
        INDArray x = Nd4j.createFromArray(new double[][]{xs});
        Map<String, java.util.function.DoubleUnaryOperator> expected = new java.util.LinkedHashMap<>();
        expected.put("GELU()", v -> v * 0.5 * (1 + erf(v / Math.sqrt(2))));
        expected.put("LogSigmoid()", v -> -Math.log1p(Math.exp(-v)));
        expected.put("LambdaModule(1.7159*tanh(2*x/3))", v -> 1.7159 * Math.tanh(2 * v / 3));
        expected.put("LeakyReLU(0.01)", v -> v >= 0 ? v : 0.01 * v);
        Activation[] acts = {Activation.gelu(), Activation.logSigmoid(), Activation.lecunTanh(), Activation.leakyRelu()};
        for (Activation a : acts) {
            Model m = Model.builder(a).inputShape(5).dataType(DataType.DOUBLE).loss(Loss.mse()).build();
            INDArray y = m.predict(x);
            for (int i = 0; i < xs.length; i++) {
                assertThat(y.getDouble(0, i)).as(a.name() + " at " + xs[i])
                        .isCloseTo(expected.get(a.name()).applyAsDouble(xs[i]), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    /** erf by Abramowitz–Stegun 7.1.26 is too coarse; use a series that converges for |x| ≤ 3. */
    static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /**
     * Plain SGD takes {@code w -= lr·g} with the epoch's scheduled rate (the trainer does it as one
     * BLAS axpy, not ND4J's updater): replayed by hand from the session's gradients, in double,
     * the weights agree to rounding after three epochs of two batches with the rate halved every epoch.
     */
    @Test
    void plainSgdStepsAreExactlyLearningRateTimesGradientWithTheScheduledRate() throws Exception {
        DataSet data = blobs(24, 5);
        data.setFeatures(data.getFeatures().castTo(DataType.DOUBLE));
        data.setLabels(data.getLabels().castTo(DataType.DOUBLE));
        Model trained = Model.builder(mlp()).inputShape(4).labelShape(3).loss(Loss.crossEntropyFromLogits())
                .dataType(DataType.DOUBLE).seed(11).build();
        Model byHand = Model.builder(mlp()).inputShape(4).labelShape(3).loss(Loss.crossEntropyFromLogits())
                .dataType(DataType.DOUBLE).seed(11).build();
        new Trainer(TrainerConfig.of(3, Optimizer.sgd(0.4)).withStepLr(1, 0.5)).fit(trained, e -> new ViewIterator(data, 12), null);

        List<String> params = List.copyOf(byHand.trainableParameterNames());
        for (int epoch = 0; epoch < 3; epoch++) {
            double lr = 0.4 * Math.pow(0.5, epoch);
            DataSetIterator it = new ViewIterator(data, 12);
            while (it.hasNext()) {
                DataSet b = it.next();
                var g = byHand.sameDiff().calculateGradients(byHand.feed(b.getFeatures(), b.getLabels()), params);
                for (String p : params) {
                    byHand.sameDiff().getArrForVarName(p).subi(g.get(p).mul(lr));
                }
            }
        }
        for (String p : params) {
            INDArray want = byHand.sameDiff().getArrForVarName(p);
            INDArray got = trained.sameDiff().getArrForVarName(p);
            assertThat(got.sub(want).amaxNumber().doubleValue()).as(p).isLessThan(1e-12);
        }
    }
}
