package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aUrlWithoutADriverSaysWhatToDo() {
        RelayException e = assertThrows(RelayException.class, () -> new JdbcJobLedger("jdbc:nosuch:thing", "", ""));
        assertTrue(e.getMessage().contains("relay.ledger.url"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:nosuch:thing"), e.getMessage());
    }
}
