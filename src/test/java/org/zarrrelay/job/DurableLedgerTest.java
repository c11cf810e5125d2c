package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With relay.fsync=true the embedded ledger's file is synced before a job's change returns, so a
 * power loss cannot take a job state the relay acted on; without it, H2 only writes the commit.
 * The file system under the ledger is watched ({@link SyncWatchingFiles}): written since its last
 * force means a power loss could lose it.
 */
class DurableLedgerTest {
    @TempDir
    Path data;

    private JdbcJobLedger open(boolean durable) {
        String url = JdbcJobLedger.h2Url(data).replace("jdbc:h2:file:", SyncWatchingFiles.urlPrefix());
        return new JdbcJobLedger(url, "", "", durable);
    }

    private static JobStatus status(String id, String state) {
        return new JobStatus(id, state, "s.zarr", "0", "0:2,0:2,0:2", "tiff", null, null);
    }

    @Test
    void aDurableLedgerHasSyncedEveryJobChangeWhenItReturns() {
        try (JdbcJobLedger ledger = open(true)) {
            assertTrue(ledger.recordNew(status("j1", JobStatus.ACCEPTED)));
            assertSynced("recordNew");
            ledger.record(status("j1", JobStatus.EXPORTED));
            assertSynced("record of an existing job");
            ledger.record(status("j2", JobStatus.ACCEPTED));
            assertSynced("record of a new job");
            ledger.saveJob(job("j1"));
            assertSynced("saveJob");
            ledger.record(status("j3", JobStatus.FAILED));
            assertSynced("record of a failure");
            assertTrue(ledger.retryFailed(status("j3", JobStatus.ACCEPTED)));
            assertSynced("retryFailed");
        }
    }

    @Test
    void withoutRelayFsyncTheLedgerWritesButDoesNotSync() {
        // the control: shows the watch sees H2's unsynced commits, so the test above can fail
        try (JdbcJobLedger ledger = open(false)) {
            assertTrue(ledger.recordNew(status("j1", JobStatus.ACCEPTED)));
            assertTrue(SyncWatchingFiles.unsyncedDatabaseUnder(data), "the commit was not seen being written");
            ledger.record(status("j1", JobStatus.EXPORTED));
            assertTrue(SyncWatchingFiles.unsyncedDatabaseUnder(data), "the commit was not seen being written");
        }
    }

    private void assertSynced(String change) {
        assertFalse(SyncWatchingFiles.unsyncedDatabaseUnder(data),
                change + " returned with the ledger's file written but not synced");
    }

    private static Job job(String id) {
        Manifest m = new Manifest(id, "s.zarr", "0", null, "0:2,0:2,0:2", new long[] {0, 0, 0}, new int[] {2, 2, 2},
                new boolean[3], new long[] {2, 2, 2}, "uint8", new int[] {2, 2, 2}, "tiff", id + ".tif", "00000000",
                null, null, null, "2026-12-01T00:00:00Z", ExportService.VERSION);
        return new Job(Job.EXPORT, m, new WritebackOptions(Cast.LOSSLESS, null, OnConflict.OVERWRITE), null, true, null);
    }
}
