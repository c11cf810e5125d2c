package org.zarrrelay.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.zarrrelay.RelayException;
import org.zarrrelay.zarr.Json;

/**
 * The job ledger in a SQL database over plain JDBC: an embedded H2 file by default, PostgreSQL when
 * several workers share it. The SQL is the subset both understand; each job is one row holding its
 * status as JSON, with the columns queries need beside it. One connection, used under a lock, is
 * plenty for a few state changes per job.
 */
public final class JdbcJobLedger implements JobLedger {
    private static final String TABLE = "relay_jobs";
    private static final String LOCKS = "relay_locks";
    private static final String INPUTS = "relay_inputs";

    private final String url;
    private final String user;
    private final String password;
    private final boolean syncEachChange;
    private Connection connection;

    public JdbcJobLedger(String url, String user, String password) {
        this(url, user, password, false);
    }

    /**
     * @param durable true (relay.fsync) to have an H2 ledger sync its file to disk after each change
     *                of a job, before the change returns: H2 writes a commit to its file, but does not
     *                sync it, so a power loss could take a job state that the relay had acted on.
     *                PostgreSQL syncs its log at commit by default, so there it changes nothing.
     */
    public JdbcJobLedger(String url, String user, String password, boolean durable) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.syncEachChange = durable && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        synchronized (this) {
            try (Statement st = connection().createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(64) PRIMARY KEY, state VARCHAR(32) NOT NULL,"
                        + " created VARCHAR(40), updated VARCHAR(40), document VARCHAR(1000000) NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_state ON " + TABLE + " (state, updated)");
                // TEXT: H2 and PostgreSQL both take it, without VARCHAR's length limit (a job record
                // of a large export lists many chunks)
                st.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS record TEXT");
                st.execute("CREATE TABLE IF NOT EXISTS " + LOCKS + " (name VARCHAR(1000) PRIMARY KEY)");
                st.execute("CREATE TABLE IF NOT EXISTS " + INPUTS + " (input VARCHAR(2000) PRIMARY KEY, worker VARCHAR(400),"
                        + " claimed BIGINT NOT NULL)");
            } catch (SQLException e) {
                throw failure("cannot create the jobs table", e);
            }
        }
    }

    /**
     * The embedded ledger of a data folder. AUTO_SERVER lets the CLI use the same ledger while
     * {@code serve} runs on that folder (the first process serves it to the others over loopback),
     * so a CLI export or import is recorded like any other job. WRITE_DELAY=0 writes each commit to
     * the file as it happens: by default H2 writes commits up to half a second later, so a relay
     * killed in between (kill -9, the OOM killer) lost job states it had already acted on.
     * MAX_COMPACT_TIME=20 bounds the compaction H2 runs when the ledger closes to 20 ms (its default:
     * 200): a CLI job command closes it every time, and the close took 200 ms in 2 of 15 runs, 25-50
     * ms in the others. Each close still compacts, so the file stays small (331 KB after 60
     * opens and closes, each recording a job).
     */
    public static String h2Url(Path data) {
        return "jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("ledger").resolve("jobs")
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;MAX_COMPACT_TIME=20";
    }

    @Override
    public synchronized void record(JobStatus s) {
        String doc = json(s);
        try {
            Connection c = connection();
            try (PreparedStatement up = c.prepareStatement("UPDATE " + TABLE
                    + " SET state = ?, updated = ?, document = ? WHERE id = ?")) {
                up.setString(1, s.state());
                up.setString(2, s.updated());
                up.setString(3, doc);
                up.setString(4, s.id());
                if (up.executeUpdate() > 0) {
                    synced();
                    return;
                }
            }
            try {
                insert(s);
                synced();
            } catch (SQLException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
                record(s);  // another worker inserted it first: update theirs
            }
        } catch (SQLException e) {
            throw failure("cannot record job " + s.id(), e);
        }
    }

    @Override
    public synchronized boolean recordNew(JobStatus s) {
        try {
            insert(s);
            synced();
            return true;
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw failure("cannot record job " + s.id(), e);
        }
    }

    @Override
    public synchronized boolean retryFailed(JobStatus s) {
        try (PreparedStatement up = connection().prepareStatement("UPDATE " + TABLE + " SET state = ?, updated = ?,"
                + " document = ? WHERE id = ? AND state = ? AND record IS NULL")) {
            up.setString(1, s.state());
            up.setString(2, s.updated());
            up.setString(3, json(s));
            up.setString(4, s.id());
            up.setString(5, JobStatus.FAILED);
            boolean retried = up.executeUpdate() == 1;
            if (retried) {
                synced();
            }
            return retried;
        } catch (SQLException e) {
            throw failure("cannot record job " + s.id(), e);
        }
    }

    /** Syncs the ledger's file when durable (see the constructor); H2's CHECKPOINT SYNC forces it to disk. */
    private void synced() throws SQLException {
        if (syncEachChange) {
            try (Statement st = connection().createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        }
    }

    private void insert(JobStatus s) throws SQLException {
        try (PreparedStatement in = connection().prepareStatement("INSERT INTO " + TABLE
                + " (id, state, created, updated, document) VALUES (?, ?, ?, ?, ?)")) {
            in.setString(1, s.id());
            in.setString(2, s.state());
            in.setString(3, s.created() != null ? s.created() : s.updated());
            in.setString(4, s.updated());
            in.setString(5, json(s));
            in.executeUpdate();
        }
    }

    @Override
    public synchronized JobStatus find(String id) {
        try (PreparedStatement q = connection().prepareStatement("SELECT document FROM " + TABLE + " WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw failure("cannot read job " + id, e);
        }
    }

    @Override
    public synchronized void saveJob(Job job) {
        try (PreparedStatement up = connection().prepareStatement("UPDATE " + TABLE + " SET record = ? WHERE id = ?")) {
            up.setString(1, Json.MAPPER.writeValueAsString(job));
            up.setString(2, job.id());
            if (up.executeUpdate() == 0) {
                throw new IllegalStateException("job " + job.id() + " has no row in the ledger: record its state first");
            }
            synced();
        } catch (SQLException e) {
            throw failure("cannot record job " + job.id(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job record always serialises", e);
        }
    }

    @Override
    public synchronized Job job(String id) {
        try (PreparedStatement q = connection().prepareStatement("SELECT record FROM " + TABLE + " WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                String doc = rs.next() ? rs.getString(1) : null;
                return doc == null ? null : Json.MAPPER.readValue(doc, Job.class);
            }
        } catch (SQLException e) {
            throw failure("cannot read job " + id, e);
        } catch (JsonProcessingException e) {
            throw new RelayException("the ledger's record of job " + id + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean exists(String id) {
        return find(id) != null;
    }

    @Override
    public synchronized List<JobStatus> list(String state, int limit) {
        String sql = "SELECT document FROM " + TABLE + (state == null ? "" : " WHERE state = ?")
                + " ORDER BY updated DESC, id LIMIT ?";
        try (PreparedStatement q = connection().prepareStatement(sql)) {
            int i = 1;
            if (state != null) {
                q.setString(i++, state);
            }
            q.setInt(i, limit);
            List<JobStatus> jobs = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    jobs.add(parse(rs.getString(1)));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw failure("cannot list jobs", e);
        }
    }

    @Override
    public synchronized java.util.Map<String, Long> countByState() {
        try (PreparedStatement q = connection().prepareStatement("SELECT state, COUNT(*) FROM " + TABLE + " GROUP BY state");
             ResultSet rs = q.executeQuery()) {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw failure("cannot count jobs", e);
        }
    }

    @Override
    public synchronized boolean claimInput(String input, String worker, java.time.Duration lease) {
        long now = System.currentTimeMillis();
        try {
            try (PreparedStatement in = connection().prepareStatement("INSERT INTO " + INPUTS
                    + " (input, worker, claimed) VALUES (?, ?, ?)")) {
                in.setString(1, input);
                in.setString(2, worker);
                in.setLong(3, now);
                in.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
            // claimed already: taken over only when the claim outlived its lease
            try (PreparedStatement up = connection().prepareStatement("UPDATE " + INPUTS
                    + " SET worker = ?, claimed = ? WHERE input = ? AND claimed < ?")) {
                up.setString(1, worker);
                up.setLong(2, now);
                up.setString(3, input);
                up.setLong(4, now - lease.toMillis());
                return up.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw failure("cannot claim " + input, e);
        }
    }

    @Override
    public synchronized void releaseInput(String input) {
        try (PreparedStatement del = connection().prepareStatement("DELETE FROM " + INPUTS + " WHERE input = ?")) {
            del.setString(1, input);
            del.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot release " + input, e);
        }
    }

    /**
     * A row lock held by an open transaction on a connection of its own: the database makes other
     * workers wait on SELECT ... FOR UPDATE of the same row until this transaction ends, and ends
     * it for us if this process dies.
     */
    @Override
    public Lock lock(String name) {
        ensureLockRow(name);
        Connection c;
        try {
            c = connect();
        } catch (SQLException e) {
            throw new RelayException(connectFailure(e), e);
        }
        try {
            c.setAutoCommit(false);
            while (true) {
                try (PreparedStatement q = c.prepareStatement("SELECT name FROM " + LOCKS + " WHERE name = ? FOR UPDATE")) {
                    q.setString(1, name);
                    q.executeQuery().close();
                    break;
                } catch (SQLException e) {
                    if (!isLockTimeout(e)) {
                        throw e;
                    }
                    c.rollback();  // the holder is still busy: wait again
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("cannot take the lock " + name, e);
        }
        return () -> {
            try {
                c.rollback();
            } catch (SQLException e) {
                // closing the connection ends the transaction anyway
            }
            closeQuietly(c);
        };
    }

    private synchronized void ensureLockRow(String name) {
        try (PreparedStatement in = connection().prepareStatement("INSERT INTO " + LOCKS + " (name) VALUES (?)")) {
            in.setString(1, name);
            in.executeUpdate();
        } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
                throw failure("cannot create the lock " + name, e);
            }
        }
    }

    /** H2 gives up waiting for a row lock after its LOCK_TIMEOUT; PostgreSQL waits (lock_timeout 0). */
    private static boolean isLockTimeout(SQLException e) {
        return "HYT00".equals(e.getSQLState()) || "55P03".equals(e.getSQLState()) || e.getErrorCode() == 50200;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing more to release
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing is best effort: the database keeps what was committed
            }
            connection = null;
        }
    }

    /** The open connection, reopened when it broke (a database restart, a network blip). */
    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            close();
            try {
                connection = connect();
            } catch (SQLException e) {
                throw new RelayException(connectFailure(e), e);
            }
        }
        return connection;
    }

    /**
     * H2's driver is called directly for its URLs: DriverManager would first load and start every
     * driver in the jar (PostgreSQL's starts java.util.logging), about 20 ms of a CLI command.
     */
    private Connection connect() throws SQLException {
        if (!url.startsWith("jdbc:h2:")) {
            return DriverManager.getConnection(url, user, password);
        }
        Properties info = new Properties();
        if (user != null) {
            info.put("user", user);
        }
        if (password != null) {
            info.put("password", password);
        }
        return new org.h2.Driver().connect(url, info);
    }

    private String connectFailure(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No suitable driver")) {
            return "the job ledger URL " + url + " names a database with no JDBC driver in zarr-relay: use a jdbc:h2: or"
                    + " jdbc:postgresql: URL in relay.ledger.url, or add the driver's jar to the class path";
        }
        if (msg.contains("locked") || msg.contains("already in use")) {
            return "the job ledger " + url + " is in use by another process: another zarr-relay is probably running on"
                    + " the same data folder; stop it, or give this one another relay.data (or a shared relay.ledger.url)";
        }
        if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState()) || msg.contains("Wrong user name or password")) {
            return "the job ledger " + url + " refused the user name or password: check relay.ledger.user and"
                    + " relay.ledger.password";
        }
        return "cannot open the job ledger " + url + ": " + msg + " (check relay.ledger.url and that the database is reachable)";
    }

    private RelayException failure(String what, SQLException e) {
        return new RelayException(what + " in the job ledger " + url + ": " + e.getMessage(), e);
    }

    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static String json(JobStatus s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job status always serialises", e);
        }
    }

    private static JobStatus parse(String doc) {
        try {
            return Json.MAPPER.readValue(doc, JobStatus.class);
        } catch (JsonProcessingException e) {
            throw new RelayException("a row of the job ledger is not a job status: " + e.getOriginalMessage(), e);
        }
    }
}
