package example;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads MNIST from ML_DATA_DIR and trains one step, using only what the BOM brings in. */
class TrainOneStepTest {

    @Test
    void trainsOneStepOnRealMnist() throws Exception {
        assertNotNull(System.getenv("ML_DATA_DIR"), "this check needs ML_DATA_DIR pointing at the MNIST files");
        LabeledImages train = Mnist.builder().train(true).limit(64).download(false).build().load();
        assertFalse(train.source().isEmbeddedSample(), "MNIST must come from ML_DATA_DIR, not the embedded sample");
        assertEquals(64, train.size());
        Model model = Model.builder(new Sequential(new Linear(784, 32), Activation.relu(), new Linear(32, 10)))
                .inputShape(784).seed(1).build();
        ImageDataSetIterator it = new ImageDataSetIterator(train, IteratorConfig.defaults().withBatchSize(64));
        List<EpochMetrics> h = new Trainer(TrainerConfig.of(1, Optimizer.sgd(0.1))).fit(model, e -> it, null);
        assertEquals(1, h.size());
        assertTrue(Double.isFinite(h.get(0).trainLoss()) && h.get(0).trainLoss() > 0, "loss " + h.get(0).trainLoss());
    }
}
