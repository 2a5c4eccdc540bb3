package io.github.mlplatform.experiments.names;

import io.github.mlplatform.core.data.BatchIterator;
import io.github.mlplatform.datasets.text.ContextWindows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A fixed number of minibatches drawn uniformly with replacement from next-character examples
 * (makemore's {@code ix = torch.randint(0, Xtr.shape[0], (32,))}): features {@code [batch, block]}
 * (character indices as floats, what {@code Embedding} takes), labels one-hot {@code [batch, vocab]}.
 *
 * <p>The draws are a function of {@code (seed, epoch)} only, so a resumed run sees the same
 * minibatches as an uninterrupted one. Labels are made one-hot here rather than handed to
 * {@code Model} as class indices: the model would convert them on every step in Java, and this
 * loop takes a step every few hundred microseconds.
 *
 * <p><b>The arrays are reused:</b> every {@link #next()} writes into the same two arrays, so a
 * minibatch is valid until the next call (the {@code Trainer} is done with a batch when it asks
 * for the next; its executor copies placeholders into arrays of its own). Allocating two small
 * off-heap arrays per step cost about 0.3 s per 10,000 steps, some 5% of a training step
 * ({@code ml bench mlp-names}, "batches"). Copy a batch to keep it.
 */
final class RandomBatches extends BatchIterator {

    private final float[] contexts;  // [n * block], row-major
    private final int[] targets;
    private final int block;
    private final int vocab;
    private final int batch;
    private final int batches;
    private final long seed;
    private SplittableRandom rng;
    private int served;
    private final float[] xBuf;
    private final float[] yBuf;
    private INDArray x;
    private INDArray y;

    /**
     * @param data    the examples (checked: every index must be below {@code vocab})
     * @param vocab   number of classes
     * @param batch   examples per minibatch
     * @param batches minibatches in this pass
     * @param seed    the pass's seed, e.g. a function of the run's seed and the epoch
     */
    RandomBatches(ContextWindows data, int vocab, int batch, int batches, long seed) {
        this(flatten(data), data.targets(), data.blockSize(), vocab, batch, batches, seed);
    }

    private RandomBatches(float[] contexts, int[] targets, int block, int vocab, int batch, int batches, long seed) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("no examples to draw minibatches from");
        }
        this.contexts = contexts;
        this.targets = targets;
        this.block = block;
        this.vocab = vocab;
        this.batch = batch;
        this.batches = batches;
        this.seed = seed;
        this.xBuf = new float[batch * block];
        this.yBuf = new float[batch * vocab];
        reset();
    }

    /** The same examples with another pass length and seed (no copy of the data). */
    RandomBatches with(int newBatches, long newSeed) {
        return new RandomBatches(contexts, targets, block, vocab, batch, newBatches, newSeed);
    }

    static float[] flatten(ContextWindows data) {
        int block = data.blockSize();
        float[] out = new float[data.size() * block];
        for (int i = 0; i < data.size(); i++) {
            int[] c = data.contexts()[i];
            for (int t = 0; t < block; t++) {
                out[i * block + t] = c[t];
            }
        }
        return out;
    }

    /** The seed of 0-based {@code epoch}'s minibatches for a run seeded {@code seed}. */
    static long epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1));
    }

    @Override
    public boolean hasNext() {
        return served < batches;
    }

    @Override
    protected DataSet nextBatch() {
        served++;
        java.util.Arrays.fill(yBuf, 0f);
        int n = targets.length;
        for (int i = 0; i < batch; i++) {
            int ix = rng.nextInt(n);
            System.arraycopy(contexts, ix * block, xBuf, i * block, block);
            yBuf[i * vocab + targets[ix]] = 1f;
        }
        if (x == null) {
            x = Nd4j.create(xBuf, new long[]{batch, block}, 'c');
            y = Nd4j.create(yBuf, new long[]{batch, vocab}, 'c');
        } else {
            x.data().setData(xBuf);
            y.data().setData(yBuf);
        }
        return new DataSet(x, y);
    }

    @Override
    public long totalExamples() {
        return (long) batches * batch;
    }

    @Override
    public int inputColumns() {
        return block;
    }

    @Override
    public int totalOutcomes() {
        return vocab;
    }

    /** Starts the pass again, with the same draws. */
    @Override
    public void reset() {
        rng = new SplittableRandom(seed);
        served = 0;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("no pre-processing: features are character indices");
    }

    /** All examples as one {@link DataSet} (features {@code [n, block]}, labels one-hot), e.g. for evaluation. */
    static DataSet all(ContextWindows data, int vocab) {
        int n = data.size();
        INDArray x = Nd4j.create(flatten(data), new long[]{n, data.blockSize()}, 'c');
        float[] y = new float[n * vocab];
        for (int i = 0; i < n; i++) {
            y[i * vocab + data.targets()[i]] = 1f;
        }
        return new DataSet(x, Nd4j.create(y, new long[]{n, vocab}, 'c'));
    }
}
