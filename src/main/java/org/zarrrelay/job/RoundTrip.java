package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;

/**
 * What happens to a request file dropped in the inbox and to a processed file dropped in returns.
 * Every trigger (file route, CLI, later S3/JMS/HTTP) ends here, so there is one code path. An input
 * is always moved out of its folder — to archive/ when used, to failed/ with its reason otherwise —
 * and the job's status file says what happened.
 */
public final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);

    private final DataFolders folders;
    private final StoreRoots roots;
    private final ExportService exports;
    private final WritebackService writeback;
    private final StatusStore status;
    private final FailedInputs failed;
    private final ReturnMatcher matcher;
    private final String defaultCast;

    public RoundTrip(DataFolders folders, StoreRoots roots, ExportService exports, WritebackService writeback, String defaultCast) {
        this.folders = folders;
        this.roots = roots;
        this.exports = exports;
        this.writeback = writeback;
        this.status = new StatusStore(folders.status());
        this.failed = new FailedInputs(folders.failed());
        this.matcher = new ReturnMatcher(folders.exports());
        this.defaultCast = defaultCast;
    }

    public DataFolders folders() {
        return folders;
    }

    /** Handles one request file: export, manifest, status; the file goes to archive/ or failed/. */
    public JobStatus onRequest(Path file) {
        RegionRequest request = null;
        try {
            request = RegionRequest.parse(Files.readAllBytes(file));
            if (status.exists(request.id())) {
                JobStatus existing = status.read(request.id());
                failed.park(file, "a job with id '" + request.id() + "' already exists (state " + existing.state()
                        + "), so this request was not run again. To export again, give the request a new \"id\""
                        + " (or leave \"id\" out and one is generated).");
                return existing;
            }
            Manifest m = exports.exportJob(request, roots, folders.exports(), Progress.NONE);
            JobStatus s = status.write(new JobStatus(m.id(), JobStatus.EXPORTED, request.store(), m.array(), m.region(),
                    m.format(), folders.exports().getFileName().resolve(m.file()).toString(),
                    "exported " + m.dtype() + " " + java.util.Arrays.toString(m.fileShape()) + " to " + m.file()
                            + "; process it and save the result into returns/ with a name starting with " + m.id(), null));
            AtomicFiles.moveInto(file, folders.archive());
            LOG.info("job {}: exported {}", m.id(), m.file());
            return s;
        } catch (RelayException | IOException | UncheckedIOException e) {
            return fail(file, request, reason(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on request {}", file, e);
            return fail(file, request, "internal error (please report it): " + e);
        }
    }

    /** Handles one returned file: match, validate, write back, status; the file goes to archive/ or failed/. */
    public JobStatus onReturn(Path file) {
        Manifest m = null;
        try {
            m = matcher.match(file);
            writeback.writeBack(m, file, m.cast() != null ? m.cast() : defaultCast, Progress.NONE);
            JobStatus s = status.write(new JobStatus(m.id(), JobStatus.WRITTEN_BACK, m.store(), m.array(), m.region(), m.format(),
                    folders.exports().getFileName().resolve(m.file()).toString(),
                    "wrote " + file.getFileName() + " back into region " + m.region(), null));
            AtomicFiles.moveInto(file, folders.archive());
            LOG.info("job {}: wrote back {}", m.id(), file.getFileName());
            return s;
        } catch (RelayException | UncheckedIOException e) {
            return failReturn(file, m, reason(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on returned file {}", file, e);
            return failReturn(file, m, "internal error (please report it): " + e);
        }
    }

    private JobStatus fail(Path file, RegionRequest request, String reason) {
        Path parked = failed.park(file, reason);
        String id = request != null ? request.id() : idFromName(file);
        LOG.warn("request {} failed: {}", file.getFileName(), reason);
        return status.write(new JobStatus(id, JobStatus.FAILED, request == null ? null : request.store(),
                request == null ? null : request.array(), request == null ? null : request.region(),
                request == null ? null : request.format(), null,
                reason + " (the request is in " + folders.failed().getFileName().resolve(parked.getFileName()) + ")", null));
    }

    private JobStatus failReturn(Path file, Manifest m, String reason) {
        Path parked = failed.park(file, reason);
        LOG.warn("returned file {} failed: {}", file.getFileName(), reason);
        if (m == null) {
            return null;  // matched no job: there is no status to update
        }
        // the export is still valid: the user may fix the file and return it again
        return status.write(new JobStatus(m.id(), JobStatus.EXPORTED, m.store(), m.array(), m.region(), m.format(),
                folders.exports().getFileName().resolve(m.file()).toString(), "the returned file " + file.getFileName()
                        + " was refused: " + reason + " (it is in " + folders.failed().getFileName().resolve(parked.getFileName())
                        + "); fix it and drop it into returns/ again", null));
    }

    /** A status id for a request whose own id could not be read: the file name, made safe. */
    private String idFromName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (stem.isEmpty() || stem.startsWith(".")) {
            stem = "request" + stem;
        }
        stem = stem.length() > 50 ? stem.substring(0, 50) : stem;
        String id = "failed-" + stem;
        for (int i = 1; status.exists(id); i++) {
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
