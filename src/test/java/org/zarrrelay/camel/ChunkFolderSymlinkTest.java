package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A chunk folder inside a store that was replaced, after an export, by a symbolic link to a
 * folder outside the store: the write-back into that region is refused with a reason, and neither
 * the store nor anything outside it changes, not even the chunks of the region that lie in real
 * folders (the write-back is all or nothing).
 */
class ChunkFolderSymlinkTest {
    @TempDir
    Path dir;

    @Test
    void aWriteBackThroughALinkedChunkFolderIsRefused() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            // chunks are 8^3 and keys "0/c/z/y/x": this region lies in c/0/0/0 and c/1/0/0
            h.request("ln-1.json", "{\"id\": \"ln-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"4:12,0:8,0:8\", \"format\": \"npy\"}");
            h.awaitState("ln-1", JobStatus.EXPORTED);

            // the folder of the chunks with z index 1 now lies outside the store, looking just as before
            Path store = h.data.resolve("img.zarr");
            Path outside = Files.createDirectories(dir.resolve("elsewhere"));
            Path linked = store.resolve("0/c/1");
            TreeCopy.copy(linked, outside.resolve("1"));
            TreeCopy.delete(linked);
            Files.createSymbolicLink(linked, outside.resolve("1"));
            Map<String, byte[]> storeBefore = RelayHarness.fingerprint(store);
            Map<String, String> outsideBefore = Fingerprints.tree(outside);

            Volume result = NpyReader.read(h.folders.exports().resolve("ln-1.npy"));
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 1000 + i % 7);
            }
            Path file = dir.resolve("ln-1-processed.npy");
            RelayHarness.writeNpy(file, result);
            h.returnFile("ln-1-processed.npy", file);

            String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("ln-1-processed.npy.error.txt")));
            assertTrue(reason.contains("outside the store, through a symbolic link"), reason);
            assertTrue(reason.contains("0/c/1/0/0"), "the reason names the key: " + reason);
            assertEquals(JobStatus.EXPORTED, h.awaitMessage("ln-1", "refused").state());
            assertEquals(outsideBefore, Fingerprints.tree(outside), "nothing outside the store changed");
            Fingerprints.assertSame(storeBefore, RelayHarness.fingerprint(store), "the store");
        }
    }
}
