package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Journal records damaged outside the relay (emptied by a power loss without sync, removed by hand)
 * are refused with a reason, never taken for records that say "nothing to do".
 */
class JournalDamageTest {
    @TempDir
    Path dir;

    private FileSystemStore store;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String text(String key) {
        byte[] v = store.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** A write-back of "new" over "old" in a/0, interrupted (not committed) unless {@code commit}. */
    private String writeBack(boolean commit) {
        store = new FileSystemStore(dir.resolve("s"));
        store.put("a/0", b("old"));
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        Transaction tx = journal.begin(Journal.WRITE_BACK, "job-1", null, "w", "f|1|1");
        tx.cover(List.of("a/0"));
        tx.durable();
        tx.store().put("a/0", b("new"));
        if (commit) {
            tx.commit(JsonNodeFactory.instance.objectNode(), false);
        }
        return ".zarr-relay/tx/" + tx.id();
    }

    @Test
    void anEmptyOrEntrylessIndexIsDamagedNotAnEmptySet() {
        store = new FileSystemStore(dir.resolve("i"));
        for (String index : new String[] {"", "{}", "{\"entries\": [{\"fingerprint\": null}]}"}) {
            store.put("set/index.json", b(index));
            JournalException e = assertThrows(JournalException.class, () -> Snapshots.read(store, "set"), index);
            assertTrue(e.getMessage().contains("set/index.json is damaged"), e.getMessage());
        }
        store.put("set/index.json", b("{\"entries\": []}"));
        assertTrue(Snapshots.read(store, "set").keys().isEmpty(), "an empty list is a set that holds nothing");
    }

    @Test
    void recoveryRefusesATransactionWhoseIndexIsDamagedAndKeepsIt() {
        String tx = writeBack(false);
        store.put(tx + "/before/index.json", new byte[0]);
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        assertThrows(JournalException.class, journal::recover);
        assertNotNull(store.get(tx + "/intent.json"), "the transaction is kept for whoever fixes it");
        assertEquals("new", text("a/0"), "nothing was rolled back on a guess");
    }

    @Test
    void recoveryWithoutAnIntentKeepsACommittedTransactionAndRefusesAnUncommittedOne() {
        String committed = writeBack(true);
        store.delete(committed + "/intent.json");
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        assertTrue(journal.recover().isEmpty());
        assertEquals(1, journal.history().size(), "the committed write-back stays in the history");

        String open = writeBack(false);
        store.delete(open + "/intent.json");
        Journal again = Journal.of(store, ChunkExecutor.shared());
        JournalException e = assertThrows(JournalException.class, again::recover);
        assertTrue(e.getMessage().contains("intent record") && e.getMessage().contains("by hand"), e.getMessage());
        assertNotNull(store.get(open + "/before/index.json"), "its undo data is kept");

        store.delete(open + "/before/index.json");
        store.deleteFolder(open);
        store.put(".zarr-relay/tx/20261201T000000000-aaaaaa~job-2/.zr-tmp-intent.json-1", b("{"));
        assertDoesNotThrow(again::recover, "a transaction that died writing its intent wrote nothing else");
        assertEquals(List.of(), store.list(".zarr-relay/tx/20261201T000000000-aaaaaa~job-2"));
    }

    @Test
    void aMergeBaseWhoseCreationTimeCannotBeReadIsKeptAndPruningGoesOn() {
        store = new FileSystemStore(dir.resolve("p"));
        store.put("a/0", b("v"));
        MergeBases.take(store, "damaged", List.of("a/0"), ChunkExecutor.shared());
        MergeBases.take(store, "old", List.of("a/0"), ChunkExecutor.shared());
        store.put(".zarr-relay/base/damaged/created", new byte[0]);
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        assertTrue(journal.pruneIfDue(Instant.now().plus(Duration.ofDays(30)), Duration.ofDays(7), Duration.ofHours(1)));
        assertNull(MergeBases.read(store, "old"), "an old base is pruned");
        assertNotNull(MergeBases.read(store, "damaged"), "a base of unknown age is kept");
    }
}
