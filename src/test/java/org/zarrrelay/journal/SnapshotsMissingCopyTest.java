package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.Store;

/**
 * A copy a snapshot took and the store has since lost is an error, never a key that was absent:
 * read as absent it would read as the fill value, and an undo would write that over the old voxels.
 */
class SnapshotsMissingCopyTest {
    @TempDir
    Path dir;

    @Test
    void aLostCopyIsAnErrorWhileAKeyThatWasAbsentStillReadsAsAbsent() {
        Store store = new FileSystemStore(dir);
        store.put("a/0", "old".getBytes(StandardCharsets.UTF_8));
        Snapshots s = Snapshots.take(store, "tx/t/before", List.of("a/0", "a/1"), ChunkExecutor.shared());
        store.delete("tx/t/before/0");  // removed outside the relay

        JournalException e = assertThrows(JournalException.class, () -> s.value("a/0"));
        assertTrue(e.getMessage().contains("the copy of a/0") && e.getMessage().contains("is missing"), e.getMessage());
        Store view = s.view();
        assertThrows(JournalException.class, () -> view.get("a/0"));
        assertThrows(JournalException.class, () -> view.getRange("a/0", 0, 1));
        assertThrows(JournalException.class, () -> view.getSuffix("a/0", 1));

        assertNull(s.value("a/1"), "absent when taken: no copy, reads as absent");
        assertNull(view.get("a/1"));
    }
}
