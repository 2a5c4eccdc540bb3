package io.github.mlplatform.datasets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * MNIST handwritten digits (28x28, labels 0-9; 60,000 train, 10,000 test), as
 * {@code torchvision.datasets.MNIST} / DJL's {@code Mnist}: a builder with the usual options and a
 * lookup order (explicit dir, {@code $ML_DATA_DIR}, user cache, {@code /usr/share/datasets}, download,
 * optionally the embedded sample) described in {@link IdxDataset}. The seeds load it with
 * {@code mnist.load_data()} (invariance ribbon/tapestry) and torchvision (LeNet).
 *
 * <pre>{@code
 * LabeledImages train = Mnist.builder().train(true).build().load();
 * LabeledImages demo  = Mnist.builder().download(false).allowEmbeddedSample(true).build().load();
 * }</pre>
 */
public final class Mnist {

    private static final Logger LOG = LoggerFactory.getLogger(Mnist.class);

    /** The catalog entry (files, digests, mirror). */
    public static final DatasetSpec SPEC = DatasetCatalog.MNIST;
    /** Mean of the training pixels scaled to [0,1] (as in PyTorch's MNIST example). */
    public static final double TRAIN_MEAN = 0.1307;
    /** Standard deviation of the training pixels scaled to [0,1] (as in PyTorch's MNIST example). */
    public static final double TRAIN_STD = 0.3081;

    private Mnist() {
    }

    /** A loader builder (training split, no limit, default lookup). */
    public static IdxDataset.Builder builder() {
        return IdxDataset.builder(SPEC);
    }

    /** The split with the default lookup ({@code builder().train(train).build().load()}). */
    public static LabeledImages load(boolean train) throws IOException {
        return builder().train(train).build().load();
    }

    /**
     * The sample embedded in this jar: the first 4,000 training digits (indices 0-3999, enough for the
     * seed's ribbon (0-999) and tapestry (3000-3899)) or the first 1,000 test digits, byte-identical
     * to the real files. Logs a WARN: results on it are not comparable with full-data results.
     */
    public static LabeledImages embeddedSample(boolean train) throws IOException {
        LabeledImages s = IdxDataset.readEmbeddedSample(SPEC, train);
        LOG.warn("using the {} of MNIST; results are NOT comparable with full-data runs", s.source());
        return s;
    }
}
