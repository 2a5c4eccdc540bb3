package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.data.BatchIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The batches of one epoch over in-memory arrays, like PyTorch's {@code DataLoader}: consecutive
 * slices of {@code batchSize} rows (the last one may be smaller), in the data's order or, when
 * shuffling, in a permutation drawn from {@code seed + epoch}. Also a {@link DataSetIterator} for
 * ml-core's {@code Trainer}.
 */
public final class Batches extends BatchIterator {

    private final List<DataSet> batches;
    private final int batchSize;
    private final long total;
    private int cursor;

    /** Batches of {@code x [n, in]} and {@code y [n, out]} for the given epoch. */
    public Batches(INDArray x, INDArray y, int batchSize, boolean shuffle, long seed, int epoch) {
        if (x.rank() != 2 || y.rank() != 2 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("x and y: expected [n, in] and [n, out] with the same n, got "
                    + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(y.shape()));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        int n = (int) x.size(0);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        this.batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            long[] idx = new long[to - from];
            for (int k = from; k < to; k++) {
                idx[k - from] = order[k];
            }
            INDArray xi = Nd4j.pullRows(x, 1, toInt(idx));
            INDArray yi = Nd4j.pullRows(y, 1, toInt(idx));
            batches.add(new DataSet(xi, yi));
        }
        this.batchSize = batchSize;
        this.total = n;
    }

    private static int[] toInt(long[] a) {
        int[] o = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = (int) a[i];
        }
        return o;
    }

    /** The batches as (features, labels) pairs. */
    public List<DataSet> list() {
        return List.copyOf(batches);
    }

    @Override
    public long totalExamples() {
        return total;
    }

    @Override
    public int inputColumns() {
        return (int) batches.get(0).getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) batches.get(0).getLabels().size(1);
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
    public boolean hasNext() {
        return cursor < batches.size();
    }

    @Override
    protected DataSet nextBatch() {
        DataSet d = batches.get(cursor++);
        return new DataSet(d.getFeatures(), d.getLabels());
    }
}
