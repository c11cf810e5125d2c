package org.zarrrelay.zarr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs per-chunk work on a bounded pool of daemon threads, one per core by default: decoding is
 * CPU-bound, so more threads than cores only add memory. Shared by all arrays of a process.
 */
public final class ChunkExecutor {
    private static final ChunkExecutor DEFAULT = new ChunkExecutor(Runtime.getRuntime().availableProcessors());

    private final ExecutorService pool;
    private final int threads;

    public ChunkExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a chunk pool needs at least one thread, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zarr-chunk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static ChunkExecutor shared() {
        return DEFAULT;
    }

    public int threads() {
        return threads;
    }

    /** Runs every task and waits for all; the first failure is rethrown and the rest are cancelled. */
    public void runAll(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        for (Runnable t : tasks) {
            futures.add(pool.submit(t));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ZarrException("interrupted while processing chunks", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ZarrException("chunk processing failed: " + cause, cause);
        }
    }
}
