package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Exports follow relay.fsync: without it the job records the machine's boot, and a result of that
 * job returned after a restart (when the unsynced export may have been torn) is refused.
 */
class UnsyncedExportTest {
    @TempDir
    Path dir;

    private Job export(boolean fsync, String id) {
        ZarrArray a = ZarrArray.create(new FileSystemStore(dir.resolve("img.zarr")), "",
                NewArray.of(3, new long[] {8, 16, 16}, new int[] {4, 8, 8}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 8, 16, 16);
        for (int i = 0; i < 8 * 16 * 16; i++) {
            v.setLong(i, i);
        }
        a.write(new long[] {0, 0, 0}, v);
        ArrayOpener opener = new ArrayOpener(fsync, ChunkExecutor.shared());
        return new ExportService(ExportService.DEFAULT_SLAB_BYTES, opener).exportJob(new RegionRequest(id, "img.zarr", "",
                "0:8,0:16,0:16", Formats.byName("npy"), null, null, WritebackOptions.NONE), "img.zarr", location(),
                dir.resolve(id + ".npy"), Progress.NONE);
    }

    private String location() {
        return dir.resolve("img.zarr").toAbsolutePath().toString();
    }

    /** The job's result: every voxel plus one. */
    private Path result(String id) {
        Path file = dir.resolve(id + "-result.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {8, 16, 16})) {
            Volume v = Volume.allocate(DataType.UINT16, 8, 16, 16);
            for (int i = 0; i < 8 * 16 * 16; i++) {
                v.setLong(i, i + 1);
            }
            w.writeSlab(v);
            w.commit();
        }
        return file;
    }

    private void writeBack(Job job, Path file) {
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        new WriteBack(new WritebackService(), false, "test").run(job, opener.store(location()), opener.executor(location()),
                file, WritebackOptions.NONE, null, Progress.NONE);
    }

    private long voxel(int z, int y, int x) {
        return ZarrArray.open(new FileSystemStore(dir.resolve("img.zarr")), "").read(new long[] {z, y, x}, new int[] {1, 1, 1})
                .getLong(0);
    }

    @Test
    void aSyncedExportRecordsNoBoot() {
        assertNull(export(true, "s").unsyncedBoot());
    }

    @Test
    void anUnsyncedExportsResultIsWrittenBackInTheSameBoot() {
        Job job = export(false, "u");
        assertEquals(MachineBoot.id(), job.unsyncedBoot(), "on Linux the boot is known: " + MachineBoot.id());
        writeBack(job, result("u"));
        assertEquals(1 + 5 * 256 + 3 * 16 + 2, voxel(5, 3, 2));
    }

    @Test
    void afterARestartAnUnsyncedExportsResultIsRefusedAndNothingIsWritten() throws Exception {
        Job exported = export(false, "r");
        Job afterRestart = new Job(exported.kind(), exported.manifest(), exported.options(), exported.target(),
                exported.hasBase(), "a-boot-before-the-restart");
        Path file = result("r");
        byte[] before = Files.readAllBytes(dir.resolve("img.zarr/c/1/0/0"));
        RequestException e = assertThrows(RequestException.class, () -> writeBack(afterRestart, file));
        assertTrue(e.getMessage().contains("not synced") && e.getMessage().contains("restarted")
                && e.getMessage().contains("Export the region again") && e.getMessage().contains("relay.fsync=true"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("img.zarr/c/1/0/0")), "the store is untouched");
        assertEquals(5 * 256 + 3 * 16 + 2, voxel(5, 3, 2));
    }
}
