package io.github.mlplatform.datasets.pairs;

import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.LabeledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pairs of images of one split and whether they show the same class, as drawn by
 * {@link PairSampler#balanced}. A pair is served as one example of two channels: features
 * {@code [n, 2, rows, cols]} (channel 0 the first image, channel 1 the second, pixels {@code p / 255}
 * in [0, 1], float) and label {@code [n, 1]}: 1 for "same class", 0 for "different" (the target of a
 * binary cross-entropy).
 */
public final class ImagePairs {

    private final LabeledImages data;
    private final int[] first;
    private final int[] second;
    private final boolean[] same;

    ImagePairs(LabeledImages data, int[] first, int[] second, boolean[] same) {
        this.data = data;
        this.first = first;
        this.second = second;
        this.same = same;
    }

    /** The split the pairs index into. */
    public LabeledImages data() {
        return data;
    }

    /** Number of pairs. */
    public int size() {
        return first.length;
    }

    /** Index in {@link #data()} of pair {@code p}'s first image. */
    public int first(int p) {
        return first[p];
    }

    /** Index in {@link #data()} of pair {@code p}'s second image. */
    public int second(int p) {
        return second[p];
    }

    /** True when both images of pair {@code p} have the same label. */
    public boolean same(int p) {
        return same[p];
    }

    /** Number of "same" pairs. */
    public int sameCount() {
        int n = 0;
        for (boolean s : same) {
            n += s ? 1 : 0;
        }
        return n;
    }

    /**
     * Pairs {@code from} (inclusive) to {@code to} (exclusive) as {@code [to − from, 2, rows, cols]}
     * floats in [0, 1].
     *
     * @throws IndexOutOfBoundsException when the range is not within 0..size()
     */
    public INDArray features(int from, int to) {
        checkRange(from, to);
        ByteImages images = data.images();
        int px = images.pixelsPerImage();
        byte[] raw = images.rawPixels();
        float[] out = new float[(to - from) * 2 * px];
        for (int p = from; p < to; p++) {
            int base = (p - from) * 2 * px;
            copy(raw, first[p] * px, out, base, px);
            copy(raw, second[p] * px, out, base + px, px);
        }
        return Nd4j.create(out, new long[]{to - from, 2, images.rows(), images.cols()}, DataType.FLOAT);
    }

    /** Labels of pairs {@code from} to {@code to} (exclusive), {@code [to − from, 1]}: 1 same, 0 different. */
    public INDArray labels(int from, int to) {
        checkRange(from, to);
        float[] out = new float[to - from];
        for (int p = from; p < to; p++) {
            out[p - from] = same[p] ? 1f : 0f;
        }
        return Nd4j.create(out, new long[]{to - from, 1}, DataType.FLOAT);
    }

    /**
     * The pairs in order as batches of {@code batchSize} (the last one partial), the same every pass.
     *
     * @throws IllegalArgumentException when {@code batchSize < 1}
     */
    public BatchIterator iterator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        return new BatchIterator() {
            private int cursor;

            @Override
            public boolean hasNext() {
                return cursor < size();
            }

            @Override
            protected DataSet nextBatch() {
                int to = Math.min(size(), cursor + batchSize);
                DataSet d = new DataSet(features(cursor, to), labels(cursor, to));
                cursor = to;
                return d;
            }

            @Override
            public void reset() {
                cursor = 0;
            }

            @Override
            public int batch() {
                return batchSize;
            }

            @Override
            public int inputColumns() {
                return 2 * data.images().pixelsPerImage();
            }

            @Override
            public int totalOutcomes() {
                return 1;
            }

            @Override
            public long totalExamples() {
                return size();
            }
        };
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("pairs " + from + ".." + to + ": expected a range within 0.." + size());
        }
    }

    private static void copy(byte[] raw, int src, float[] out, int dst, int n) {
        for (int i = 0; i < n; i++) {
            out[dst + i] = (raw[src + i] & 0xFF) / 255f;
        }
    }

    @Override
    public String toString() {
        return "ImagePairs[" + size() + " pairs, " + sameCount() + " same, of " + data + "]";
    }
}
