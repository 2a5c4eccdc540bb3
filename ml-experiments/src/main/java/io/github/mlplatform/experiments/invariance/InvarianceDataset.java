package io.github.mlplatform.experiments.invariance;

import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.fashionmlp.FashionMlpExperiment;

import java.io.IOException;

/**
 * The images the tapestry (or ribbon) is made of ({@code -P dataset}): MNIST digits as in the seed,
 * or Fashion-MNIST, the notebook's wish to go "beyond digits". Both are 28x28 training images.
 */
public enum InvarianceDataset {
    /** MNIST training digits (the embedded sample of 4,000 when the files are missing) */
    MNIST("MNIST", "digits"),
    /** Fashion-MNIST training images (no embedded sample: the files are needed) */
    FASHION_MNIST("Fashion-MNIST", "Fashion-MNIST images");

    private final String label;
    private final String images;

    InvarianceDataset(String label, String images) {
        this.label = label;
        this.images = images;
    }

    /** Its name in tables. */
    public String label() {
        return label;
    }

    /** What a tapestry of it is made of ("digits"). */
    public String images() {
        return images;
    }

    /** The training split, found like every image experiment's data ({@code --data-dir}, {@code $ML_DATA_DIR}, the cache). */
    public LabeledImages load(RunOptions opt) throws IOException {
        if (this == FASHION_MNIST) {
            return FashionMlpExperiment.fashionMnist(opt, true, 0);
        }
        var b = Mnist.builder().train(true).allowEmbeddedSample(true);
        if (opt.dataDir() != null) {
            b = b.dataDir(opt.dataDir());
        }
        return b.build().load();
    }
}
