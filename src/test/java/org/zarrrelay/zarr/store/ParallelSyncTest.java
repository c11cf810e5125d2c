package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelSyncTest {
    @TempDir
    Path dir;

    @Test
    void syncsEveryItemOnSeveralThreadsAtOnce() throws InterruptedException {
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        Set<Integer> synced = ConcurrentHashMap.newKeySet();
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        // the first four syncs wait for each other: this returns only if they ran at the same time
        CountDownLatch together = new CountDownLatch(4);
        ParallelSync.each(items, i -> {
            if (i < 4) {
                together.countDown();
                awaitQuietly(together);
            }
            threads.add(Thread.currentThread().getId());
            synced.add(i);
        });
        assertEquals(Set.copyOf(items), synced);
        assertEquals(0, together.getCount());
        assertTrue(threads.size() >= 4, "threads used: " + threads);
    }

    @Test
    void aFewItemsAreSyncedOnTheCallersThread() {
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        ParallelSync.each(List.of(1, 2, 3), i -> threads.add(Thread.currentThread().getId()));
        assertEquals(Set.of(Thread.currentThread().getId()), threads);
    }

    @Test
    void aFailedSyncIsRethrownAsItself() {
        StoreException failure = new StoreException("cannot sync c/0/0");
        StoreException thrown = assertThrows(StoreException.class,
                () -> ParallelSync.each(List.of(1, 2, 3), i -> {
                    if (i == 2) {
                        throw failure;
                    }
                }));
        assertSame(failure, thrown);
    }

    @Test
    void aStoreSyncsWrittenAndDeletedKeysInManyFolders() {
        FileSystemStore store = new FileSystemStore(dir.resolve("s"));
        List<String> keys = IntStream.range(0, 40).mapToObj(i -> "c/" + (i % 5) + "/" + i).toList();
        for (String key : keys) {
            store.put(key, new byte[] {1, 2, 3});
        }
        store.delete(keys.get(7));
        store.sync(keys);
        assertEquals(39, keys.stream().filter(k -> store.get(k) != null).count());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first syncs did not run at the same time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
