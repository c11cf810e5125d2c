package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * A 0-byte file in the inbox or in returns is taken and parked with a reason saying it is empty.
 * Before, Camel's "changed" read lock never took a file shorter than readLockMinLength (1 byte by
 * default), so an empty file, left by an editor that crashed or a copy that failed, sat in its
 * folder forever with nothing said about it.
 */
class EmptyInputTest {
    @TempDir
    static Path dir;
    static RelayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new RelayHarness(dir.resolve("data"));
        h.makeStore("img.zarr", DataType.UINT16);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void anEmptyRequestIsParkedAndItsStatusSaysFailed() throws Exception {
        RelayHarness.drop(h.folders.inbox(), "x.json", new byte[0]);
        String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("x.json.error.txt")));
        assertTrue(reason.contains("the request is empty (0 bytes)"), reason);
        assertTrue(Files.exists(h.folders.failed().resolve("x.json")), "the request itself is in failed/");
        assertFalse(Files.exists(h.folders.inbox().resolve("x.json")));
        JobStatus s = h.awaitState("failed-x", JobStatus.FAILED);
        assertTrue(s.message().contains("empty"), s.message());
    }

    @Test
    void anEmptyReturnIsParkedWithItsReason() throws Exception {
        exportTiff("y");
        RelayHarness.drop(h.folders.returns(), "y.tif", new byte[0]);
        String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("y.tif.error.txt")));
        assertTrue(reason.contains("the file is empty (0 bytes)"), reason);
        assertTrue(Files.exists(h.folders.failed().resolve("y.tif")));
        assertFalse(Files.exists(h.folders.returns().resolve("y.tif")));
        assertEquals(JobStatus.EXPORTED, h.status.read("y").state(), "the job's export can still be returned");
    }

    /** An empty return is noted in its job's status, like every other refused return. */
    @Test
    void anEmptyReturnIsNotedInItsJobsStatus() throws Exception {
        exportTiff("z");
        RelayHarness.drop(h.folders.returns(), "z.tif", new byte[0]);
        RelayHarness.await(h.folders.failed().resolve("z.tif.error.txt"));
        JobStatus s = h.awaitMessage("z", "empty");
        assertEquals(JobStatus.EXPORTED, s.state(), "the job's export can still be returned");
        assertTrue(s.message().contains("z.tif was refused"), s.message());
    }

    private static void exportTiff(String id) {
        h.request(id + ".json", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\","
                + " \"region\": \"0:4,0:4,0:4\", \"format\": \"tiff\"}");
        h.awaitState(id, JobStatus.EXPORTED);
    }
}
