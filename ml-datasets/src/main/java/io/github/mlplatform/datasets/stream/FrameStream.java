package io.github.mlplatform.datasets.stream;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A finite, lazily produced sequence of equally sized grey-scale frames, each a row-major
 * {@code float[frameHeight·frameWidth]} with values in [0,1]. Frames can be taken one at a time
 * ({@link #next()} or, without allocation, {@link #next(float[], int)}) or materialised in one block
 * ({@link #take(int)}), which is how the invariance experiment replays the first 10,000 frames each
 * epoch. Not thread-safe.
 */
public interface FrameStream extends Iterator<float[]> {

    /** Frame height in pixels. */
    int frameHeight();

    /** Frame width in pixels. */
    int frameWidth();

    /** Pixels per frame, {@code frameHeight · frameWidth}. */
    default int frameSize() {
        return frameHeight() * frameWidth();
    }

    /** Total number of frames the stream produces. */
    long size();

    /** Frames produced so far. */
    long position();

    @Override
    default boolean hasNext() {
        return position() < size();
    }

    /**
     * Writes the next frame into {@code dst[offset .. offset+frameSize())}.
     *
     * @throws NoSuchElementException when the stream is exhausted
     */
    void next(float[] dst, int offset);

    /** Writes the next frame into {@code dst[0 .. frameSize())}. */
    default void fill(float[] dst) {
        next(dst, 0);
    }

    /** The next frame as a new array. */
    @Override
    default float[] next() {
        float[] f = new float[frameSize()];
        next(f, 0);
        return f;
    }

    /**
     * The next {@code k} frames in one array {@code float[k · frameSize()]}, frame j at offset
     * {@code j · frameSize()} (the seed's {@code img_array.reshape(-1, sl**2)}).
     *
     * @throws IllegalArgumentException when fewer than {@code k} frames remain
     */
    default float[] take(int k) {
        if (k < 0 || k > size() - position()) {
            throw new IllegalArgumentException("k: " + k + " frames requested, " + (size() - position()) + " remain");
        }
        long total = (long) k * frameSize();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("k: " + k + " frames of " + frameSize() + " floats exceed an array");
        }
        float[] out = new float[(int) total];
        for (int j = 0; j < k; j++) {
            next(out, j * frameSize());
        }
        return out;
    }

    /** The remaining frames as a sequential {@link Stream} of new arrays. */
    default Stream<float[]> stream() {
        long remaining = size() - position();
        return StreamSupport.stream(Spliterators.spliterator(this, remaining,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }
}
