package org.zarrrelay.camel;

import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.zarrrelay.job.FailureReason;
import org.zarrrelay.job.JobListener;
import org.zarrrelay.job.JobProgress;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Jobs;

/**
 * What GET /metrics shows, in Prometheus' text format. Jobs by state come from the ledger (every
 * worker sharing it); the rest is counted by this relay since it started, from the states and
 * progress its jobs record: bytes exported and written back, job and phase durations, failures,
 * and the jobs active and waiting now.
 */
final class RelayMetrics implements JobListener {
    private static final Map<String, String> KIND = Map.of(JobStatus.EXPORTED, "export",
            JobStatus.WRITTEN_BACK, "write-back", JobStatus.UNDONE, "undo");

    private final LongSupplier clock;
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, Histogram> jobDurations = new TreeMap<>();
    private final Map<String, Histogram> phaseDurations = new TreeMap<>();
    private final Map<String, AtomicLong> failures = new LinkedHashMap<>();
    /** The stores this relay's jobs have written back to or undone in, whose journals /metrics sizes. */
    private final java.util.Set<String> journaled = new java.util.TreeSet<>();
    private final AtomicLong exportedBytes = new AtomicLong();
    private final AtomicLong writtenBackBytes = new AtomicLong();

    /** A job this relay is running: since when, its phase since when, and its phases' byte totals. */
    private static final class Running {
        final long started;
        String phase;
        long phaseStarted;
        final Map<String, Long> totals = new HashMap<>();

        Running(long now) {
            started = now;
        }
    }

    RelayMetrics() {
        this(System::currentTimeMillis);
    }

    /** @param clock milliseconds, for tests */
    RelayMetrics(LongSupplier clock) {
        this.clock = clock;
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason.text(), new AtomicLong());
        }
    }

    @Override
    public synchronized void changed(JobStatus s) {
        long now = clock.getAsLong();
        if (JobStatus.ACCEPTED.equals(s.state()) && s.progress() == null) {
            running.put(s.id(), new Running(now));
            return;
        }
        JobProgress p = s.progress();
        if (p != null) {
            Running r = running.computeIfAbsent(s.id(), id -> new Running(now));
            if (!p.phase().equals(r.phase)) {
                endPhase(r, now);
                r.phase = p.phase();
                r.phaseStarted = now;
            }
            r.totals.merge(p.phase(), p.total(), Math::max);
            return;
        }
        Running r = running.remove(s.id());
        if ((JobStatus.WRITTEN_BACK.equals(s.state()) || JobStatus.UNDONE.equals(s.state())) && s.store() != null) {
            journaled.add(s.store());
        }
        if (s.reason() != null && failures.containsKey(s.reason())) {
            failures.get(s.reason()).incrementAndGet();
        }
        if (r == null) {
            return;  // not run here (a status read back, or a job another worker ran)
        }
        endPhase(r, now);
        String kind = KIND.get(s.state());
        if (kind != null) {
            jobDurations.computeIfAbsent(kind, k -> new Histogram()).observe((now - r.started) / 1000.0);
        }
        if (JobStatus.EXPORTED.equals(s.state())) {
            exportedBytes.addAndGet(r.totals.getOrDefault(JobProgress.Phase.EXPORTING.text(), 0L));
        } else if (JobStatus.WRITTEN_BACK.equals(s.state())) {
            writtenBackBytes.addAndGet(r.totals.getOrDefault(JobProgress.Phase.WRITING.text(), 0L));
        }
    }

    private void endPhase(Running r, long now) {
        if (r.phase != null) {
            phaseDurations.computeIfAbsent(r.phase, k -> new Histogram()).observe((now - r.phaseStarted) / 1000.0);
        }
    }

    /**
     * The exposition: {@code jobs} counted by state from the ledger, {@code waiting} requests queued
     * on the job pool, {@code queued} messages in the request queue (null without a queue; -1 when
     * the broker does not answer), {@code journalBytes} the undo data a store's journal keeps (by the
     * store's name in requests).
     */
    String render(Jobs jobs, IntSupplier waiting, LongSupplier queued, ToLongFunction<String> journalBytes) {
        // what needs the ledger, the stores or the broker is read outside the lock job threads take
        Map<String, Long> counts = jobs.countByState();
        StringBuilder out = new StringBuilder();
        help(out, "zarr_relay_jobs", "gauge", "Jobs in the ledger by state, of every worker sharing it.");
        for (String state : JobStatus.STATES) {
            out.append("zarr_relay_jobs{state=\"").append(state).append("\"} ").append(counts.getOrDefault(state, 0L)).append('\n');
        }
        List<String> stores = counted(out);
        help(out, "zarr_relay_waiting_requests", "gauge", "Requests accepted over HTTP waiting for a free job thread.");
        out.append("zarr_relay_waiting_requests ").append(waiting.getAsInt()).append('\n');
        help(out, "zarr_relay_journal_bytes", "gauge",
                "Bytes of undo data kept in the journal of each store this relay has written back to since it started;"
                + " -1 when the store cannot be read.");
        for (String store : stores) {
            long bytes;
            try {
                bytes = journalBytes.applyAsLong(store);
            } catch (RuntimeException e) {
                bytes = -1;
            }
            out.append("zarr_relay_journal_bytes{store=\"").append(escape(store)).append("\"} ").append(bytes).append('\n');
        }
        if (queued != null) {
            help(out, "zarr_relay_queued_requests", "gauge",
                    "Messages waiting in the request queue for any worker (counted up to " + QueueDepth.CAP
                    + "); -1 when the broker does not answer.");
            out.append("zarr_relay_queued_requests ").append(queued.getAsLong()).append('\n');
        }
        return out.toString();
    }

    /** Appends what this relay counted itself; returns the stores whose journals to size. */
    private synchronized List<String> counted(StringBuilder out) {
        help(out, "zarr_relay_exported_bytes_total", "counter", "Bytes of voxels exported by this relay since it started.");
        out.append("zarr_relay_exported_bytes_total ").append(exportedBytes.get()).append('\n');
        help(out, "zarr_relay_written_back_bytes_total", "counter",
                "Bytes of voxels written back by this relay since it started (the result's region, before the pyramid).");
        out.append("zarr_relay_written_back_bytes_total ").append(writtenBackBytes.get()).append('\n');
        help(out, "zarr_relay_failures_total", "counter",
                "Requests, results and undos this relay failed or refused, by reason: request, result, conflict, store,"
                + " storage, memory, internal.");
        failures.forEach((reason, n) -> out.append("zarr_relay_failures_total{reason=\"").append(reason).append("\"} ")
                .append(n.get()).append('\n'));
        help(out, "zarr_relay_job_duration_seconds", "histogram", "How long this relay's jobs took, by kind.");
        jobDurations.forEach((kind, h) -> h.write(out, "zarr_relay_job_duration_seconds", "kind", kind));
        help(out, "zarr_relay_phase_duration_seconds", "histogram",
                "How long the phases of this relay's jobs took (exporting, checking, merging, writing, pyramid).");
        phaseDurations.forEach((phase, h) -> h.write(out, "zarr_relay_phase_duration_seconds", "phase", phase));
        help(out, "zarr_relay_active_jobs", "gauge", "Jobs this relay has accepted or is running, not ended yet.");
        out.append("zarr_relay_active_jobs ").append(running.size()).append('\n');
        return List.copyOf(journaled);
    }

    /** A label value as the text format wants it: backslash, double quote and newline escaped. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void help(StringBuilder out, String name, String type, String text) {
        out.append("# HELP ").append(name).append(' ').append(text).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
