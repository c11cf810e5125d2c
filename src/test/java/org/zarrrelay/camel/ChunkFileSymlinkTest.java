package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * A chunk file inside a store that is a symbolic link to a file outside it (here a chunk of a
 * store the relay may not read) is refused like a linked chunk folder: an export of its region
 * fails naming the key, and nothing read through the link reaches exports/. FileSystemStore checks
 * the folders of a key but not the key's own file, so today the export succeeds with the outside
 * store's voxels.
 */
class ChunkFileSymlinkTest {
    @TempDir
    Path dir;

    @Test
    void anExportThroughALinkedChunkFileIsRefused() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            RelayHarness.makeStore(dir, "secret.zarr", DataType.UINT16);
            Path chunk = h.data.resolve("img.zarr/0/c/0/0/0");
            Files.delete(chunk);
            Files.createSymbolicLink(chunk, dir.resolve("secret.zarr/0/c/0/0/0"));

            h.request("lf-1.json", "{\"id\": \"lf-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:8,0:8,0:8\", \"format\": \"npy\"}");
            JobStatus s = h.awaitStatus("lf-1", st -> !JobStatus.ACCEPTED.equals(st.state()), "finish");
            assertEquals(JobStatus.FAILED, s.state(), s.message());
            assertTrue(s.message().contains("0/c/0/0/0") && s.message().contains("symbolic link"), s.message());
            assertFalse(Files.exists(h.folders.exports().resolve("lf-1.npy")), "nothing read through the link is exported");
        }
    }
}
