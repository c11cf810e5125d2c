package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.ConcurrentChangeException;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.ForwardingStore;
import org.zarrrelay.zarr.store.Store;

/**
 * A rolled-back transaction puts back exactly what it wrote: a key another writer replaced (so
 * that the conditional put was refused) or changed before the transaction got to it keeps the
 * other writer's value, while a key it wrote is restored, also when the store refused a retry of
 * a put whose first attempt had succeeded. Runs on disk through a store that checks If-Match
 * the way S3 does.
 */
class TransactionRollbackTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRollbackLeavesKeysAnotherWriterChangedAndRestoresTheOnesItWrote() {
        ServerLike store = new ServerLike(new FileSystemStore(dir.resolve("s")));
        for (String k : List.of("c/0", "c/1", "c/2")) {
            store.put(k, b("old " + k));
        }
        Transaction tx = Journal.of(store, ChunkExecutor.shared()).begin(Journal.WRITE_BACK, "j", null, "w", null);
        tx.cover(List.of("c/0", "c/1", "c/2"));
        tx.durable();
        store.outsideWriteBeforePut.put("c/1", b("other tool's c/1"));
        Store writer = tx.store();
        writer.put("c/0", b("result c/0"));
        assertThrows(ConcurrentChangeException.class, () -> writer.put("c/1", b("result c/1")));
        store.put("c/2", b("other tool's c/2"));  // changed before the transaction wrote it

        tx.rollback();

        assertArrayEquals(b("old c/0"), store.get("c/0"), "what the transaction wrote is put back");
        assertArrayEquals(b("other tool's c/1"), store.get("c/1"), "a refused key keeps the other writer's value");
        assertArrayEquals(b("other tool's c/2"), store.get("c/2"), "a key never written is not touched");
        assertEquals(List.of(), store.list(StoreArea.ROOT + "/tx"));
    }

    @Test
    void aPutRefusedOnlyBecauseItsOwnFirstAttemptSucceededCountsAsWrittenAndIsRolledBack() {
        ServerLike store = new ServerLike(new FileSystemStore(dir.resolve("s")));
        store.put("c/0", b("old"));
        Transaction tx = Journal.of(store, ChunkExecutor.shared()).begin(Journal.WRITE_BACK, "j", null, "w", null);
        tx.cover(List.of("c/0"));
        tx.durable();
        store.answerLost.add("c/0");

        tx.store().put("c/0", b("result"));

        assertEquals(Set.of("c/0"), tx.written());
        tx.rollback();
        assertArrayEquals(b("old"), store.get("c/0"));
    }

    /**
     * A disk store whose conditional puts are checked as S3 checks If-Match, with two things that
     * happen to S3 writes: another tool replaces a key just before the put, or the put succeeds, its
     * answer is lost, and the client's retry is refused.
     */
    private static final class ServerLike extends ForwardingStore {
        final Map<String, byte[]> outsideWriteBeforePut = new ConcurrentHashMap<>();
        final Set<String> answerLost = ConcurrentHashMap.newKeySet();

        ServerLike(FileSystemStore disk) {
            super(disk);
        }

        @Override
        public String putIf(String key, byte[] value, String expected) {
            byte[] outside = outsideWriteBeforePut.remove(key);
            if (outside != null) {
                inner.put(key, outside);
            }
            String now = inner.fingerprint(key);
            if (expected == null ? now != null : !expected.equals(now)) {
                throw new ConcurrentChangeException(key + " is " + now + ", not " + expected);
            }
            String fp = inner.putIf(key, value, expected);
            if (answerLost.remove(key)) {
                throw new ConcurrentChangeException(key + " is " + fp + " (the retry of a put that succeeded)");
            }
            return fp;
        }
    }
}
