package org.zarrrelay.job;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per store, so an export never reads a region while a write-back is replacing its
 * chunks, and two write-backs never interleave. The lock is per store rather than per array
 * because one write-back rewrites every level of a pyramid and may create a label image beside
 * it. Threads of this process wait on a lock in memory; workers in other processes are kept out
 * by the ledger's lock of the same store, taken next.
 */
public final class StoreLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Jobs jobs;

    public StoreLocks(Jobs jobs) {
        this.jobs = jobs;
    }

    /** @param store the store's resolved location, the same for every worker */
    public <T> T with(String store, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(store, k -> new ReentrantLock(true));
        lock.lock();
        try (JobLedger.Lock shared = jobs.lock("store:" + store)) {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
