package org.zarrrelay.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.Store;

/** A set taken to be read: fingerprinted from what its view returns, the rest at completion, on record only then. */
class SnapshotsToReadTest {
    @TempDir
    Path dir;

    @Test
    void theIndexHoldsTheFingerprintOfEveryCopyAsTakenWhicheverWayItWasRead() {
        Store store = new FileSystemStore(dir);
        Random random = new Random(3);
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            byte[] v = new byte[1000 + random.nextInt(5000)];
            random.nextBytes(v);
            values.put("a/" + i, v);
            store.put("a/" + i, v);
        }
        List<String> keys = new ArrayList<>(values.keySet());
        keys.add("a/9");  // absent

        Snapshots s = Snapshots.takeToRead(store, "base/x", keys, ChunkExecutor.shared());
        Store view = s.view();
        assertArrayEquals(values.get("a/0"), view.get("a/0"));
        assertArrayEquals(values.get("a/1"), view.get("a/1"));
        assertArrayEquals(values.get("a/1"), view.get("a/1"));  // read twice
        byte[] part = view.getRange("a/2", 10, 20);  // a range: fingerprinted at completion
        assertEquals(20, part.length);
        assertNull(view.get("a/9"));
        store.put("a/0", new byte[] {1, 2, 3});  // replaced since: the copy keeps what was taken
        store.put("a/4", new byte[] {4, 5, 6});  // replaced before anything read it
        assertNull(Snapshots.read(store, "base/x"), "not on record before completion");
        assertThrows(IllegalStateException.class, () -> s.fingerprint("a/3"), "not fingerprinted yet");

        s.completeIndex(ChunkExecutor.shared());
        Snapshots onRecord = Snapshots.read(store, "base/x");
        for (String key : keys) {
            String expected = values.containsKey(key) ? FileSystemStore.fingerprintOf(values.get(key)) : null;
            assertEquals(expected, s.fingerprint(key), key);
            assertEquals(expected, onRecord.fingerprint(key), key + " in the index");
            assertEquals(true, onRecord.intact(key), key);
        }
        assertArrayEquals(values.get("a/4"), onRecord.value("a/4"));
    }
}
