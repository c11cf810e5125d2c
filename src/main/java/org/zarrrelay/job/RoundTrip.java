package org.zarrrelay.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.Recovered;
import org.zarrrelay.journal.TxEntry;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.Store;

/**
 * What happens to a request, a processed file and an undo. Every trigger (folder, S3, queue, HTTP)
 * and every CLI command that exports, writes back or undoes ends here, so there is one code path:
 * the same store lock, journal recovery, checks, transaction and ledger record. An input a trigger
 * hands over (a local file plus an {@link InputDisposal}) is always disposed of: archived when
 * used, parked in failed/ with its reason otherwise; the job's status says what happened.
 */
public final class RoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTrip.class);

    private final DataFolders folders;
    private final StoreRoots roots;
    private final ArrayOpener opener;
    private final ExportService exports;
    private final WriteBack writeBack;
    private final Undo undo;
    private final Jobs jobs;
    private final ReturnMatcher matcher;
    private final Cast defaultCast;
    private final ExportPublisher publisher;
    private final StoreLocks locks;
    private final InputDisposal local;
    private final Duration keep;
    private final Map<String, Instant> pruned = new ConcurrentHashMap<>();

    /**
     * @param defaultCast what a return may do about its type when neither request nor return says (relay.cast)
     * @param publisher   copies finished exports to a shared exports folder elsewhere (S3), or {@link ExportPublisher#LOCAL}
     * @param keep        how long undo data and merge bases are kept (relay.journal.keep-days)
     */
    public RoundTrip(DataFolders folders, StoreRoots roots, ArrayOpener opener, ExportService exports,
                     WritebackService engine, Cast defaultCast, Jobs jobs, ExportPublisher publisher, Duration keep) {
        this.folders = folders;
        this.roots = roots;
        this.opener = opener;
        this.exports = exports;
        this.writeBack = new WriteBack(engine, opener.fsync(), jobs.worker());
        this.undo = new Undo(engine, opener.fsync(), jobs.worker());
        this.jobs = jobs;
        this.locks = new StoreLocks(jobs, this::recovered);
        this.matcher = new ReturnMatcher(jobs);
        this.defaultCast = defaultCast;
        this.publisher = publisher;
        this.local = FolderDisposal.of(folders);
        this.keep = keep;
    }

    public DataFolders folders() {
        return folders;
    }

    public Jobs jobs() {
        return jobs;
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
            return failRequest(file, null, disposal, reason(e));
        } catch (Error e) {
            return failRequest(file, null, disposal, errorReason(e));
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
            JobStatus s = failRequest(file, null, disposal, reason(e));
            throw new RequestException(s.message(), e);
        }
    }

    /**
     * Records a parsed request as accepted so its status can be asked for before it runs (then
     * {@link #run}); false when a job with that id exists already, on any worker sharing the
     * ledger (the request is then parked as a duplicate).
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
        Request parsed;
        try {
            parsed = Request.parse(Files.readAllBytes(file));
        } catch (RelayException | IOException | UncheckedIOException e) {
            return failRequest(file, null, local, reason(e));
        }
        if (!(parsed instanceof RegionRequest request)) {
            return onRequest(file, local);
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
        return new JobStatus(r.id(), JobStatus.ACCEPTED, r.store(), r.array(), r.region(), r.format().name(), null,
                "accepted; the export starts when a worker is free");
    }

    private JobStatus runLocked(RegionRequest request, Path file, InputDisposal disposal) {
        try {
            JobStatus existing = jobs.find(request.id());
            boolean ours = existing != null && JobStatus.ACCEPTED.equals(existing.state()) || jobs.claim(accepted(request));
            if (!ours) {
                return parkDuplicate(request, file, disposal);
            }
            String location = roots.resolve(request.store());
            Path out = folders.exports().resolve(JobFiles.export(request.id(), request.format().extension()));
            Job job = exportLocked(request, request.store(), location, out);
            Path manifest = folders.exports().resolve(JobFiles.manifest(job.id()));
            job.manifest().write(manifest);
            publisher.publish(out, manifest);
            String where = publisher.describe(out);
            JobStatus s = jobs.record(status(job, JobStatus.EXPORTED, where, "exported " + job.manifest().dtype() + " "
                    + Arrays.toString(job.manifest().fileShape()) + " to " + where + "; process it and return the result"
                    + " with a name starting with " + job.id() + levelWarning(job, location)));
            disposal.archive(file);
            LOG.info("job {}: exported {}", job.id(), where);
            return s;
        } catch (RelayException | UncheckedIOException e) {
            return failRequest(file, request, disposal, reason(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on request {}", file, e);
            return failRequest(file, request, disposal, "internal error (please report it): " + e);
        } catch (Error e) {
            LOG.error("error on request {}", file, e);
            return failRequest(file, request, disposal, errorReason(e));
        }
    }

    /** Exports under the store's lock and keeps the job's record in the ledger. */
    private Job exportLocked(RegionRequest request, String storeName, String location, Path out) {
        Job job = withStore(location, () -> exports.exportJob(request, storeName, location, out, Progress.NONE));
        jobs.saveJob(job);
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
        org.zarrrelay.ome.Multiscales ms = org.zarrrelay.ome.Multiscales.ofArray(opener.store(location), array);
        return ms != null && ms.levelOf(array) > 0;
    }

    /**
     * The CLI's export: the same job (lock, merge base, ledger record) written to {@code out}, with
     * its manifest beside it ({@code <out>.manifest.json}).
     */
    public Job exportTo(RegionRequest request, Path out) {
        String location = roots.resolve(request.store());
        String storeName = roots.nameOf(location);
        if (!jobs.claim(accepted(request))) {
            throw new RequestException("a job with id '" + request.id() + "' exists already: give another --id, or leave it"
                    + " out and one is generated");
        }
        try {
            Job job = exportLocked(request, storeName, location, out);
            job.manifest().write(JobFiles.manifestBeside(out));
            jobs.record(status(job, JobStatus.EXPORTED, out.toString(), "exported by the CLI to " + out));
            return job;
        } catch (RuntimeException | Error e) {
            jobs.record(new JobStatus(request.id(), JobStatus.FAILED, request.store(), request.array(), request.region(),
                    request.format().name(), null, e instanceof RelayException ? e.getMessage() : errorReason(e)));
            throw e;
        }
    }

    // ---- returns -----------------------------------------------------------------------------

    /** A returned file dropped in the local returns folder. */
    public JobStatus onReturn(Path file) {
        return onReturn(file, local);
    }

    /** Handles one returned file: match, options sidecar, write-back, status; then archived or parked. */
    public JobStatus onReturn(Path file, InputDisposal disposal) {
        return returned(file, disposal, () -> matcher.match(file), job -> Sidecars.read(file));
    }

    /**
     * A returned file known to belong to job {@code id} (an upload to that job's URL), with options
     * given beside it (query parameters).
     */
    public JobStatus onReturn(String id, Path file, InputDisposal disposal, WritebackOptions options) {
        return returned(file, disposal, () -> matcher.job(id), job -> options);
    }

    /** Finds a returned file's job. */
    private interface Matching {
        Job find();
    }

    /** A returned file, whatever brought it: written back, or parked with the reason (and noted in its job's status). */
    private JobStatus returned(Path file, InputDisposal disposal, Matching matching,
                               java.util.function.Function<Job, WritebackOptions> options) {
        Job job = null;
        try {
            job = matching.find();
            if (Files.size(file) == 0) {
                throw new RequestException(ReturnMatcher.EMPTY);
            }
            return writeBack(job, file, options.apply(job), disposal);
        } catch (RelayException | UncheckedIOException | IOException e) {
            return failReturn(file, job, disposal, reason(e), null);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on returned file {}", file, e);
            return failReturn(file, job, disposal, "internal error (please report it): " + e, null);
        } catch (Error e) {
            LOG.error("error on returned file {}", file, e);
            return failReturn(file, job, disposal, errorReason(e), null);
        }
    }

    private JobStatus writeBack(Job job, Path file, WritebackOptions given, InputDisposal disposal) {
        String location = locationOf(job);
        WritebackOptions options = withDefaults(job.options().overriddenBy(given));
        Path mask = maskFor(file);
        try {
            return writeBackLocked(job, location, file, options, mask, () -> disposal.archive(file));
        } catch (ConflictException e) {
            String parked = disposal.park(file, e.getMessage(), e.mask());
            LOG.warn("returned file {} refused for conflicts: {}", file.getFileName(), e.getMessage());
            return jobs.record(status(job, JobStatus.CONFLICT, exportOf(job), "the returned file " + file.getFileName()
                    + " was refused: " + e.getMessage() + " (it is in " + parked + ")"));
        } finally {
            deleteQuietly(mask);
        }
    }

    /**
     * The CLI's import of a job's result ({@code import --manifest}): the same write-back as a
     * returned file, the user's file left where it is; a conflict mask is written beside it.
     */
    public JobStatus writeBackFile(String id, Path file, WritebackOptions given) {
        Job job = matcher.job(id);
        String location = locationOf(job);
        WritebackOptions options = withDefaults(job.options().overriddenBy(given));
        Path mask = file.resolveSibling(JobFiles.conflictMask(file.getFileName().toString()));
        try {
            return writeBackLocked(job, location, file, options, mask, () -> { });
        } catch (ConflictException e) {
            jobs.record(status(job, JobStatus.CONFLICT, exportOf(job), "the file " + file + " was refused: " + e.getMessage()));
            throw e;
        }
    }

    /**
     * The CLI's import of a file at an offset ({@code import --offset}): a job of its own (there
     * was no export, so nothing to merge with), recorded, journaled and undoable like any other.
     */
    public JobStatus place(String store, String array, long[] offset, Path file, String target, WritebackOptions given) {
        String location = roots.resolve(store);
        RegionRequest request = new RegionRequest(RegionRequest.newId(), store, array, "0:1", null, null, target,
                given);
        Job job = withStore(location, () -> Placements.job(request.id(), roots.nameOf(location), location, array, offset,
                file, target, given, opener));
        if (!jobs.claim(new JobStatus(job.id(), JobStatus.ACCEPTED, job.manifest().store(), array,
                job.manifest().region(), job.manifest().format(), null, "placing " + file))) {
            throw new IllegalStateException("a fresh job id was taken: " + job.id());
        }
        jobs.saveJob(job);
        return writeBackLocked(job, location, file, withDefaults(given), file.resolveSibling(
                JobFiles.conflictMask(file.getFileName().toString())), () -> { });
    }

    /**
     * The write-back under the store's lock; once committed, the input is moved on ({@code used}),
     * then the ledger records it, then the journal is told the ledger knows. A stop anywhere in
     * between is finished by whoever locks the store next.
     */
    private JobStatus writeBackLocked(Job job, String location, Path file, WritebackOptions options, Path mask,
                                      Runnable used) {
        Store store = opener.store(location);
        ChunkExecutor executor = opener.executor(location);
        return withStore(location, () -> {
            Journal journal = Journal.of(store, executor);
            TxEntry last = journal.lastWriteBack(job.id());
            if (last != null) {
                JobStatus s = alreadyWritten(job, file, last);
                used.run();
                return s;
            }
            WriteBack.Result r = writeBack.run(job, store, executor, file, options, mask, Progress.NONE);
            String name = file.getFileName().toString();
            used.run();
            JobStatus s = jobs.record(status(job, JobStatus.WRITTEN_BACK, exportOf(job), "wrote " + name
                    + " back into region " + job.manifest().region() + mergeNote(r)));
            journal.acknowledge(r.summary().tx());
            pruneNow(journal, location);
            LOG.info("job {}: wrote back {}", job.id(), name);
            return s;
        });
    }

    /**
     * A job's write-back is done once: the same file taken again (the relay stopped before moving
     * it on) is recognised and archived; any other result needs an undo first.
     */
    private JobStatus alreadyWritten(Job job, Path file, TxEntry last) {
        if (InputIdentity.of(file).equals(last.summary().input())) {
            LOG.info("job {}: {} was written back already ({}), before the relay stopped", job.id(), file.getFileName(),
                    last.summary().committed());
            return jobs.record(status(job, JobStatus.WRITTEN_BACK, exportOf(job), "wrote " + file.getFileName()
                    + " back into region " + job.manifest().region() + " at " + last.summary().committed()));
        }
        throw new RequestException("job " + job.id() + " was written back already (at " + last.summary().committed()
                + ", from " + fileOf(last) + "), so " + file.getFileName() + " was not written: to replace that result,"
                + " undo the job first ({\"undo\": \"" + job.id() + "\"} in the inbox, POST /api/jobs/" + job.id()
                + "/undo or the CLI's undo " + job.id() + "), then return this file again");
    }

    private static String fileOf(TxEntry e) {
        String input = e.summary().input();
        return input == null ? "another file" : InputIdentity.name(input);
    }

    private static String mergeNote(WriteBack.Result r) {
        StringBuilder sb = new StringBuilder();
        if (r.kept() > 0) {
            sb.append("; ").append(r.kept()).append(" voxel(s) changed in the store since the export were kept");
        }
        if (r.overwritten() > 0) {
            sb.append("; ").append(r.overwritten()).append(" conflicting voxel(s) were overwritten (on-conflict: overwrite)");
        }
        return sb.toString();
    }

    // ---- undo --------------------------------------------------------------------------------

    /** Undoes job {@code id}'s write-back (inbox {@code {"undo": ...}}, HTTP); the request file is archived or parked. */
    public JobStatus undo(String id, Path file, InputDisposal disposal) {
        Path mask = maskFor(file);
        try {
            return undo(id, mask, () -> disposal.archive(file));
        } catch (ConflictException e) {
            disposal.park(file, e.getMessage(), e.mask());
            return jobs.find(id);
        } catch (RelayException | UncheckedIOException e) {
            disposal.park(file, reason(e));
            JobStatus s = jobs.find(id);
            return s != null ? jobs.record(withMessage(s, "undo refused: " + reason(e))) : null;
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure undoing job {}", id, e);
            disposal.park(file, e instanceof Error err ? errorReason(err) : "internal error (please report it): " + e);
            return jobs.find(id);
        } finally {
            deleteQuietly(mask);
        }
    }

    /** Undoes job {@code id}'s write-back; a conflict mask, if any, goes to {@code mask}. */
    public JobStatus undo(String id, Path mask) {
        return undo(id, mask, () -> { });
    }

    private JobStatus undo(String id, Path mask, Runnable used) {
        Job job = matcher.job(id);
        String location = locationOf(job);
        Store store = opener.store(location);
        ChunkExecutor executor = opener.executor(location);
        return withStore(location, () -> {
            Undo.Result r = undo.run(id, store, executor, mask);
            used.run();
            JobStatus s = jobs.record(status(job, JobStatus.UNDONE, exportOf(job), "undid the write-back of "
                    + r.undone().committed() + (r.kept() > 0 ? "; " + r.kept() + " voxel(s) changed since by later jobs were"
                    + " kept" : "") + "; the job's result can be returned again"));
            Journal.of(store, executor).acknowledge(r.summary().tx());
            LOG.info("job {}: undone", id);
            return s;
        });
    }

    /** Every write-back and undo of a store, newest first. */
    public ArrayNode history(String storeName) {
        String location = roots.resolve(storeName);
        return History.of(Journal.of(opener.store(location), opener.executor(location)));
    }

    // ---- recovery ----------------------------------------------------------------------------

    /**
     * Takes the lock of the store at {@code location}, finishing or rolling back whatever an
     * interrupted process left in its journal first, and runs {@code work}.
     */
    public <T> T withStore(String location, Supplier<T> work) {
        return locks.with(location, opener.store(location), opener.executor(location), work);
    }

    /** Recovers the journal of every store on disk under the roots that has one (serve at start). */
    public void recoverAll() {
        for (String location : JournalScan.storesWithJournals(roots.roots())) {
            try {
                withStore(location, () -> null);
            } catch (RelayException e) {
                LOG.error("could not recover the journal of {}: {}", location, e.getMessage());
            }
        }
    }

    /** Records what recovery found in the ledger, for jobs this ledger knows. */
    private void recovered(Journal journal, Recovered r) {
        String id = r.intent().job();
        JobStatus s = jobs.find(id);
        if (!r.committed()) {
            LOG.warn("job {}: a {} interrupted by a stop was rolled back ({})", id, r.intent().kind(), r.intent().tx());
            if (s != null) {
                jobs.record(withMessage(s, "a " + r.intent().kind() + " of " + inputName(r) + " was interrupted (the process"
                        + " stopped) and rolled back: nothing of it was written. A file still in returns/ is taken again;"
                        + " otherwise return it again"));
            }
            return;
        }
        if (s == null) {
            return;  // another ledger's job: its owner records it
        }
        boolean isUndo = Journal.UNDO.equals(r.intent().kind());
        jobs.record(withState(s, isUndo ? JobStatus.UNDONE : JobStatus.WRITTEN_BACK, (isUndo ? "undone" : "wrote "
                + inputName(r) + " back") + " at " + r.summary().committed() + " (recorded after a restart)"));
        LOG.info("job {}: a {} committed before a stop is now recorded", id, r.intent().kind());
        journal.acknowledge(r.intent().tx());
    }

    private static String inputName(Recovered r) {
        return r.intent().input() == null ? "the job" : InputIdentity.name(r.intent().input());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Where job {@code id}'s store is now, resolved under this relay's roots. */
    public String storeOf(String id) {
        return locationOf(matcher.job(id));
    }

    /** The store a job writes to, resolved under this relay's roots now (not where it was when exported). */
    private String locationOf(Job job) {
        try {
            return roots.resolve(job.manifest().store());
        } catch (RequestException e) {
            if (java.nio.file.Path.of(job.manifest().store()).isAbsolute()) {
                throw new RequestException("job " + job.id() + " was exported by the command line from "
                        + job.manifest().store() + ", which is not under this relay's store roots: write its result back"
                        + " with 'zarr-relay import --job " + job.id() + " --in FILE', or add that folder to relay.stores", e);
            }
            throw new RequestException("job " + job.id() + "'s store '" + job.manifest().store() + "' is not reachable from"
                    + " this relay's store roots: " + e.getMessage(), e);
        }
    }

    private WritebackOptions withDefaults(WritebackOptions o) {
        return o.cast() != null ? o : new WritebackOptions(defaultCast, o.levels(), o.onConflict());
    }

    private Path maskFor(Path input) {
        return input.resolveSibling("." + JobFiles.conflictMask(input.getFileName().toString()) + ".tmp");
    }

    private void pruneNow(Journal journal, String location) {
        Instant last = pruned.get(location);
        Instant now = Instant.now();
        if (last == null || last.isBefore(now.minus(Duration.ofHours(1)))) {
            pruned.put(location, now);
            journal.prune(now.minus(keep));
        }
    }

    private JobStatus status(Job job, String state, String export, String message) {
        Manifest m = job.manifest();
        return new JobStatus(job.id(), state, m.store(), m.array(), m.region(), m.format(), export, message);
    }

    private static JobStatus withState(JobStatus s, String state, String message) {
        return new JobStatus(s.id(), state, s.store(), s.array(), s.region(), s.format(), s.export(), message);
    }

    private static JobStatus withMessage(JobStatus s, String message) {
        return withState(s, s.state(), message);
    }

    private String exportOf(Job job) {
        JobStatus before = jobs.find(job.id());
        if (before != null && before.export() != null) {
            return before.export();
        }
        return job.manifest().file() == null ? null : publisher.describe(folders.exports().resolve(job.manifest().file()));
    }

    private JobStatus parkDuplicate(RegionRequest request, Path file, InputDisposal disposal) {
        JobStatus existing = jobs.find(request.id());
        disposal.park(file, "a job with id '" + request.id() + "' already exists (state " + existing.state()
                + "), so this request was not run again. To export again, give the request a new \"id\""
                + " (or leave \"id\" out and one is generated).");
        return existing;
    }

    private JobStatus failRequest(Path file, RegionRequest request, InputDisposal disposal, String reason) {
        String parked = disposal.park(file, reason);
        String id = request != null ? request.id() : idFromName(file);
        LOG.warn("request {} failed: {}", file.getFileName(), reason);
        return jobs.record(new JobStatus(id, JobStatus.FAILED, request == null ? null : request.store(),
                request == null ? null : request.array(), request == null ? null : request.region(),
                request == null ? null : request.format().name(), null, reason + " (the request is in " + parked + ")"));
    }

    private JobStatus failReturn(Path file, Job job, InputDisposal disposal, String reason, Path mask) {
        String parked = disposal.park(file, reason, mask);
        LOG.warn("returned file {} failed: {}", file.getFileName(), reason);
        if (job == null) {
            return null;  // matched no job: there is no status to update
        }
        // the export is still valid: the user may fix the file and return it again
        JobStatus before = jobs.find(job.id());
        String state = before == null ? JobStatus.EXPORTED : before.state();
        return jobs.record(status(job, state, exportOf(job), "the returned file " + file.getFileName() + " was refused: "
                + reason + " (it is in " + parked + "); fix it and return it again"));
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

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary mask is removed at the next start
        }
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

    /**
     * A Java error while handling one input (it ran the relay out of memory, or recursed too deep)
     * parks that input with this reason; the relay, its ledger and every other job go on.
     */
    static String errorReason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "the relay ran out of memory handling this file (" + e.getMessage() + "): if the file is what it should"
                    + " be, give the relay more memory (java -Xmx...) or a smaller relay.slab-mb";
        }
        if (e instanceof StackOverflowError) {
            return "the file is nested too deeply to be read (the reader ran out of stack): it is damaged or not what its"
                    + " name says";
        }
        return "internal error (please report it): " + e;
    }
}
