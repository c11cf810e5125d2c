package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * What a relay that died mid-job leaves behind (a job recorded as accepted, its request kept under
 * spool/accepted/, or a queue message redelivered) is finished at the next start, not lost and
 * not refused as a duplicate; a request that had already run is not run again.
 */
class ResumeAfterCrashTest {
    @TempDir
    Path dir;

    private static final String REQUEST = "{\"id\": \"%s\", \"store\": \"img.zarr\", \"array\": \"0\","
            + " \"region\": \"0:4,0:4,0:4\", \"format\": \"npy\"}";

    /** The state a relay leaves when it dies after answering 202 and before the export. */
    private void leaveAccepted(String id) throws Exception {
        Path accepted = Files.createDirectories(dir.resolve("spool").resolve("accepted"));
        Files.writeString(accepted.resolve(id + ".json"), String.format(REQUEST, id));
        recordInLedger(id, JobStatus.ACCEPTED);
    }

    private void recordInLedger(String id, String state) {
        try (JdbcJobLedger ledger = new JdbcJobLedger(JdbcJobLedger.h2Url(dir), "", "")) {
            ledger.record(new JobStatus(id, state, "img.zarr", "0", "0:4,0:4,0:4", "npy", null, "before the crash",
                    "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "dead-worker/t", null, null));
        }
    }

    @Test
    void anAcceptedHttpRequestRunsAtTheNextStart() throws Exception {
        RelayHarness.makeStore(dir, "img.zarr", DataType.UINT8);
        leaveAccepted("posted-before-crash");
        try (RelayHarness h = new RelayHarness(dir)) {
            h.awaitState("posted-before-crash", JobStatus.EXPORTED);
            assertTrue(Files.exists(h.folders.exports().resolve("posted-before-crash.npy")));
            RelayHarness.await(h.folders.archive().resolve("posted-before-crash.json"));
            assertFalse(Files.exists(dir.resolve("spool/accepted/posted-before-crash.json")));
        }
    }

    @Test
    void anAcceptedHttpRequestThatFailsAtTheNextStartSaysToSendItAgain() throws Exception {
        // its store was removed while the relay was down
        leaveAccepted("store-gone");
        try (RelayHarness h = new RelayHarness(dir)) {
            h.awaitState("store-gone", JobStatus.FAILED);
            String why = Files.readString(RelayHarness.await(h.folders.failed().resolve("store-gone.json.error.txt")));
            assertTrue(why.contains("Fix the problem and send the request again (POST /api/requests)."), why);
        }
    }

    @Test
    void anAcceptedRequestThatHadRunIsArchivedNotRunAgain() throws Exception {
        RelayHarness.makeStore(dir, "img.zarr", DataType.UINT8);
        leaveAccepted("ran-before-crash");
        recordInLedger("ran-before-crash", JobStatus.EXPORTED);
        try (RelayHarness h = new RelayHarness(dir)) {
            RelayHarness.await(h.folders.archive().resolve("ran-before-crash.json"));
            assertEquals(JobStatus.EXPORTED, h.relay.jobs().find("ran-before-crash").state());
            assertEquals("before the crash", h.relay.jobs().find("ran-before-crash").message());
            assertFalse(Files.exists(h.folders.exports().resolve("ran-before-crash.npy")), "not exported again");
        }
    }

    @Test
    void aRedeliveredRequestOfAJobLeftAcceptedRuns() throws Exception {
        RelayHarness.makeStore(dir, "img.zarr", DataType.UINT8);
        recordInLedger("redelivered", JobStatus.ACCEPTED);
        recordInLedger("finished", JobStatus.EXPORTED);
        try (RelayHarness h = new RelayHarness(dir)) {
            h.request("again.json", String.format(REQUEST, "redelivered"));
            h.awaitState("redelivered", JobStatus.EXPORTED);
            h.request("twice.json", String.format(REQUEST, "finished"));
            RelayHarness.await(h.folders.failed().resolve("twice.json.error.txt"));
            assertTrue(Files.readString(h.folders.failed().resolve("twice.json.error.txt")).contains("already exists"));
        }
    }

    @Test
    void anUploadReceivedBeforeAStopIsWrittenBackAtTheNextStart() throws Exception {
        RelayHarness.makeStore(dir, "img.zarr", DataType.UINT8);
        org.zarrrelay.volume.Volume result;
        try (RelayHarness h = new RelayHarness(dir)) {
            h.request("up.json", String.format(REQUEST, "uploaded"));
            h.awaitState("uploaded", JobStatus.EXPORTED);
            result = org.zarrrelay.format.npy.NpyReader.read(h.folders.exports().resolve("uploaded.npy"));
        }
        // what PUT /api/jobs/uploaded/return keeps while it writes back, as a relay killed then leaves it
        result.setLong(0, 201);
        Path kept = Files.createDirectories(dir.resolve("spool/uploads/0b7e"));
        RelayHarness.writeNpy(kept.resolve("uploaded-upload.npy"), result);
        Files.writeString(kept.resolve("upload.json"), "{\"id\": \"uploaded\", \"options\": {}}");
        try (RelayHarness h = new RelayHarness(dir)) {
            h.awaitState("uploaded", JobStatus.WRITTEN_BACK);
            RelayHarness.await(h.folders.archive().resolve("uploaded-upload.npy"));
            // the upload is released after it is archived: give that step its moment
            RelayHarness.awaitGone(kept);
            assertEquals(201, org.zarrrelay.zarr.ZarrArray.open(new org.zarrrelay.zarr.store.FileSystemStore(
                    dir.resolve("img.zarr")), "0").read(new long[3], new int[] {1, 1, 1}).getLong(0));
        }
    }
}
