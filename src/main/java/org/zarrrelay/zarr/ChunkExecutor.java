package org.zarrrelay.zarr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * Runs every task and waits for all; the first failure is rethrown and the remaining tasks are
     * skipped. Tasks are pulled from a shared counter by one worker per thread, the caller being
     * one of them, so a call costs a handful of hand-offs rather than one per chunk.
     */
    public void runAll(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks.size() && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    tasks.get(i).run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        int helpers = Math.min(threads, tasks.size()) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new ZarrException("chunk processing failed: " + t, t);
        }
    }
}
