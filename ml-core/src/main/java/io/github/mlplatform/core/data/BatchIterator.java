package io.github.mlplatform.core.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The part of ND4J's {@link DataSetIterator} that every in-memory batch source of this platform
 * shares: batches of a fixed size served one by one ({@code next(num)} is not supported), a reset
 * that starts the same pass again, an optional pre-processor applied to each batch, no async
 * prefetching. A subclass says whether a batch is left ({@link #hasNext()}), makes it
 * ({@link #nextBatch()}), and knows its sizes; {@link #of(List)} and {@link #repeat(DataSet, int)}
 * cover fixed batches.
 */
public abstract class BatchIterator implements DataSetIterator, CountedIterator {

    private DataSetPreProcessor preProcessor;

    /** The next batch, before the pre-processor; called only when {@link #hasNext()} is true. */
    protected abstract DataSet nextBatch();

    @Override
    public final DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all batches of this pass were served (reset() starts it again)");
        }
        DataSet d = nextBatch();
        if (preProcessor != null) {
            d = new DataSet(d.getFeatures(), d.getLabels());   // the pre-processor must not change the source's batch
            preProcessor.preProcess(d);
        }
        return d;
    }

    /** @throws UnsupportedOperationException always: batches have a fixed size */
    @Override
    public final DataSet next(int num) {
        throw new UnsupportedOperationException("next(num): batches have a fixed size (" + batch() + "); use next()");
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** No label names: labels are class indices or one-hot rows. */
    @Override
    public List<String> getLabels() {
        return null;
    }

    /** Serves {@code batches} in order, every pass the same (a non-empty list of the same-width batches). */
    public static BatchIterator of(List<DataSet> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("batches: expected at least one");
        }
        List<DataSet> list = List.copyOf(batches);
        return new BatchIterator() {
            private int cursor;

            @Override
            public boolean hasNext() {
                return cursor < list.size();
            }

            @Override
            protected DataSet nextBatch() {
                return list.get(cursor++);
            }

            @Override
            public void reset() {
                cursor = 0;
            }

            @Override
            public int batch() {
                return list.get(0).numExamples();
            }

            @Override
            public int inputColumns() {
                DataSet d = list.get(0);
                return (int) (d.getFeatures().length() / d.numExamples());
            }

            @Override
            public int totalOutcomes() {
                return (int) list.get(0).getLabels().size(1);
            }

            @Override
            public long totalExamples() {
                return list.stream().mapToLong(DataSet::numExamples).sum();
            }
        };
    }

    /** Serves the same batch {@code times} times per pass (benchmarks: no data loading is measured). */
    public static BatchIterator repeat(DataSet batch, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times: expected at least 1, got " + times);
        }
        return of(java.util.Collections.nCopies(times, batch));
    }
}
