package io.github.mlplatform.core;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer says which path its steps took: the replaying executor, or SameDiff's session and why. */
class TrainerExecutionPathTest {

    private static DataSet data() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 12, 4), Nd4j.rand(DataType.FLOAT, 12, 2));
    }

    @Test
    void anMseModelTrainsOnTheReplayingPath() throws Exception {
        Model model = Model.builder(new Linear(4, 2)).inputShape(4).loss(Loss.mse()).seed(1).build();
        Trainer t = new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1)));
        assertThat(t.executionPath()).isNull();
        t.fit(model, e -> new ViewIterator(data(), 4), null);
        assertThat(t.executionPath().path()).isEqualTo(GraphExecutor.Path.REPLAYED);
    }

    @Test
    void aListenerSendsTheStepsThroughTheSessionAndTheTrainerSaysWhy() throws Exception {
        Model model = Model.builder(new Linear(4, 2)).inputShape(4).loss(Loss.mse()).seed(1).build();
        model.sameDiff().addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }
        });
        Trainer t = new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1)));
        t.fit(model, e -> new ViewIterator(data(), 4), null);
        assertThat(t.executionPath().path()).isEqualTo(GraphExecutor.Path.SESSION);
        assertThat(t.executionPath().reason()).contains("listener");
    }
}
