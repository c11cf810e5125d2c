package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;

/** The embedded H2 ledger under a data folder, plus the errors a wrong URL gives. */
class JdbcJobLedgerTest extends JobLedgerContract {
    @TempDir
    Path data;

    @Override
    protected JdbcJobLedger openLedger() {
        return new JdbcJobLedger(JdbcJobLedger.h2Url(data), "", "");
    }

    /**
     * A ledger file that H2 2.3.232 wrote during CLI benchmark runs (fixtures/ledger): with that
     * version, the next job recorded in it vanished when the ledger closed (the compaction on close
     * lost the last chunk, h2database issue 4247), so the job's import later failed with "has no
     * export". The ledger must open it, keep what it holds, and keep what is recorded next.
     */
    @Test
    void aJobRecordedInALedgerFileOfTheOldH2SurvivesClosing() throws Exception {
        Path ledgerFile = data.resolve("ledger").resolve("jobs.mv.db");
        Files.createDirectories(ledgerFile.getParent());
        try (InputStream in = getClass().getResourceAsStream("/fixtures/ledger/h2-2.3.232-drops-next-commit.mv.db")) {
            Files.copy(in, ledgerFile);
        }
        JobStatus next = new JobStatus("20261201-110000-next1", JobStatus.ACCEPTED, "bench.zarr", "", "0:1,0:1,0:1", "npy",
                null, "recorded after the old version's last write");
        try (JdbcJobLedger ledger = openLedger()) {
            assertEquals(52, ledger.countByState().values().stream().mapToLong(Long::longValue).sum());
            assertTrue(ledger.recordNew(next));
        }
        try (JdbcJobLedger ledger = openLedger()) {
            assertNotNull(ledger.find(next.id()), "the job recorded before closing is gone");
            assertNotNull(ledger.find("20261201-102159-9bkmx"), "the file's oldest job is gone");
            assertEquals(53, ledger.countByState().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /**
     * As CLI job commands use it: open, record a job, close, again and again. Closing compacts the
     * file only briefly (h2Url), but enough that it does not grow with every command: without the
     * compaction (MAX_COMPACT_TIME=0) these 60 commands left 1.4 MB.
     */
    @Test
    void shortOpensThatEachRecordAJobKeepTheFileSmall() throws Exception {
        for (int i = 0; i < 60; i++) {
            try (JdbcJobLedger ledger = openLedger()) {
                JobStatus s = new JobStatus("cli-" + i, JobStatus.ACCEPTED, "s.zarr", "0", "0:64,0:64,0:64", "npy", null,
                        "recorded by command " + i);
                assertTrue(ledger.recordNew(s));
                ledger.record(new JobStatus(s.id(), JobStatus.EXPORTED, "s.zarr", "0", "0:64,0:64,0:64", "npy",
                        "exports/cli-" + i + ".npy", "exported"));
            }
        }
        long size = Files.size(data.resolve("ledger").resolve("jobs.mv.db"));
        assertTrue(size < 1 << 20, "60 short opens left a ledger file of " + size + " bytes");
        try (JdbcJobLedger ledger = openLedger()) {
            assertEquals(60L, ledger.countByState().get(JobStatus.EXPORTED));
        }
    }

    @Test
    void aUrlWithoutADriverSaysWhatToDo() {
        RelayException e = assertThrows(RelayException.class, () -> new JdbcJobLedger("jdbc:nosuch:thing", "", ""));
        assertTrue(e.getMessage().contains("relay.ledger.url"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:nosuch:thing"), e.getMessage());
    }
}
