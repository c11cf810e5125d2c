package org.zarrrelay.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job's state, kept in three places for three readers: the ledger (queries, restarts,
 * several workers), {@code status/<id>.json} (people and scripts watching a folder) and the
 * listener (events on a topic). The ledger is written first, the status file last, as before.
 */
public final class Jobs {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final JobLedger ledger;
    private final StatusStore files;
    private final JobListener listener;
    private final String worker;

    /** @param worker this relay's name in the {@code worker} field; null for {@link #defaultWorkerName()} */
    public Jobs(JobLedger ledger, StatusStore files, JobListener listener, String worker) {
        this.ledger = ledger;
        this.files = files;
        this.listener = listener;
        this.worker = worker != null ? worker : defaultWorkerName();
    }

    /** Records the state with {@code updated} set to now, {@code created} kept and {@code worker} set to this process. */
    public JobStatus record(JobStatus s) {
        JobStatus before = ledger.find(s.id());
        JobStatus stamped = stamp(s, before != null ? before.created() : null);
        ledger.record(stamped);
        published(stamped);
        return stamped;
    }

    /**
     * Records the first state of a new job; false, recording nothing, when the id is taken already,
     * by this worker or another sharing the ledger. An id whose job failed before exporting anything
     * may be taken again: the user fixed the request and dropped it again, as failed/ tells them to.
     */
    public boolean claim(JobStatus s) {
        JobStatus stamped = stamp(s, null);
        boolean claimed;
        if (ledger.recordNew(stamped)) {
            claimed = true;
        } else {
            claimed = ledger.retryFailed(stamped);
            if (claimed) {
                LOG.info("job {}: failed before, now retried with a new request", s.id());
            }
        }
        if (!claimed) {
            return false;
        }
        published(stamped);
        return true;
    }

    /** Keeps the job's record in the ledger, where every worker finds it. */
    public void saveJob(Job job) {
        ledger.saveJob(job);
    }

    /** The job's record, or null when it never exported. */
    public Job job(String id) {
        return ledger.job(id);
    }

    private JobStatus stamp(JobStatus s, String created) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();
        return s.stamped(now, created != null ? created : now, worker + "/" + Thread.currentThread().getName());
    }

    /** The status file and the event follow the ledger. */
    private void published(JobStatus stamped) {
        files.write(stamped);
        try {
            listener.changed(stamped);
        } catch (RuntimeException e) {
            // the job itself is done and recorded; a broker hiccup must not turn it into a failure
            LOG.warn("could not publish the event for job {} ({}): {}", stamped.id(), stamped.state(), e.toString());
        }
    }

    /** The job's state, or null when there is no such job. */
    public JobStatus find(String id) {
        JobStatus s = ledger.find(id);
        return s != null ? s : files.read(id);
    }

    public boolean exists(String id) {
        return ledger.exists(id) || files.exists(id);
    }

    /** A lock across every worker sharing the ledger (see {@link JobLedger#lock}): "store:<location>", "job:<id>". */
    public JobLedger.Lock lock(String name) {
        return ledger.lock(name);
    }

    /** Claims an input for this relay before it is read (see {@link JobLedger#claimInput}). */
    public boolean claimInput(String input, java.time.Duration lease) {
        return ledger.claimInput(input, worker, lease);
    }

    /** Ends this relay's claim on an input (see {@link JobLedger#releaseInput}). */
    public void releaseInput(String input) {
        ledger.releaseInput(input);
    }

    /** How many jobs of every worker sharing the ledger are in each state. */
    public java.util.Map<String, Long> countByState() {
        return ledger.countByState();
    }

    /** Jobs in a state (null: all), newest first. */
    public List<JobStatus> list(String state, int limit) {
        return ledger.list(state, limit);
    }

    /** This relay's name, as recorded in every job's {@code worker} field and in the journal. */
    public String worker() {
        return worker;
    }

    /** {@code <host>:<pid>}: unique per running relay on a network. */
    public static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
