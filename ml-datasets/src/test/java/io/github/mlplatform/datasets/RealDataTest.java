package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.idx.IdxReader;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.datasets.stream.Tapestry;
import io.github.mlplatform.datasets.stream.TapestryConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Checks on the real MNIST / Fashion-MNIST files; skipped unless ML_DATA_DIR is set. */
class RealDataTest {

    private static Path dataDir;
    private static LabeledImages mnistTrain;

    @BeforeEach
    void needsData() {
        String env = System.getenv("ML_DATA_DIR");
        assumeTrue(env != null && !env.isBlank(), "ML_DATA_DIR is not set: real-data tests skipped");
        dataDir = Path.of(env);
    }

    /** The MNIST training set, read once for the tests that need it. */
    private static synchronized LabeledImages mnistTrain(Path tmp) throws IOException {
        if (mnistTrain == null) {
            mnistTrain = viaEnv(Mnist.builder(), tmp).build().load();
        }
        return mnistTrain;
    }

    /** Loads through ML_DATA_DIR only (no cache, no system dir, no download). */
    private static IdxDataset.Builder viaEnv(IdxDataset.Builder b, Path tmp) {
        return b.environment(Map.of("ML_DATA_DIR", dataDir.toString())).cacheDir(tmp.resolve("c"))
                .systemDir(tmp.resolve("s")).download(false);
    }

    @Test
    void mnistTestSet(@TempDir Path tmp) throws Exception {
        LabeledImages test = viaEnv(Mnist.builder().train(false), tmp).verifyChecksums(true).build().load();
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.images().rows()).isEqualTo(28);
        assertThat(test.images().cols()).isEqualTo(28);
        assertThat(test.source().kind()).isEqualTo(DataSource.Kind.ENV_DIR);
        // the published class counts of the MNIST test set
        assertThat(test.labelHistogram()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);

        // SHA-256 of the decompressed labels file, computed here, equals shared/datasets/README.md
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dataDir.resolve("mnist/t10k-labels-idx1-ubyte.gz")))) {
            md.update(in.readAllBytes());
        }
        assertThat(HexFormat.of().formatHex(md.digest()))
                .isEqualTo("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    }

    @Test
    void mnistTrainIteratorAndEmbeddedSampleProvenance(@TempDir Path tmp) throws IOException {
        LabeledImages train = mnistTrain(tmp);
        assertThat(train.size()).isEqualTo(60_000);
        // mean/std of the training pixels are the familiar 0.1307 / 0.3081
        double[] ms = train.images().unitMeanStd();
        assertThat(ms[0]).isBetween(0.1306, 0.1308);
        assertThat(ms[1]).isBetween(0.3080, 0.3082);

        // the embedded sample is exactly the first 4000 train / 1000 test digits
        LabeledImages sample = Mnist.embeddedSample(true);
        assertThat(sample.images().rawPixels()).isEqualTo(train.head(4000).images().rawPixels());
        assertThat(sample.rawLabels()).isEqualTo(Arrays.copyOf(train.rawLabels(), 4000));
        LabeledImages test = viaEnv(Mnist.builder().train(false), tmp).build().load();
        LabeledImages testSample = Mnist.embeddedSample(false);
        assertThat(testSample.images().rawPixels()).isEqualTo(test.head(1000).images().rawPixels());

        // and the generator reproduces the shipped content from the real files
        Path out = tmp.resolve("sample");
        EmbeddedSampleGenerator.generate(dataDir, out, 4000, 1000);
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            try (InputStream shipped = RealDataTest.class.getResourceAsStream("/io/github/mlplatform/datasets/mnist-sample/" + f)) {
                assertThat(IdxReader.read(out.resolve(f)).data())
                        .isEqualTo(IdxReader.read(shipped, f, null).data());
            }
        }

        // a limited load plus an NCHW iterator: every batch's labels are one-hot of the right class
        LabeledImages small = train.head(1000);
        ImageDataSetIterator it = new ImageDataSetIterator(small,
                IteratorConfig.DEFAULT.withBatchSize(128).withLayout(IteratorConfig.Layout.NCHW));
        int seen = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertThat(ds.getFeatures().size(1)).isEqualTo(1);
            assertThat(ds.getLabels().sum(1).minNumber().doubleValue()).isEqualTo(1.0);
            seen += (int) ds.getFeatures().size(0);
        }
        assertThat(seen).isEqualTo(1000);
    }

    @Test
    void fashionMnistTestSet(@TempDir Path tmp) throws IOException {
        LabeledImages test = viaEnv(FashionMnist.builder().train(false), tmp).verifyChecksums(true).build().load();
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.source().location()).isEqualTo(dataDir.resolve("fashion-mnist").toString());
        // Fashion-MNIST is balanced: 1000 test images per class
        assertThat(test.labelHistogram()).containsOnly(1000);
        assertThat(test.classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void tapestryOnTheRealDigitsMatchesTheEmbeddedSample(@TempDir Path tmp) throws IOException {
        LabeledImages train = mnistTrain(tmp);
        float[] real = Tapestry.of(train.images(), TapestryConfig.DEFAULT).materialize(5, 2000);
        float[] sample = Tapestry.of(Mnist.embeddedSample(true).images(), TapestryConfig.DEFAULT).materialize(5, 2000);
        assertThat(real).isEqualTo(sample);
    }
}
