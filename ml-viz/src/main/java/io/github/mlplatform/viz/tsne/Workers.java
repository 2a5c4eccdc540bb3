package io.github.mlplatform.viz.tsne;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool that runs a loop over [0, n) in a fixed number of contiguous chunks. The
 * chunking does not depend on the thread count, so results that are combined per chunk in chunk
 * order are the same for any number of threads.
 */
final class Workers implements AutoCloseable {

    /** A body over the index range [from, to) of chunk {@code chunk}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int chunk, int from, int to);
    }

    private static final AtomicInteger POOL_ID = new AtomicInteger();
    private final ExecutorService pool;
    private final int threads;

    Workers(int threads) {
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (this.threads == 1) {
            pool = null;
        } else {
            int id = POOL_ID.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(this.threads, r -> {
                Thread t = new Thread(r, "tsne-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) split into {@code chunks} contiguous ranges; waits for all. */
    void forRange(int n, int chunks, RangeBody body) {
        int c = Math.max(1, Math.min(chunks, n));
        if (pool == null || c == 1) {
            for (int k = 0; k < c; k++) {
                body.run(k, (int) ((long) n * k / c), (int) ((long) n * (k + 1) / c));
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(c);
        for (int k = 0; k < c; k++) {
            int chunk = k;
            int from = (int) ((long) n * k / c);
            int to = (int) ((long) n * (k + 1) / c);
            futures.add(pool.submit(() -> body.run(chunk, from, to)));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("t-SNE interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
