package org.zarrrelay.zarr.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs fsyncs on several threads at once. A sync mostly waits for the disk, and syncs issued
 * together share the file system's journal commits and the disk's cache flushes, where syncs one
 * after another each wait for their own; so the threads are many more than the cores.
 */
final class ParallelSync {
    /** Enough to keep a disk's queue full; each thread only waits. */
    static final int THREADS = 16;
    /** Fewer items are synced one after another: starting threads would cost more than it saves. */
    static final int SERIAL_BELOW = 4;

    private ParallelSync() {
    }

    /** Applies {@code sync} to every item and returns when all are done; the first failure is rethrown. */
    static <T> void each(List<T> items, Consumer<T> sync) {
        if (items.size() < SERIAL_BELOW) {
            items.forEach(sync);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), r -> {
            Thread t = new Thread(r, "zarr-relay-fsync");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>(items.size());
            for (T item : items) {
                done.add(pool.submit(() -> sync.accept(item)));
            }
            for (Future<?> f : done) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while syncing the store's files to disk", e);
        }
    }
}
