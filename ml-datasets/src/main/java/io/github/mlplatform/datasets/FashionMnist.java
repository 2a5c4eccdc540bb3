package io.github.mlplatform.datasets;

import java.io.IOException;

/**
 * Fashion-MNIST (Zalando; 28x28 grey clothing images, 10 classes, 60,000 train, 10,000 test), loaded
 * like {@link Mnist} (lookup order in {@link IdxDataset}; in {@code $ML_DATA_DIR} only the
 * {@code fashion-mnist/} sub-folder is used). On Debian it comes from
 * {@code apt-get install dataset-fashion-mnist}. The seed's activation/MLP experiments use it.
 */
public final class FashionMnist {

    /** The catalog entry (files, digests, mirror). */
    public static final DatasetSpec SPEC = DatasetCatalog.FASHION_MNIST;

    private FashionMnist() {
    }

    /** A loader builder (training split, no limit, default lookup). */
    public static IdxDataset.Builder builder() {
        return IdxDataset.builder(SPEC);
    }

    /** The split with the default lookup. */
    public static LabeledImages load(boolean train) throws IOException {
        return builder().train(train).build().load();
    }
}
