package example;

import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the README's example as a downstream user would, with only what the BOM brings in: real
 * MNIST from ML_DATA_DIR when it is set, the embedded sample otherwise (and says which).
 */
class TrainMnistTest {

    @Test
    void readmeExampleTrainsAndSaves() throws Exception {
        boolean realData = System.getenv("ML_DATA_DIR") != null;
        System.out.println(realData ? "ML_DATA_DIR is set: training on the real MNIST files"
                : "ML_DATA_DIR is not set: training on the embedded MNIST sample");
        LabeledImages probe = Mnist.builder().train(true).limit(1).allowEmbeddedSample(true).download(false).build().load();
        assertEquals(!realData, probe.source().isEmbeddedSample(), "data source: " + probe.source());

        Path file = Files.createTempDirectory("bom-consumer").resolve("mlp.model");
        Evaluation eval = TrainMnist.train(1, 4000, file);
        // one epoch on 4,000 digits: an MLP is far above chance (10%)
        assertTrue(eval.accuracy() > 0.80, "test accuracy " + eval.accuracy());
        assertEquals(eval.accuracy(), Model.load(file).evaluate(
                new io.github.mlplatform.datasets.iterator.ImageDataSetIterator(
                        Mnist.builder().train(false).allowEmbeddedSample(true).download(false).build().load(),
                        io.github.mlplatform.datasets.iterator.IteratorConfig.defaults().withShuffle(false))).accuracy(), 0.0);
    }
}
