package io.github.mlplatform.datasets.iterator;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.LabeledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A DL4J/ND4J {@link DataSetIterator} over {@link LabeledImages}: mini-batches of features
 * ({@code [B, rows·cols]} or {@code [B, 1, rows, cols]}, scaled per {@link IteratorConfig}) and one-hot
 * labels {@code [B, numClasses]}.
 *
 * <p>Order: with shuffling, epoch {@code e} visits the examples in a Fisher-Yates permutation drawn
 * from {@code new SplittableRandom(seed · 0x9E3779B97F4A7C15 + e)}; the first pass is epoch 0 and
 * each {@link #reset()} starts the next epoch, so a run is reproducible and every epoch differs
 * (PyTorch's DataLoader with a seeded generator; {@link #setEpoch(int)} is DistributedSampler's
 * {@code set_epoch}). Batches are filled as a Java {@code float[]} (or {@code double[]}) through a
 * 256-entry lookup table and handed to ND4J with one {@code Nd4j.create} per array.
 */
public final class ImageDataSetIterator implements DataSetIterator, io.github.mlplatform.core.data.CountedIterator {

    private static final long serialVersionUID = 1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final transient LabeledImages data;
    private final IteratorConfig config;
    private final int n;
    private final int pixels;
    private final int numClasses;
    private final float[] lutF = new float[256];
    private final double[] lutD = new double[256];
    private final int[] order;
    private int epoch;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    public ImageDataSetIterator(LabeledImages data, IteratorConfig config) {
        if (data == null || config == null) {
            throw new IllegalArgumentException("data and config must not be null");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("data: no examples to iterate over");
        }
        this.data = data;
        this.config = config;
        this.n = data.size();
        this.pixels = data.images().pixelsPerImage();
        this.numClasses = data.numClasses();
        for (int p = 0; p < 256; p++) {
            lutD[p] = config.scale(p);
            lutF[p] = (float) lutD[p];
        }
        this.order = new int[n];
        arrange();
    }

    /** An iterator with the default configuration and the given batch size. */
    public ImageDataSetIterator(LabeledImages data, int batchSize) {
        this(data, IteratorConfig.DEFAULT.withBatchSize(batchSize));
    }

    /** The configuration. */
    public IteratorConfig config() {
        return config;
    }

    /** The current epoch (0 for the first pass). */
    public int epoch() {
        return epoch;
    }

    /** Starts epoch {@code e} from its beginning (its order depends only on seed and {@code e}). */
    public void setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        this.epoch = e;
        arrange();
    }

    /** The order of example indices in the current epoch (a copy). */
    public int[] order() {
        return order.clone();
    }

    /** Examples in one pass (for progress bars): all, or only whole batches with dropLast. */
    @Override
    public long totalExamples() {
        return config.dropLast() ? (long) batchesPerEpoch() * config.batchSize() : n;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int b = config.batchSize();
        return config.dropLast() ? n / b : (n + b - 1) / b;
    }

    private void arrange() {
        cursor = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (config.shuffle()) {
            SplittableRandom rng = new SplittableRandom(config.seed() * GOLDEN + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return config.dropLast() ? cursor + config.batchSize() <= n : cursor < n;
    }

    @Override
    public DataSet next() {
        return next(config.batchSize());
    }

    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished; call reset() for the next one");
        }
        int b = Math.min(num, n - cursor);
        DataSet ds = batch(order, cursor, b);
        cursor += b;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Builds the batch of examples {@code indices[from .. from+count)}. */
    private DataSet batch(int[] indices, int from, int count) {
        byte[] px = data.images().rawPixels();
        byte[] labels = data.rawLabels();
        ByteImages im = data.images();
        long[] fShape = config.layout() == IteratorConfig.Layout.FLAT
                ? new long[] {count, pixels} : new long[] {count, 1, im.rows(), im.cols()};
        long[] lShape = {count, numClasses};
        INDArray features;
        INDArray oneHot;
        if (config.dataType() == DataType.DOUBLE) {
            double[] f = new double[count * pixels];
            double[] l = new double[count * numClasses];
            for (int k = 0; k < count; k++) {
                int idx = indices[from + k];
                int src = idx * pixels;
                int dst = k * pixels;
                for (int j = 0; j < pixels; j++) {
                    f[dst + j] = lutD[px[src + j] & 0xFF];
                }
                l[k * numClasses + (labels[idx] & 0xFF)] = 1.0;
            }
            features = Nd4j.create(f, fShape, DataType.DOUBLE);
            oneHot = Nd4j.create(l, lShape, DataType.DOUBLE);
        } else {
            float[] f = new float[count * pixels];
            float[] l = new float[count * numClasses];
            for (int k = 0; k < count; k++) {
                int idx = indices[from + k];
                int src = idx * pixels;
                int dst = k * pixels;
                for (int j = 0; j < pixels; j++) {
                    f[dst + j] = lutF[px[src + j] & 0xFF];
                }
                l[k * numClasses + (labels[idx] & 0xFF)] = 1.0f;
            }
            features = Nd4j.create(f, fShape, DataType.FLOAT);
            oneHot = Nd4j.create(l, lShape, DataType.FLOAT);
            if (config.dataType() != DataType.FLOAT) {
                features = features.castTo(config.dataType());
                oneHot = oneHot.castTo(config.dataType());
            }
        }
        return new DataSet(features, oneHot);
    }

    /** All examples in index order as one DataSet (e.g. a test set for evaluation). */
    public DataSet all() {
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return batch(identity, 0, n);
    }

    @Override
    public int inputColumns() {
        return pixels;
    }

    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (reshuffled from seed and the new epoch number). */
    @Override
    public void reset() {
        epoch++;
        arrange();
    }

    @Override
    public int batch() {
        return config.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return new ArrayList<>(data.classNames());
    }
}
