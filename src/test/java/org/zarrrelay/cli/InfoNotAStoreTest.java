package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Issue 13: info --store on a folder that is not a store (the data folder, a home directory)
 * walked the whole tree and printed an empty summary with status 0. It says the folder is not a
 * store, what to pass instead, and fails, before reading anything below the folder.
 */
class InfoNotAStoreTest {
    @TempDir
    Path dir;

    private void makeStore(Path store) {
        FileSystemStore s = new FileSystemStore(store);
        Hierarchy.createGroup(s, "", 3, org.zarrrelay.zarr.Json.MAPPER.createObjectNode());
        ZarrArray.create(s, "0", NewArray.of(3, new long[] {4, 4, 4}, new int[] {2, 2, 2}, DataType.UINT8, "zstd:1")
                .toMetadata());
    }

    @Test
    void aFolderHoldingStoresNamesThem() throws Exception {
        Path data = dir.resolve("data");
        makeStore(data.resolve("sample.zarr"));
        Files.createDirectories(data.resolve("inbox/deep/er"));
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("info", "--store", data.toString());
        assertEquals(ErrorReporter.USER_ERROR, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "no summary");
        assertTrue(r.err().contains("is not a Zarr store: it has no zarr.json, .zarray, .zgroup at its top"), r.err());
        assertTrue(r.err().contains("Stores in it: " + data.resolve("sample.zarr") + ": pass one of those"), r.err());
        assertEquals(0, ExportImportCommandTest.runAsIs("info", "--store", data.resolve("sample.zarr").toString()).status());
    }

    @Test
    void aStoreWithoutMetadataAtItsTopIsStillAStore() throws Exception {
        // as `create --array labels/0` (v3) or `create --array raw` (v2) leave it: arrays below, nothing at the top
        Path v3 = dir.resolve("v3.zarr");
        ZarrArray.create(new FileSystemStore(v3), "labels/0", NewArray.of(3, new long[] {4, 4, 4}, new int[] {2, 2, 2},
                DataType.UINT16, "zstd:1").toMetadata());
        Path v2 = dir.resolve("v2.zarr");
        ZarrArray.create(new FileSystemStore(v2), "raw", NewArray.of(2, new long[] {4, 4, 4}, new int[] {2, 2, 2},
                DataType.INT16, "zstd:1").toMetadata());
        for (Path store : new Path[] {v3, v2}) {
            ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("info", "--store", store.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains(store.equals(v3) ? "labels/0" : "raw"), r.out());
        }
    }

    @Test
    void aFolderInsideAStoreNamesTheStore() throws Exception {
        Path store = dir.resolve("img.zarr");
        makeStore(store);
        Path chunks = Files.createDirectories(store.resolve("0/c/1"));
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("info", "--store", chunks.toString());
        assertEquals(ErrorReporter.USER_ERROR, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("It is inside the store " + store + ": pass that"), r.err());
    }

    @Test
    void aFolderWithNoStoreNearSaysWhatAStoreIs() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("photos/2024"));
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("info", "--store", plain.getParent().toString());
        assertEquals(ErrorReporter.USER_ERROR, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Pass the folder that holds zarr.json (Zarr v3) or .zarray / .zgroup (Zarr v2)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }
}
