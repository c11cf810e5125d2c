package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.ForwardingStore;
import org.zarrrelay.zarr.store.Store;

/**
 * How much undo data a transaction keeps is written into its commit record where the store's
 * fingerprints record lengths (on disk), so {@code info}, {@code history} and {@code /metrics} do
 * not read every transaction's copy indexes; elsewhere (S3's ETags) the copies are counted.
 */
class JournalUndoBytesTest {
    @TempDir
    Path dir;

    /** Replaces 1000 bytes in c/0 with 300 and writes 200 new bytes to c/1: 1500 bytes of copies. */
    private static TxSummary writeBack(Store store) {
        store.put("c/0", new byte[1000]);
        Transaction tx = Journal.of(store, ChunkExecutor.shared()).begin(Journal.WRITE_BACK, "j", null, "w", null);
        tx.cover(List.of("c/0", "c/1"));
        tx.durable();
        tx.store().put("c/0", new byte[300]);
        tx.store().put("c/1", new byte[200]);
        return tx.commit(JsonNodeFactory.instance.objectNode(), false);
    }

    @Test
    void onDiskTheCommitRecordSaysHowMuchUndoDataThereIsAndTheHistoryReadsNoIndex() {
        Store store = new FileSystemStore(dir.resolve("s"));
        TxSummary committed = writeBack(store);
        assertEquals(1500L, committed.undoBytes(), "before: 1000 (c/1 was absent); after: 300 + 200");

        Journal journal = Journal.of(store, ChunkExecutor.shared());
        TxEntry entry = journal.history().get(0);
        assertEquals(1500L, entry.summary().undoBytes(), "read back from the commit record");
        for (String part : List.of(Journal.BEFORE, Journal.AFTER)) {
            store.delete(StoreArea.tx(committed.tx()) + "/" + part + "/" + Snapshots.INDEX);
        }
        assertEquals(1500, journal.undoBytes(entry), "counted from the commit record, with the copies' indexes gone");
    }

    @Test
    void whereFingerprintsHoldNoLengthTheCopiesAreCounted() {
        Store store = new ForwardingStore(new FileSystemStore(dir.resolve("s"))) {
            @Override
            public long lengthIn(String fingerprint) {
                return -1;  // as an S3 ETag: the length has to be asked for
            }
        };
        TxSummary committed = writeBack(store);
        assertNull(committed.undoBytes(), "not recorded: it would cost a request per copy at commit");

        Journal journal = Journal.of(store, ChunkExecutor.shared());
        assertEquals(1500, journal.undoBytes(journal.history().get(0)), "counted from the copies");
    }

    @Test
    void aCommitRecordWithoutTheCountOrWithFieldsUnknownHereIsStillRead() {
        Store store = new FileSystemStore(dir.resolve("s"));
        TxSummary committed = writeBack(store);
        String commit = StoreArea.tx(committed.tx()) + "/" + Journal.COMMIT;
        ObjectNode record = (ObjectNode) Json.parse(store.get(commit), commit);
        record.remove("undoBytes");  // as zarr-relay wrote it before it recorded the count
        record.put("recordedByALaterVersion", 7);
        store.put(commit, Json.bytes(record));

        Journal journal = Journal.of(store, ChunkExecutor.shared());
        TxEntry entry = journal.history().get(0);
        assertNull(entry.summary().undoBytes());
        assertEquals(1500, journal.undoBytes(entry), "counted from the copies");
    }
}
