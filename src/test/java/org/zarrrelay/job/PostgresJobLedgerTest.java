package org.zarrrelay.job;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.zarrrelay.RelayException;

/**
 * The same ledger contract on a real PostgreSQL server, the database several workers share. It
 * needs a server, so it runs when RELAY_TEST_POSTGRES_URL names one (.ci/run starts a throwaway
 * cluster and sets it: jdbc:postgresql://127.0.0.1:55432/relay, user relay, password relay).
 */
@EnabledIfEnvironmentVariable(named = "RELAY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresJobLedgerTest extends JobLedgerContract {
    private static final String URL = System.getenv("RELAY_TEST_POSTGRES_URL");
    private boolean emptied;

    @Override
    protected JdbcJobLedger openLedger() {
        if (!emptied) {
            try (var c = DriverManager.getConnection(URL, "relay", "relay"); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS relay_jobs");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot empty the test database " + URL + ": " + e.getMessage(), e);
            }
            emptied = true;
        }
        return new JdbcJobLedger(URL, "relay", "relay");
    }

    @Test
    void aWrongPasswordSaysWhichSettingToFix() {
        RelayException e = assertThrows(RelayException.class, () -> new JdbcJobLedger(URL, "relay", "wrong"));
        assertTrue(e.getMessage().contains("relay.ledger.password"), e.getMessage());
    }
}
