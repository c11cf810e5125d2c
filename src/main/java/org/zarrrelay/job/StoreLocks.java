package org.zarrrelay.job;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per store inside this process, so an export never reads a region while a write-back
 * is replacing its chunks, and two write-backs never interleave. The lock is per store rather
 * than per array because one write-back rewrites every level of a pyramid and may create a label
 * image beside it. Across several workers the broker keeps one array's jobs in order (JMS groups).
 */
public final class StoreLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String store, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(store, k -> new ReentrantLock(true));
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
