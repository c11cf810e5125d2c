package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/** Issue 13: the S3 inbox takes X.JSON, so the folder inbox takes it too (what Windows tools often save). */
class InboxUpperCaseTest {
    @TempDir
    Path dir;

    @Test
    void aRequestNamedInCapitalsIsTaken() throws Exception {
        try (RelayHarness h = new RelayHarness(dir)) {
            h.makeStore("img.zarr", DataType.UINT8);
            h.request("CELLS-9.JSON", "{\"id\": \"cells-9\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\"}");
            h.awaitState("cells-9", JobStatus.EXPORTED);
            assertTrue(Files.exists(h.folders.archive().resolve("CELLS-9.JSON")));
        }
    }
}
