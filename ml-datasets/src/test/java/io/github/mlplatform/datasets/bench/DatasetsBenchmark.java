package io.github.mlplatform.datasets.bench;

import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.datasets.stream.Tapestry;
import io.github.mlplatform.datasets.stream.TapestryConfig;

import java.util.Locale;

/**
 * Not a test: fixed-input timings of the data path (MNIST load, one DataSetIterator epoch of batch 64
 * NCHW float32, materialising 10,000 tapestry frames). Prints one line per figure. Run with
 * ML_DATA_DIR set (see ml-datasets/README.md for the command).
 */
public final class DatasetsBenchmark {

    private DatasetsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = 3;
        LabeledImages train = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            train = Mnist.builder().download(false).build().load();
            print("mnist train load (60000, gz, header checks)", (System.nanoTime() - t0) / 1e9, "s");
        }
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Mnist.builder().download(false).verifyChecksums(true).build().load();
            print("mnist train load with SHA-256", (System.nanoTime() - t0) / 1e9, "s");
        }
        ImageDataSetIterator it = new ImageDataSetIterator(train,
                IteratorConfig.DEFAULT.withBatchSize(64).withLayout(IteratorConfig.Layout.NCHW));
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (it.hasNext()) {
                n += it.next().getFeatures().size(0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            print("iterator epoch, batch 64 NCHW float32", n / s, "samples/s");
            it.reset();
        }
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            float[] frames = Tapestry.of(train.images(), TapestryConfig.DEFAULT).materialize(0, 10_000);
            print("tapestry build + 10000 frames (" + frames.length + " floats)", (System.nanoTime() - t0) / 1e9, "s");
        }
    }

    private static void print(String what, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%-50s %12.3f %s", what, value, unit));
    }
}
