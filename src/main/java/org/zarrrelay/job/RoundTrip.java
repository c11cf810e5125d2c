package org.zarrrelay.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;

/**
 * What happens to a request, a processed file and an undo. Every trigger (folder, S3, queue, HTTP)
 * and every CLI command that exports, writes back or undoes ends here, so there is one code path:
 * the same store lock, journal recovery, checks, transaction and ledger record. An input a trigger
 * hands over (a local file plus an {@link InputDisposal}) is always disposed of: archived when
 * used, parked in failed/ with its reason otherwise; the job's status says what happened.
 */
public final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);

    private final JobDesk desk;
    private final ExportService exports;
    private final ReturnedFiles returns;
    private final UndoRequests undos;
    private final InputDisposal local;

    /**
     * @param defaultCast what a return may do about its type when neither request nor return says (relay.cast)
     * @param publisher   copies finished exports to a shared exports folder elsewhere (S3), or {@link ExportPublisher#LOCAL}
     * @param keep        how long undo data and merge bases are kept (relay.journal.keep-days)
     */
    public RoundTrip(DataFolders folders, StoreRoots roots, ArrayOpener opener, ExportService exports,
                     WritebackService engine, Cast defaultCast, Jobs jobs, ExportPublisher publisher, Duration keep) {
        this.desk = new JobDesk(folders, roots, opener, jobs, publisher, keep);
        this.exports = exports;
        this.returns = new ReturnedFiles(desk, new WriteBack(engine, desk.opener.fsync(), desk.jobs.worker()), defaultCast);
        this.undos = new UndoRequests(desk, new Undo(engine, desk.opener.fsync(), desk.jobs.worker()));
        this.local = FolderDisposal.of(folders);
    }

    public DataFolders folders() {
        return desk.folders;
    }

    public Jobs jobs() {
        return desk.jobs;
    }

    // ---- requests ----------------------------------------------------------------------------

    /** A request file dropped in the local inbox. */
    public JobStatus onRequest(Path file) {
        return onRequest(file, local);
    }

    /** Handles one request file (an export or an undo); then the file is archived or parked. */
    public JobStatus onRequest(Path file, InputDisposal disposal) {
        Request request;
        try {
            request = Request.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            return failRequest(file, null, disposal, JobDesk.reason(e), e);
        } catch (Error e) {
            return failRequest(file, null, disposal, JobDesk.errorReason(e), e);
        }
        if (request instanceof UndoRequest u) {
            return undo(u.jobId(), file, disposal);
        }
        return run((RegionRequest) request, file, disposal);
    }

    /**
     * Reads a request without running it, for triggers that answer at once (HTTP, the queue's
     * dispatcher): a malformed request is parked with its reason and the exception is rethrown for
     * the caller to report.
     */
    public Request parse(Path file, InputDisposal disposal) {
        try {
            return Request.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            JobStatus s = failRequest(file, null, disposal, JobDesk.reason(e), e);
            throw new RequestException(s.message(), e);
        }
    }

    /** The shared copy of an export another worker made, or null (see {@link ExportPublisher#openPublished}). */
    public java.io.InputStream publishedExport(String fileName) {
        return desk.publisher().openPublished(fileName);
    }

    /** The shared copy of a folder export another worker made, zipped, or null (see {@link ExportPublisher#openPublishedFolder}). */
    public java.io.InputStream publishedExportFolder(String folderName) {
        return desk.publisher().openPublishedFolder(folderName);
    }

    /** Whether each store root can be read now (see {@link StoreRoots#health}). */
    public java.util.Map<String, String> storeRootHealth() {
        return desk.roots.health();
    }

    /**
     * Runs the checks of a request's export that need no job: the store resolves under the roots,
     * and its metadata has the array and level, and room for the region in the format asked for.
     * Throws what the job would have failed with. It reads without the store's lock, so that an
     * answer never waits for a long write-back; the job checks again under the lock.
     */
    public void check(RegionRequest request) {
        exports.check(request, desk.roots.resolve(request.store()));
    }

    /**
     * Records a parsed request as accepted so its status can be asked for before it runs (then
     * {@link #run}); false when a job with that id exists already, on any worker sharing the
     * ledger (the request is then parked as a duplicate).
     */
    public boolean accept(RegionRequest request, Path file, InputDisposal disposal) {
        if (!desk.jobs.claim(accepted(request))) {
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
        try (JobLedger.Lock running = desk.jobs.lock("job:" + request.id())) {
            return runLocked(request, file, disposal);
        }
    }

    /**
     * A request file accepted before the relay stopped (HTTP answers 202 before the export runs):
     * runs it if it never ran, or archives it if it did.
     */
    public JobStatus resume(Path file) {
        InputDisposal accepted = FolderDisposal.of(desk.folders, "send the request again (POST /api/requests)");
        Request parsed;
        try {
            parsed = Request.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            return failRequest(file, null, accepted, JobDesk.reason(e), e);
        }
        if (!(parsed instanceof RegionRequest request)) {
            return onRequest(file, accepted);
        }
        JobStatus existing = desk.jobs.find(request.id());
        if (existing != null && !JobStatus.ACCEPTED.equals(existing.state())) {
            accepted.archive(file);
            return existing;
        }
        LOG.info("job {}: resuming the export accepted before the relay stopped", request.id());
        return run(request, file, accepted);
    }

    private static JobStatus accepted(RegionRequest r) {
        return new JobStatus(r.id(), JobStatus.ACCEPTED, r.store(), r.array(), r.region(), r.format().name(), null,
                "accepted; the export starts when a worker is free");
    }

    private JobStatus runLocked(RegionRequest request, Path file, InputDisposal disposal) {
        try {
            JobStatus existing = desk.jobs.find(request.id());
            boolean ours = existing != null && JobStatus.ACCEPTED.equals(existing.state()) || desk.jobs.claim(accepted(request));
            if (!ours) {
                return parkDuplicate(request, file, disposal);
            }
            String location = desk.roots.resolve(request.store());
            Path out = desk.folders.exports().resolve(JobFiles.export(request.id(), request.format()));
            Job job = exportLocked(request, request.store(), location, out);
            Path manifest = desk.folders.exports().resolve(JobFiles.manifest(job.id()));
            job.manifest().write(manifest);
            desk.publisher().publish(out, manifest);
            String where = desk.publisher().describe(out);
            JobStatus s = desk.jobs.record(JobDesk.status(job, JobStatus.EXPORTED, where, "exported " + job.manifest().dtype() + " "
                    + Arrays.toString(job.manifest().fileShape()) + " to " + where + "; process it and return the result"
                    + " with a name starting with " + job.id() + " and then '-', '_' or '.' (" + job.id() + "-processed.tif)"
                    + levelWarning(job, location)));
            disposal.archive(file);
            LOG.info("job {}: exported {}", job.id(), where);
            return s;
        } catch (RelayException | UncheckedIOException e) {
            return failRequest(file, request, disposal, JobDesk.reason(e), e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on request {}", file, e);
            return failRequest(file, request, disposal, "internal error (please report it): " + e, e);
        } catch (Error e) {
            LOG.error("error on request {}", file, e);
            return failRequest(file, request, disposal, JobDesk.errorReason(e), e);
        }
    }

    /** Exports under the store's lock and keeps the job's record in the ledger. */
    private Job exportLocked(RegionRequest request, String storeName, String location, Path out) {
        Job job = desk.withStore(location, () -> {
            Job exported = exports.exportJob(request, storeName, location, out,
                    new ReportedProgress(desk.jobs, accepted(request).withMessage("exporting"), JobProgress.Phase.EXPORTING));
            desk.pruneNow(desk.journal(location), location);
            return exported;
        });
        desk.jobs.saveJob(job);
        return job;
    }

    /** A request that can only end in a refused write-back says so at once. */
    private String levelWarning(Job job, String location) {
        Integer level = job.manifest().level();
        boolean coarser = level != null && level > 0 || isCoarserLevel(location, job.manifest().array());
        if (!coarser || job.target() != null || job.options().levels() == Levels.THIS_AND_COARSER) {
            return "";
        }
        return ". Note: this export is from a coarser pyramid level, so writing a result back will be refused unless the"
                + " return allows \"levels\": \"this-and-coarser\" (a sidecar, ?levels= on the upload, or --levels)";
    }

    private boolean isCoarserLevel(String location, String array) {
        org.zarrrelay.ome.Multiscales ms = org.zarrrelay.ome.Multiscales.ofArray(desk.opener.store(location), array);
        return ms != null && ms.levelOf(array) > 0;
    }

    /**
     * The CLI's export: the same job (lock, merge base, ledger record) written to {@code out}, with
     * its manifest beside it ({@code <out>.manifest.json}).
     */
    public Job exportTo(RegionRequest request, Path out) {
        String location = desk.roots.resolve(request.store());
        String storeName = desk.roots.nameOf(location);
        for (Path taken : List.of(out, JobFiles.manifestBeside(out))) {
            if (Files.exists(taken, LinkOption.NOFOLLOW_LINKS)) {
                throw new RequestException(taken + " exists already, perhaps another job's export: choose another --out,"
                        + " or move it away first");
            }
        }
        if (!desk.jobs.claim(accepted(request))) {
            throw new RequestException("a job with id '" + request.id() + "' exists already: give another --id, or leave it"
                    + " out and one is generated");
        }
        try {
            Job job = exportLocked(request, storeName, location, out);
            job.manifest().write(JobFiles.manifestBeside(out));
            desk.jobs.record(JobDesk.status(job, JobStatus.EXPORTED, out.toString(), "exported by the CLI to " + out));
            return job;
        } catch (RuntimeException | Error e) {
            desk.jobs.record(new JobStatus(request.id(), JobStatus.FAILED, request.store(), request.array(), request.region(),
                    request.format().name(), null, e instanceof RelayException ? e.getMessage() : JobDesk.errorReason(e))
                    .withReason(FailureReason.of(e, false)));
            throw e;
        }
    }

    // ---- returns, undo, history: see ReturnedFiles and UndoRequests --------------------------

    /** A returned file dropped in the local returns folder. */
    public JobStatus onReturn(Path file) {
        return onReturn(file, local);
    }

    /** Handles one returned file: match, options sidecar, write-back, status; then archived or parked. */
    public JobStatus onReturn(Path file, InputDisposal disposal) {
        return returns.onReturn(file, disposal);
    }

    /**
     * A returned file known to belong to job {@code id} (an upload to that job's URL), with options
     * given beside it (query parameters).
     */
    public JobStatus onReturn(String id, Path file, InputDisposal disposal, WritebackOptions options) {
        return returns.onReturn(id, file, disposal, options);
    }

    /**
     * The CLI's import of a job's result ({@code import --job/--manifest}): the same write-back as a
     * returned file, the user's file left where it is; a conflict mask is written beside it.
     */
    public JobStatus writeBackFile(String id, Path file, WritebackOptions given) {
        return returns.writeBackFile(id, file, given);
    }

    /**
     * The CLI's import of a file at an offset ({@code import --offset}): a job of its own (there
     * was no export, so nothing to merge with), recorded, journaled and undoable like any other.
     */
    public JobStatus place(String store, String array, long[] offset, Path file, String target, WritebackOptions given) {
        return returns.place(store, array, offset, file, target, given);
    }

    /** Undoes job {@code id}'s write-back (inbox {@code {"undo": ...}}, HTTP); the request file is archived or parked. */
    public JobStatus undo(String id, Path file, InputDisposal disposal) {
        return undos.undo(id, file, disposal);
    }

    /** Undoes job {@code id}'s write-back; a conflict mask, if any, goes to {@code mask}. */
    public JobStatus undo(String id, Path mask) {
        return undos.undo(id, mask);
    }

    /** Every write-back and undo of a store, newest first. */
    public ArrayNode history(String storeName) {
        return History.of(desk.journal(desk.roots.resolve(storeName)));
    }

    /** Bytes of undo data the journal of a store (by the name requests give it) keeps. */
    public long journalBytes(String storeName) {
        return History.undoBytes(desk.journal(desk.roots.resolve(storeName)));
    }

    // ---- stores ------------------------------------------------------------------------------

    /**
     * Takes the lock of the store at {@code location}, finishing or rolling back whatever an
     * interrupted process left in its journal first, and runs {@code work}.
     */
    public <T> T withStore(String location, Supplier<T> work) {
        return desk.withStore(location, work);
    }

    /** Recovers the journal of every store on disk under the roots that has one (serve at start). */
    public void recoverAll() {
        desk.recoverAll();
    }

    /** Where job {@code id}'s store is now, resolved under this relay's desk.roots. */
    public String storeOf(String id) {
        return desk.locationOf(desk.matcher.job(id));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private JobStatus parkDuplicate(RegionRequest request, Path file, InputDisposal disposal) {
        JobStatus existing = desk.jobs.find(request.id());
        String parked = disposal.park(file, "a job with id '" + request.id() + "' already exists (state " + existing.state()
                + "), so this request was not run again. To export again, give the request a new \"id\""
                + " (or leave \"id\" out and one is generated).");
        LOG.warn("request {} refused: a job with id '{}' already exists (state {}); the request is in {}",
                file.getFileName(), request.id(), existing.state(), parked);
        return existing;
    }

    private JobStatus failRequest(Path file, RegionRequest request, InputDisposal disposal, String reason, Throwable cause) {
        String parked = disposal.park(file, reason);
        String id = request != null ? request.id() : idFromName(file);
        LOG.warn("request {} failed: {}", file.getFileName(), reason);
        return desk.jobs.record(new JobStatus(id, JobStatus.FAILED, request == null ? null : request.store(),
                request == null ? null : request.array(), request == null ? null : request.region(),
                request == null ? null : request.format().name(), null, reason + " (the request is in " + parked + ")")
                .withReason(FailureReason.of(cause, false)));
    }

    /** A status id for a request whose own id could not be read: the file name, made safe. */
    private String idFromName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (stem.isEmpty() || stem.startsWith(".")) {
            stem = "request" + stem;
        }
        stem = stem.length() > 50 ? stem.substring(0, 50) : stem;
        String id = "failed-" + stem;
        for (int i = 1; desk.jobs.exists(id); i++) {
            id = "failed-" + stem + "-" + i;
        }
        return id;
    }


}
