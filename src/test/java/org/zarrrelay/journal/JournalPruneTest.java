package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.zarrrelay.zarr.store.ForwardingStore;

/**
 * Committed transactions stay in the history; their undo data and old merge bases are removed once
 * older than the cutoff, and the history says so.
 */
class JournalPruneTest {
    @TempDir
    Path dir;

    @Test
    void pruningKeepsTheHistoryAndDropsTheUndoDataAndOldBases() {
        FileSystemStore store = new FileSystemStore(dir.resolve("s"));
        store.put("a/0", "old".getBytes(StandardCharsets.UTF_8));
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        MergeBases.take(store, "job-1", List.of("a/0"), ChunkExecutor.shared());
        Transaction tx = journal.begin(Journal.WRITE_BACK, "job-1", null, "w", "f|1|1");
        tx.cover(List.of("a/0"));
        tx.durable();
        tx.store().put("a/0", "new".getBytes(StandardCharsets.UTF_8));
        tx.commit(JsonNodeFactory.instance.objectNode(), false);
        assertTrue(journal.undoBytes(journal.history().get(0)) > 0);
        assertNotNull(MergeBases.read(store, "job-1"));

        journal.prune(Instant.parse("2000-01-01T00:00:00Z"));
        assertFalse(journal.history().get(0).pruned(), "nothing is older than 2000");

        journal.prune(Instant.now().plusSeconds(60));
        TxEntry e = journal.history().get(0);
        assertTrue(e.pruned());
        assertEquals(0, journal.undoBytes(e));
        assertEquals("job-1", e.summary().job());
        assertNull(journal.before(e.summary().tx()), "the undo data is gone");
        assertNull(MergeBases.read(store, "job-1"), "the merge base is gone");
        assertEquals("new", new String(store.get("a/0"), StandardCharsets.UTF_8), "the data is untouched");
    }

    @Test
    void aPruneCutShortLeavesTheTransactionMarkedPrunedAndTheNextOneRemovesTheRest() {
        FileSystemStore disk = new FileSystemStore(dir.resolve("k"));
        for (int i = 0; i < 4; i++) {
            disk.put("a/" + i, ("old " + i).getBytes(StandardCharsets.UTF_8));
        }
        Journal journal = Journal.of(disk, ChunkExecutor.shared());
        Transaction tx = journal.begin(Journal.WRITE_BACK, "job-3", null, "w", "f|1|1");
        tx.cover(List.of("a/0", "a/1", "a/2", "a/3"));
        tx.durable();
        for (int i = 0; i < 4; i++) {
            tx.store().put("a/" + i, ("new " + i).getBytes(StandardCharsets.UTF_8));
        }
        tx.commit(JsonNodeFactory.instance.objectNode(), false);
        String id = journal.history().get(0).summary().tx();
        String undoData = ".zarr-relay/tx/" + id + "/";

        // the process dies after removing two files of the undo data
        int[] deletes = {0};
        ForwardingStore dying = new ForwardingStore(disk) {
            @Override
            public void delete(String key) {
                if (++deletes[0] > 2) {
                    throw new IllegalStateException("killed");
                }
                inner.delete(key);
            }
        };
        assertThrows(IllegalStateException.class, () -> Journal.of(dying, ChunkExecutor.shared())
                .prune(Instant.now().plusSeconds(60)));
        assertFalse(disk.list(undoData + "before").isEmpty() && disk.list(undoData + "after").isEmpty(),
                "the prune stopped with undo data left");
        TxEntry cut = journal.history().get(0);
        assertTrue(cut.pruned(), "marked pruned before anything was removed: an undo is refused, not tried on half the data");
        assertEquals(0, journal.undoBytes(cut));

        journal.prune(Instant.now().plusSeconds(60));
        assertEquals(List.of(), disk.list(undoData + "before"), "the next prune removes what was left");
        assertEquals(List.of(), disk.list(undoData + "after"));
        for (int i = 0; i < 4; i++) {
            assertEquals("new " + i, new String(disk.get("a/" + i), StandardCharsets.UTF_8), "the data is untouched");
        }
    }

    @Test
    void pruningIsDueOnceAnHourWhoeverPrunedLast() {
        FileSystemStore store = new FileSystemStore(dir.resolve("s"));
        store.put("a/0", "v".getBytes(StandardCharsets.UTF_8));
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        Duration keep = Duration.ofDays(7);
        Duration every = Duration.ofHours(1);
        MergeBases.take(store, "job-1", List.of("a/0"), ChunkExecutor.shared());
        assertTrue(Journal.of(store, ChunkExecutor.shared()).pruneIfDue(t0, keep, every), "never pruned: due");
        assertNotNull(MergeBases.read(store, "job-1"), "a base made now is younger than 7 days");

        // another process (a new Journal on the same store) 10 minutes later, with the base now too old
        Instant later = Instant.now().plus(Duration.ofDays(8));
        assertFalse(Journal.of(store, ChunkExecutor.shared()).pruneIfDue(t0.plus(Duration.ofMinutes(10)),
                Duration.between(t0, later).negated(), every), "pruned 10 minutes ago by someone: not due");
        assertNotNull(MergeBases.read(store, "job-1"), "left alone while not due");

        assertTrue(Journal.of(store, ChunkExecutor.shared()).pruneIfDue(later, keep, every), "over an hour since: due");
        assertNull(MergeBases.read(store, "job-1"), "pruned: the base is older than 7 days by then");
        assertFalse(Journal.of(store, ChunkExecutor.shared()).pruneIfDue(later.plusSeconds(60), keep, every));

        store.put(".zarr-relay/pruned-at", "not a time".getBytes(StandardCharsets.UTF_8));
        assertTrue(Journal.of(store, ChunkExecutor.shared()).pruneIfDue(later.plusSeconds(120), keep, every),
                "an unreadable record: due");
        assertEquals(later.plusSeconds(120).toString(), new String(store.get(".zarr-relay/pruned-at"), StandardCharsets.UTF_8));
    }

    @Test
    void recoveryRollsBackWhatWasNotCommittedAndReportsIt() {
        FileSystemStore store = new FileSystemStore(dir.resolve("r"));
        store.put("a/0", "old".getBytes(StandardCharsets.UTF_8));
        Journal journal = Journal.of(store, ChunkExecutor.shared());
        Transaction tx = journal.begin(Journal.WRITE_BACK, "job-2", null, "w", "f|1|1");
        tx.cover(List.of("a/0", "a/1"));
        tx.durable();
        tx.store().put("a/0", "new".getBytes(StandardCharsets.UTF_8));
        tx.store().put("a/1", "created".getBytes(StandardCharsets.UTF_8));
        // the process dies here: nothing more happens to this transaction
        List<Recovered> found = Journal.of(store, ChunkExecutor.shared()).recover();
        assertEquals(1, found.size());
        assertFalse(found.get(0).committed());
        assertEquals("job-2", found.get(0).intent().job());
        assertEquals("old", new String(store.get("a/0"), StandardCharsets.UTF_8));
        assertNull(store.get("a/1"), "a key that did not exist is removed again");
        assertEquals(List.of(), store.children(".zarr-relay/tx"), "the transaction is gone");
        assertEquals(List.of(), Journal.of(store, ChunkExecutor.shared()).recover(), "recovering twice finds nothing");
    }
}
