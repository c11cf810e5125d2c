package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;

/**
 * What happens to a request and to a processed file. Every trigger (folder, S3, queue, HTTP, CLI)
 * hands over a local file plus an {@link InputDisposal} and ends here, so there is one code path.
 * An input is always disposed of — archived when used, parked in failed/ with its reason
 * otherwise — and the job's status says what happened.
 */
public final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);

    private final DataFolders folders;
    private final StoreRoots roots;
    private final ExportService exports;
    private final WritebackService writeback;
    private final Jobs jobs;
    private final ReturnMatcher matcher;
    private final String defaultCast;
    private final ExportPublisher publisher;
    private final StoreLocks locks;
    private final InputDisposal local;

    /**
     * @param jobs      where job states are recorded
     * @param publisher copies finished exports to a shared exports folder elsewhere (S3), or {@link ExportPublisher#LOCAL}
     */
    public RoundTrip(DataFolders folders, StoreRoots roots, ExportService exports, WritebackService writeback,
                     String defaultCast, Jobs jobs, ExportPublisher publisher) {
        this.folders = folders;
        this.roots = roots;
        this.exports = exports;
        this.writeback = writeback;
        this.jobs = jobs;
        this.locks = new StoreLocks(jobs);
        this.matcher = new ReturnMatcher(folders.exports());
        this.defaultCast = defaultCast;
        this.publisher = publisher;
        this.local = FolderDisposal.of(folders);
    }

    public DataFolders folders() {
        return folders;
    }

    public Jobs jobs() {
        return jobs;
    }

    /** A request file dropped in the local inbox. */
    public JobStatus onRequest(Path file) {
        return onRequest(file, local);
    }

    /** A returned file dropped in the local returns folder. */
    public JobStatus onReturn(Path file) {
        return onReturn(file, local);
    }

    /** Handles one request file: export, manifest, status; then the file is archived or parked. */
    public JobStatus onRequest(Path file, InputDisposal disposal) {
        RegionRequest request;
        try {
            request = RegionRequest.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            return fail(file, null, disposal, reason(e));
        }
        return run(request, file, disposal);
    }

    /**
     * Reads a request without running it, for triggers that answer at once (HTTP): a malformed
     * request is parked with its reason and the exception is rethrown for the caller to report.
     */
    public RegionRequest parse(Path file, InputDisposal disposal) {
        try {
            return RegionRequest.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            JobStatus s = fail(file, null, disposal, reason(e));
            throw new RequestException(s.message(), e);
        }
    }

    /**
     * Records a parsed request as accepted so its status can be asked for before it runs (then
     * {@link #run}); false when a job with that id exists already, on any worker sharing
     * the ledger (the request is then parked as a duplicate).
     */
    public boolean accept(RegionRequest request, Path file, InputDisposal disposal) {
        if (!jobs.claim(accepted(request))) {
            parkDuplicate(request, file, disposal);
            return false;
        }
        return true;
    }

    /**
     * Runs a parsed request: export, manifest, status; then the file is archived or parked. A
     * request {@link #accept}ed earlier, or left {@code accepted} by a worker that died (a queue
     * redelivers its message), runs now; one that already ran is parked as a duplicate.
     */
    public JobStatus run(RegionRequest request, Path file, InputDisposal disposal) {
        // while a worker runs a job it holds the job's lock, which the database drops if the worker dies
        try (JobLedger.Lock running = jobs.lock("job:" + request.id())) {
            return runLocked(request, file, disposal);
        }
    }

    /**
     * A request file accepted before the relay stopped (HTTP answers 202 before the export runs):
     * runs it if it never ran, or archives it if it did.
     */
    public JobStatus resume(Path file) {
        RegionRequest request;
        try {
            request = RegionRequest.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            return fail(file, null, local, reason(e));
        }
        JobStatus existing = jobs.find(request.id());
        if (existing != null && !JobStatus.ACCEPTED.equals(existing.state())) {
            local.archive(file);
            return existing;
        }
        LOG.info("job {}: resuming the export accepted before the relay stopped", request.id());
        return run(request, file, local);
    }

    private static JobStatus accepted(RegionRequest r) {
        return new JobStatus(r.id(), JobStatus.ACCEPTED, r.store(), r.array(), r.region(), r.format(), null,
                "accepted; the export starts when a worker is free");
    }

    private JobStatus runLocked(RegionRequest request, Path file, InputDisposal disposal) {
        try {
            JobStatus existing = jobs.find(request.id());
            boolean ours = existing == null ? jobs.claim(accepted(request)) : JobStatus.ACCEPTED.equals(existing.state());
            if (!ours) {
                return parkDuplicate(request, file, disposal);
            }
            Manifest m = locks.with(roots.resolve(request.store()), () -> exports.exportJob(request, roots, folders.exports(), Progress.NONE));
            Path exported = folders.exports().resolve(m.file());
            publisher.publish(exported, folders.exports().resolve(m.id() + ".manifest.json"));
            String where = publisher.describe(exported);
            JobStatus s = jobs.record(new JobStatus(m.id(), JobStatus.EXPORTED, request.store(), m.array(), m.region(),
                    m.format(), where, "exported " + m.dtype() + " " + java.util.Arrays.toString(m.fileShape()) + " to "
                            + where + "; process it and return the result with a name starting with " + m.id()));
            disposal.archive(file);
            LOG.info("job {}: exported {}", m.id(), where);
            return s;
        } catch (RelayException | UncheckedIOException e) {
            return fail(file, request, disposal, reason(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on request {}", file, e);
            return fail(file, request, disposal, "internal error (please report it): " + e);
        }
    }

    /** Handles one returned file: match, validate, write back, status; then the file is archived or parked. */
    public JobStatus onReturn(Path file, InputDisposal disposal) {
        return onReturn(file, disposal, () -> matcher.match(file));
    }

    /** A returned file that is known to belong to job {@code id} (an upload to that job's URL). */
    public JobStatus onReturn(String id, Path file, InputDisposal disposal) {
        return onReturn(file, disposal, () -> matcher.manifest(id));
    }

    private JobStatus onReturn(Path file, InputDisposal disposal, java.util.function.Supplier<Manifest> job) {
        Manifest m = null;
        try {
            m = job.get();
            return writeBack(m, file, disposal);
        } catch (RelayException | UncheckedIOException e) {
            return failReturn(file, m, disposal, reason(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on returned file {}", file, e);
            return failReturn(file, m, disposal, "internal error (please report it): " + e);
        }
    }

    private JobStatus writeBack(Manifest m, Path file, InputDisposal disposal) {
        String cast = m.cast() != null ? m.cast() : defaultCast;
        locks.with(m.storePath(), () -> {
            writeback.writeBack(m, file, cast, Progress.NONE);
            return null;
        });
        JobStatus s = jobs.record(new JobStatus(m.id(), JobStatus.WRITTEN_BACK, m.store(), m.array(), m.region(), m.format(),
                exportOf(m), "wrote " + file.getFileName() + " back into region " + m.region()));
        disposal.archive(file);
        LOG.info("job {}: wrote back {}", m.id(), file.getFileName());
        return s;
    }

    private String exportOf(Manifest m) {
        JobStatus before = jobs.find(m.id());
        return before != null && before.export() != null ? before.export()
                : publisher.describe(folders.exports().resolve(m.file()));
    }

    private JobStatus parkDuplicate(RegionRequest request, Path file, InputDisposal disposal) {
        JobStatus existing = jobs.find(request.id());
        disposal.park(file, "a job with id '" + request.id() + "' already exists (state " + existing.state()
                + "), so this request was not run again. To export again, give the request a new \"id\""
                + " (or leave \"id\" out and one is generated).");
        return existing;
    }

    private JobStatus fail(Path file, RegionRequest request, InputDisposal disposal, String reason) {
        String parked = disposal.park(file, reason);
        String id = request != null ? request.id() : idFromName(file);
        LOG.warn("request {} failed: {}", file.getFileName(), reason);
        return jobs.record(new JobStatus(id, JobStatus.FAILED, request == null ? null : request.store(),
                request == null ? null : request.array(), request == null ? null : request.region(),
                request == null ? null : request.format(), null, reason + " (the request is in " + parked + ")"));
    }

    private JobStatus failReturn(Path file, Manifest m, InputDisposal disposal, String reason) {
        String parked = disposal.park(file, reason);
        LOG.warn("returned file {} failed: {}", file.getFileName(), reason);
        if (m == null) {
            return null;  // matched no job: there is no status to update
        }
        // the export is still valid: the user may fix the file and return it again
        return jobs.record(new JobStatus(m.id(), JobStatus.EXPORTED, m.store(), m.array(), m.region(), m.format(),
                exportOf(m), "the returned file " + file.getFileName() + " was refused: " + reason + " (it is in "
                        + parked + "); fix it and return it again"));
    }

    /** A status id for a request whose own id could not be read: the file name, made safe. */
    private String idFromName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (stem.isEmpty() || stem.startsWith(".")) {
            stem = "request" + stem;
        }
        stem = stem.length() > 50 ? stem.substring(0, 50) : stem;
        String id = "failed-" + stem;
        for (int i = 1; jobs.exists(id); i++) {
            id = "failed-" + stem + "-" + i;
        }
        return id;
    }

    private static String reason(Exception e) {
        if (e instanceof UncheckedIOException u) {
            return u.getMessage() + ": " + u.getCause().getMessage();
        }
        if (e instanceof IOException) {
            return "could not read the file: " + e.getMessage();
        }
        return e.getMessage();
    }
}
