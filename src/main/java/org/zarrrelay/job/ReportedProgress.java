package org.zarrrelay.job;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one running job made visible: its status (file, ledger, API, events) carries the
 * phase and bytes, recorded at each new phase, at its first count, and at most once a second
 * between; and the log gets
 * one line every few seconds once the job has run that long, so a long export or write-back is
 * never silent. Runs on the job's own thread, so the job's final state is always recorded last.
 */
final class ReportedProgress implements Progress {
    private static final Logger LOG = LoggerFactory.getLogger(ReportedProgress.class);
    private static final long RECORD_EVERY_MS = 1_000;
    private static final long LOG_EVERY_MS = 5_000;

    private final Jobs jobs;
    private final JobStatus running;
    private final LongSupplier clock;
    private final long started;
    private JobProgress.Phase phase;
    private long recorded;
    private long total;
    private long logged;

    /** @param running the state the job is in while it runs (recorded with each step's progress) */
    ReportedProgress(Jobs jobs, JobStatus running, JobProgress.Phase first) {
        this(jobs, running, first, System::currentTimeMillis);
    }

    /** @param clock milliseconds, for tests */
    ReportedProgress(Jobs jobs, JobStatus running, JobProgress.Phase first, LongSupplier clock) {
        this.jobs = jobs;
        this.running = running;
        this.phase = first;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.logged = started;
        record(0, 0, started);  // the job's status says at once that it runs, and in which phase
    }

    @Override
    public void phase(JobProgress.Phase next) {
        phase = next;
        record(0, 0, clock.getAsLong());
    }

    @Override
    public void update(long doneBytes, long totalBytes) {
        long now = clock.getAsLong();
        // a phase's first count is recorded at once, so its total is known from the start
        if (now - recorded >= RECORD_EVERY_MS || totalBytes != total) {
            record(doneBytes, totalBytes, now);
        }
        if (now - logged >= LOG_EVERY_MS) {
            logged = now;
            LOG.info("job {}: {} {}% ({} of {} MB, {} s so far)", running.id(), phase.text(),
                    new JobProgress(phase.text(), doneBytes, totalBytes).percent(), doneBytes >> 20, totalBytes >> 20,
                    (now - started) / 1000);
        }
    }

    private void record(long done, long of, long now) {
        recorded = now;
        total = of;
        jobs.record(running.withProgress(new JobProgress(phase.text(), done, of)));
    }
}
