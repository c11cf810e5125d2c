package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.tiff.TiffFormat;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * A result returned after the store changed under its region: changes that do not collide are
 * merged voxel by voxel (also inside one chunk), collisions refuse the whole write-back with a
 * reason and a conflict mask, and "on-conflict": "overwrite" lets the result win.
 */
class ConflictMergeTest extends SafeWritebackContract {
    @TempDir
    static Path dir;
    static RelayHarness h;
    static final int[] WHOLE = {20, 30, 40};

    @BeforeAll
    static void start() throws Exception {
        h = new RelayHarness(dir.resolve("data"));
        h.makeStore("img.zarr", DataType.UINT16);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Override
    RelayHarness h() {
        return h;
    }

    @Override
    Volume whole() {
        return array().read(new long[3], WHOLE);
    }

    @Override
    java.util.Map<String, byte[]> image() {
        return RelayHarness.fingerprint(dir.resolve("data/img.zarr"));
    }

    static ZarrArray array() {
        return ZarrArray.open(new FileSystemStore(dir.resolve("data/img.zarr")), "0");
    }

    @Test
    void aConflictLeavesAMaskBesideTheFileAndOverwriteLetsTheResultWin() throws Exception {
        Volume k1 = h.exportNpy("k1", "0:16,0:24,0:32");
        Volume k2 = h.exportNpy("k2", "4:8,4:8,4:8");
        // k2 adds 1000 everywhere in its region and is written back first
        for (int i = 0; i < k2.elementCount(); i++) {
            k2.setLong(i, k2.getLong(i) + 1000);
        }
        h.giveBack("k2-done.npy", k2);
        h.awaitState("k2", JobStatus.WRITTEN_BACK);
        Volume afterK2 = whole();
        // k1's tool changed every voxel (a filter over the whole window)
        for (int i = 0; i < k1.elementCount(); i++) {
            k1.setLong(i, k1.getLong(i) + 7);
        }
        h.giveBack("k1-done.npy", k1);
        JobStatus s = h.awaitState("k1", JobStatus.CONFLICT);
        String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("k1-done.npy.error.txt")));
        assertTrue(reason.contains("64 voxel(s)") && reason.contains("4:8,4:8,4:8") && reason.contains("job k2")
                && reason.contains("on-conflict"), reason);
        assertTrue(s.message().contains("64 voxel(s)"), s.message());
        assertArrayEquals(afterK2.data(), whole().data(), "nothing of k1 was written: k2's edit is intact");
        try (VolumeReader mask = new TiffFormat().open(h.folders.failed().resolve("k1-done.npy.conflict.tif"))) {
            assertArrayEquals(new long[] {16, 24, 32}, mask.shape());
            Volume m = mask.readSlab(0, 16);
            long marked = 0;
            for (int i = 0; i < m.elementCount(); i++) {
                marked += m.getLong(i) == 255 ? 1 : 0;
            }
            assertEquals(64, marked, "the mask marks exactly the conflicting voxels");
            assertEquals(255, m.getLong(m.index(4, 4, 4)));
            assertEquals(0, m.getLong(m.index(3, 4, 4)));
        }

        // the user decides k1 wins: the same file again, with the option in a sidecar written first
        Files.writeString(h.folders.returns().resolve("k1-done.npy.json"), "{\"on-conflict\": \"overwrite\"}");
        h.giveBack("k1-done.npy", k1);
        s = h.awaitState("k1", JobStatus.WRITTEN_BACK);
        assertTrue(s.message().contains("64 conflicting voxel(s) were overwritten"), s.message());
        Volume region = array().read(new long[3], new int[] {16, 24, 32});
        assertArrayEquals(k1.data(), region.data(), "the result won everywhere in its region");
    }

    @Test
    void anUndoThatWouldLoseALaterChangeIsRefused() throws Exception {
        Volume a = h.exportNpy("x-a", "10:18,0:8,0:8");
        Volume b = h.exportNpy("x-b", "10:18,0:8,0:8");
        RelayHarness.set(a, 3, 3, 3, 40001);
        RelayHarness.set(b, 3, 3, 3, 40002);
        h.giveBack("x-a.npy", a);
        h.awaitState("x-a", JobStatus.WRITTEN_BACK);
        Files.writeString(h.folders.returns().resolve("x-b.npy.json"), "{\"on-conflict\": \"overwrite\"}");
        h.giveBack("x-b.npy", b);
        h.awaitState("x-b", JobStatus.WRITTEN_BACK);
        Volume before = whole();

        h.request("undo-x-a.json", "{\"undo\": \"x-a\"}");
        String text = readReason("undo-x-a.json");
        assertTrue(text.contains("1 voxel(s)") && text.contains("job x-b"), text);
        assertEquals(JobStatus.WRITTEN_BACK, h.status.read("x-a").state());
        assertArrayEquals(before.data(), whole().data(), "a refused undo writes nothing");
        assertTrue(Files.exists(h.folders.failed().resolve("undo-x-a.json.conflict.tif")));
    }

    @Test
    void aSecondResultForAWrittenBackJobNeedsAnUndoFirst() throws Exception {
        Volume a = h.exportNpy("twice-a", "12:16,20:24,0:4");
        RelayHarness.set(a, 0, 0, 0, 30001);
        h.giveBack("twice-a.npy", a);
        h.awaitState("twice-a", JobStatus.WRITTEN_BACK);
        Volume afterFirst = whole();
        RelayHarness.set(a, 0, 0, 0, 30002);
        h.giveBack("twice-a-v2.npy", a);
        String text = readReason("twice-a-v2.npy");
        assertTrue(text.contains("written back already") && text.contains("undo"), text);
        assertArrayEquals(afterFirst.data(), whole().data());
        String status = h.status.read("twice-a").message();
        for (int i = 0; i < 200 && !status.contains("twice-a-v2.npy was refused"); i++) {  // recorded just after the park
            Thread.sleep(50);
            status = h.status.read("twice-a").message();
        }
        assertTrue(status.endsWith("the write-back done before stands") && !status.contains("fix it and return it again"),
                status);

        h.request("undo-twice-a.json", "{\"undo\": \"twice-a\"}");
        h.awaitState("twice-a", JobStatus.UNDONE);
        h.giveBack("twice-a-v3.npy", a);
        h.awaitState("twice-a", JobStatus.WRITTEN_BACK);
        assertEquals(30002, whole().getLong(whole().index(12, 20, 0)));
    }

    private static String readReason(String name) {
        try {
            return Files.readString(RelayHarness.await(h.folders.failed().resolve(name + ".error.txt")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
