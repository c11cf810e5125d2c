package org.zarrrelay.job;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.Recovered;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.Store;
import org.zarrrelay.zarr.store.StoreException;

/**
 * One lock per store, taken by everything that reads or writes a store's region (export,
 * write-back, undo), so an export never reads a half-written region and two write-backs never
 * interleave. Per store rather than per array, because one write-back rewrites every level of a
 * pyramid and may create a label image beside it. Three layers, taken in this order:
 * <ol>
 * <li>a lock in memory, for the threads of this process;</li>
 * <li>a row lock in the job ledger, for every worker sharing it (PostgreSQL);</li>
 * <li>for a store on disk, an OS lock on {@code .zarr-relay/lock} inside it, for every process on
 *     the machine whatever ledger it uses (a CLI import, a relay on a copied data folder).</li>
 * </ol>
 * Then, before any work, whatever an interrupted process left in the store's journal is finished
 * or rolled back, and what it found is handed to the recovery listener.
 */
public final class StoreLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Jobs jobs;
    private final BiConsumer<Journal, Recovered> recovered;

    /** @param recovered told of each interrupted transaction found when a store is locked, with its journal */
    public StoreLocks(Jobs jobs, BiConsumer<Journal, Recovered> recovered) {
        this.jobs = jobs;
        this.recovered = recovered;
    }

    /** @param location the store's resolved location, the same for every worker */
    public <T> T with(String location, Store store, ChunkExecutor executor, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(location, k -> new ReentrantLock(true));
        lock.lock();
        try (JobLedger.Lock shared = jobs.lock("store:" + location); DiskLock onDisk = lockOnDisk(location)) {
            Journal journal = Journal.of(store, executor);
            List<Recovered> found = journal.recover();
            found.forEach(r -> recovered.accept(journal, r));
            return work.get();
        } catch (IOException e) {
            throw new StoreException("cannot release the lock of " + location + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** An OS lock on a file; closing releases it and closes the file. */
    private record DiskLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static DiskLock lockOnDisk(String location) {
        if (S3Location.isS3(location)) {
            return null;
        }
        Path file = Path.of(location).resolve(StoreArea.LOCK);
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new DiskLock(ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("cannot lock the store " + location + " (" + file + ": " + e.getMessage() + "):"
                    + " zarr-relay writes its journal and lock inside the store, so the store must be writable", e);
        }
    }
}
