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

    @Test
    void aUrlWithoutADriverSaysWhatToDo() {
        RelayException e = assertThrows(RelayException.class, () -> new JdbcJobLedger("jdbc:nosuch:thing", "", ""));
        assertTrue(e.getMessage().contains("relay.ledger.url"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:nosuch:thing"), e.getMessage());
    }
}
