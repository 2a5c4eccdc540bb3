package io.github.mlplatform.core;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static io.github.mlplatform.core.ModelAndTrainerTest.blobs;
import static io.github.mlplatform.core.ModelAndTrainerTest.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Labels are checked against the output before anything runs; class indices are accepted as in PyTorch and DJL. */
class LabelsTest {

    static Model classifier() {
        return Model.builder(mlp()).inputShape(4).seed(5).build();
    }

    /** The class of each one-hot row as {@code [N]} of the given type. */
    static INDArray indices(INDArray oneHot, DataType type) {
        return Nd4j.argMax(oneHot, 1).castTo(type);
    }

    /**
     * Before: a native "Op softmax_cross_entropy_loss ... Op validation failed". (Not shuffled with
     * ND4J's {@code DataSet.shuffle}: in 1.0.0-M2.1 it garbles labels whose data type differs from the
     * features', e.g. INT64 classes 0..2 come back as multiples of 2^32; the range check catches that.)
     */
    @Test
    void classIndicesOfAnyNumericTypeTrainExactlyLikeOneHot() throws Exception {
        DataSet oneHot = blobs(96, 3);
        Model reference = classifier();
        new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1, 0.9))).fit(reference, e -> new ViewIterator(oneHot, 32), null);
        for (DataType type : new DataType[]{DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE, DataType.UINT8}) {
            for (boolean column : new boolean[]{false, true}) {
                INDArray y = indices(oneHot.getLabels(), type);
                DataSet idx = new DataSet(oneHot.getFeatures(), column ? y.reshape(96, 1) : y);
                Model m = classifier();
                new Trainer(TrainerConfig.of(2, Optimizer.sgd(0.1, 0.9))).fit(m, e -> new ViewIterator(idx, 32), null);
                String what = type + (column ? " [N, 1]" : " [N]");
                for (var e : reference.stateDict().entrySet()) {
                    assertThat(m.stateDict().get(e.getKey())).as(what + " " + e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(m.loss(idx.getFeatures(), idx.getLabels())).as(what).isEqualTo(reference.loss(oneHot.getFeatures(), oneHot.getLabels()));
                Evaluation a = m.evaluate(new ViewIterator(idx, 40));
                Evaluation b = reference.evaluate(new ViewIterator(oneHot, 40));
                assertThat(a.accuracy()).as(what).isEqualTo(b.accuracy());
                assertThat(a.confusion()).as(what).isEqualTo(b.confusion());
            }
        }
    }

    @Test
    void badLabelsGetOneLineSayingWhatWasWrongAndWhatWasExpected() {
        Model m = Model.builder(new Linear(4, 10)).inputShape(4).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        assertThatThrownBy(() -> m.loss(x, Nd4j.zeros(DataType.FLOAT, 5, 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels: expected one-hot [5, 10] or class indices [5] in 0..9 for the model's 10 outputs, got [5, 9]");
        assertThatThrownBy(() -> m.loss(x, Nd4j.createFromArray(0, 1, 2, 10, 4)))
                .hasMessage("labels: class 10 at row 3 (0-based) is out of range for 10 outputs (expected 0..9)");
        assertThatThrownBy(() -> m.loss(x, Nd4j.createFromArray(0, -1, 2, 3, 4)))
                .hasMessage("labels: class -1 at row 1 (0-based) is out of range for 10 outputs (expected 0..9)");
        assertThatThrownBy(() -> m.loss(x, Nd4j.createFromArray(0, 1, 2.5, 3, 4)))
                .hasMessage("labels: class 2.5 at row 2 (0-based) is not a whole number; class indices must be 0..9 (or give one-hot rows [N, 10])");
        assertThatThrownBy(() -> m.loss(x, Nd4j.createFromArray(0, 1, Double.NaN, 3, 4)))
                .hasMessageStartingWith("labels: class NaN at row 2 (0-based) is not a whole number");
        assertThatThrownBy(() -> m.loss(x, Nd4j.createFromArray(0, 1, 2, 3)))
                .hasMessage("labels: 4 rows (shape [4]), but the features have 5; expected one label row per example");
        assertThatThrownBy(() -> m.loss(x, Nd4j.zeros(DataType.FLOAT, 5, 1, 10)))
                .hasMessage("labels: expected one-hot [5, 10] or class indices [5] in 0..9 for the model's 10 outputs, got [5, 1, 10]");
        assertThatThrownBy(() -> m.loss(x, null))
                .hasMessage("labels: none given; the loss cross_entropy needs labels for each of the 5 examples");
        assertThatThrownBy(() -> m.loss(Nd4j.zeros(DataType.FLOAT, 0, 4), Nd4j.zeros(DataType.FLOAT, 0, 10)))
                .hasMessage("features: the batch is empty ([0, 4]); expected at least one example");
        assertThatThrownBy(() -> m.loss(Nd4j.zeros(DataType.FLOAT, 5, 3), Nd4j.zeros(DataType.FLOAT, 5, 10)))
                .hasMessage("features: expected shape [batch, 4] (the model's input shape), got [5, 3]");

        Model regression = Model.builder(new Linear(4, 1)).inputShape(4).loss(Loss.mse()).build();
        assertThatThrownBy(() -> regression.loss(x, Nd4j.zeros(DataType.FLOAT, 5)))
                .hasMessage("labels: expected [5, 1] like the model's output (mse compares them element by element), got [5]");
        assertThat(regression.loss(x, Nd4j.zeros(DataType.FLOAT, 5, 1))).isFinite();
    }

    @Test
    void trainerAndEvaluateCheckEveryBatchAndNameIt() {
        DataSet good = blobs(64, 4);
        INDArray y = indices(good.getLabels(), DataType.INT32);
        y.putScalar(50, 3); // three outputs: 3 is out of range; row 50 is row 18 of the second batch of 32
        DataSet bad = new DataSet(good.getFeatures(), y);
        Model m = classifier();
        assertThatThrownBy(() -> new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1))).fit(m, e -> new ViewIterator(bad, 32), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epoch 1, batch 2: labels: class 3 at row 18 (0-based) is out of range for 3 outputs (expected 0..2)");
        assertThatThrownBy(() -> m.evaluate(new ViewIterator(bad, 32)))
                .hasMessage("labels: class 3 at row 18 (0-based) is out of range for 3 outputs (expected 0..2)");
        DataSet wrongFeatures = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 5), good.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)));
        assertThatThrownBy(() -> new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1))).fit(m, e -> new ViewIterator(wrongFeatures, 8), null))
                .hasMessage("epoch 1, batch 1: features: expected shape [batch, 4] (the model's input shape), got [8, 5]");
    }

    @Test
    void declaredLabelShapeMustFitTheOutput() {
        assertThatThrownBy(() -> Model.builder(new Linear(4, 10)).inputShape(4).labelShape(9).build())
                .hasMessage("labelShape [9] does not fit the model's 10 outputs: cross_entropy takes one-hot labels [10] or class indices [1]");
        assertThatThrownBy(() -> Model.builder(new Linear(4, 1)).inputShape(4).labelShape(2).loss(Loss.mse()).build())
                .hasMessage("labelShape [2] does not match the output [batch, 1]: mse compares labels and outputs element by element");
        // class indices declared as [1] are fed as one-hot [N, 10]
        Model m = Model.builder(new Linear(4, 10)).inputShape(4).labelShape(1).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        Map<String, INDArray> feed = m.feed(x, Nd4j.createFromArray(new int[][]{{9}, {0}, {4}}));
        assertThat(feed.get(Model.LABELS)).isEqualTo(Nd4j.createFromArray(new float[][]{
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0, 0, 0, 0, 0}}));
    }
}
