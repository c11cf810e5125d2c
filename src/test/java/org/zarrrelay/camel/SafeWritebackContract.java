package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.Volume;

/**
 * The safe write-back through serve, for every kind of store (each subclass runs it on one): a
 * result returned after another job changed its region is refused and nothing is written;
 * disjoint edits of two jobs in one chunk are both kept; an undo after a later disjoint edit keeps
 * that edit. The store is array "0" of "img.zarr", uint16 20x30x40 in 8^3 chunks.
 */
abstract class SafeWritebackContract {
    /** The running relay. */
    abstract RelayHarness h();

    /** Every voxel of the array now. */
    abstract Volume whole();

    /** Every stored value of the image (the relay's reserved folder left out), by key. */
    abstract Map<String, byte[]> image();

    @Test
    void aLostUpdateIsRefusedWithTheConflictingVoxelsAndTheJobAndNothingIsWritten() throws Exception {
        RelayHarness h = h();
        Volume c1 = h.exportNpy("c1", "0:16,0:24,0:32");
        Volume c2 = h.exportNpy("c2", "4:8,4:8,4:8");
        for (int i = 0; i < c2.elementCount(); i++) {
            c2.setLong(i, c2.getLong(i) + 1000);
        }
        h.giveBack("c2-done.npy", c2);
        h.awaitState("c2", JobStatus.WRITTEN_BACK);
        Map<String, byte[]> afterC2 = image();
        // c1's tool changed every voxel of its window (a filter)
        for (int i = 0; i < c1.elementCount(); i++) {
            c1.setLong(i, c1.getLong(i) + 7);
        }
        h.giveBack("c1-done.npy", c1);
        JobStatus s = h.awaitState("c1", JobStatus.CONFLICT);
        String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("c1-done.npy.error.txt")));
        assertTrue(reason.contains("64 voxel(s)") && reason.contains("4:8,4:8,4:8") && reason.contains("job c2")
                && reason.contains("Nothing was written") && reason.contains("on-conflict"), reason);
        assertTrue(s.message().contains("64 voxel(s)"), s.message());
        Map<String, byte[]> now = image();
        assertEquals(afterC2.keySet(), now.keySet());
        afterC2.forEach((key, bytes) -> assertArrayEquals(bytes, now.get(key), key + " is as c2 left it"));
    }

    @Test
    void disjointEditsOfTwoJobsInOneChunkAreBothKept() {
        RelayHarness h = h();
        // one chunk (8x8x8 at 8,8,8), exported twice; each job edits other voxels of it
        Volume original = whole();
        Volume a = h.exportNpy("m-a", "8:16,8:16,8:16");
        Volume b = h.exportNpy("m-b", "8:16,8:16,8:16");
        RelayHarness.set(a, 1, 1, 1, 60001);
        RelayHarness.set(a, 2, 3, 4, 60002);
        RelayHarness.set(b, 6, 6, 6, 60003);
        RelayHarness.set(b, 7, 0, 2, 60004);
        h.giveBack("m-a.npy", a);
        h.awaitState("m-a", JobStatus.WRITTEN_BACK);
        h.giveBack("m-b.npy", b);
        JobStatus s = h.awaitState("m-b", JobStatus.WRITTEN_BACK);
        assertTrue(s.message().contains("2 voxel(s) changed in the store since the export were kept"), s.message());
        Volume expected = original;
        RelayHarness.set(expected, 9, 9, 9, 60001);
        RelayHarness.set(expected, 10, 11, 12, 60002);
        RelayHarness.set(expected, 14, 14, 14, 60003);
        RelayHarness.set(expected, 15, 8, 10, 60004);
        assertArrayEquals(expected.data(), whole().data(), "both edits, and nothing else, changed");
    }

    @Test
    void anUndoRestoresOneJobsVoxelsAndKeepsALaterDisjointEdit() {
        RelayHarness h = h();
        Volume original = whole();
        Volume a = h.exportNpy("u-a", "0:8,16:24,24:32");
        Volume b = h.exportNpy("u-b", "0:8,16:24,24:32");
        RelayHarness.set(a, 0, 0, 0, 50001);
        RelayHarness.set(a, 5, 5, 5, 50002);
        RelayHarness.set(b, 7, 7, 7, 50003);
        h.giveBack("u-a.npy", a);
        h.awaitState("u-a", JobStatus.WRITTEN_BACK);
        h.giveBack("u-b.npy", b);
        h.awaitState("u-b", JobStatus.WRITTEN_BACK);

        h.request("undo-u-a.json", "{\"undo\": \"u-a\"}");
        JobStatus s = h.awaitState("u-a", JobStatus.UNDONE);
        assertTrue(s.message().contains("1 voxel(s) changed since by later jobs were kept"), s.message());
        Volume expected = original;
        RelayHarness.set(expected, 7, 23, 31, 50003);
        assertArrayEquals(expected.data(), whole().data(), "u-a's voxels are back, u-b's edit stays");
        assertTrue(Files.exists(h.folders.archive().resolve("undo-u-a.json")));
    }
}
