package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * A data folder copied whole (cp -a) to another place is a relay of its own: a job exported by
 * the original and returned to the copy writes the copy's store, never the original's. Jobs record
 * their store relative to the store root, and the running relay resolves it under its own roots.
 */
class CopiedDataFolderTest {
    @TempDir
    Path dir;

    private static final String REQUEST = "{\"id\": \"cp-1\", \"store\": \"img.zarr\", \"array\": \"0\","
            + " \"region\": \"2:10,3:11,4:12\", \"format\": \"npy\"}";

    @Test
    void aReturnToTheCopyWritesTheCopysStore() throws Exception {
        Path a = dir.resolve("A");
        Path b = dir.resolve("B");
        try (RelayHarness h = new RelayHarness(a)) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("cp-1.json", REQUEST);
            h.awaitState("cp-1", JobStatus.EXPORTED);
        }
        TreeCopy.copy(a, b);
        Map<String, byte[]> original = RelayHarness.fingerprint(a.resolve("img.zarr"));

        try (RelayHarness h = new RelayHarness(b)) {
            Volume result = NpyReader.read(h.folders.exports().resolve("cp-1.npy"));
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 60000 + i % 100);
            }
            Path file = dir.resolve("cp-1-processed.npy");
            RelayHarness.writeNpy(file, result);
            h.returnFile("cp-1-processed.npy", file);
            JobStatus s = h.awaitState("cp-1", JobStatus.WRITTEN_BACK);
            assertTrue(s.message().contains("cp-1-processed.npy"), s.message());

            ZarrArray copy = ZarrArray.open(new FileSystemStore(b.resolve("img.zarr")), "0");
            assertArrayEquals(result.data(), copy.read(new long[] {2, 3, 4}, result.shape()).data(), "B's store is written");
        }
        Fingerprints.assertSame(original, RelayHarness.fingerprint(a.resolve("img.zarr")), "A's store");
    }
}
