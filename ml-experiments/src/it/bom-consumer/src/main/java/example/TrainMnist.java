package example;

import io.github.mlplatform.core.model.Evaluation;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;

import java.nio.file.Path;

/** Trains a one-hidden-layer MLP on MNIST and saves it: {@code TrainMnist [epochs] [limit]}. */
public final class TrainMnist {

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        Evaluation result = train(epochs, limit, Path.of("mlp.model"));
        System.out.printf("test accuracy %.4f%n", result.accuracy());
    }

    /** Trains for {@code epochs} on at most {@code limit} training digits; returns the test evaluation. */
    public static Evaluation train(int epochs, int limit, Path modelFile) throws Exception {
        // ML_DATA_DIR, the user cache, /usr/share/datasets, a checksummed download, else the embedded sample
        LabeledImages train = Mnist.builder().train(true).limit(limit).allowEmbeddedSample(true).build().load();
        LabeledImages test = Mnist.builder().train(false).allowEmbeddedSample(true).build().load();
        System.out.println("training on " + train.source().description());

        Module net = new Sequential(new Linear(784, 128), Activation.relu(), new Linear(128, 10));
        Model model = Model.builder(net).inputShape(784).seed(42).build();   // cross-entropy from logits
        IteratorConfig batches = IteratorConfig.defaults().withBatchSize(64);
        new Trainer(TrainerConfig.of(epochs, Optimizer.adam(1e-3)))
                .fit(model, epoch -> new ImageDataSetIterator(train, batches.withSeed(epoch)),
                        new ImageDataSetIterator(test, batches.withShuffle(false)));
        model.save(modelFile);
        return model.evaluate(new ImageDataSetIterator(test, batches.withShuffle(false)));
    }
}
