package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.TxEntry;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.Store;

/**
 * Processed files coming back, whatever brought them (a folder, S3, an upload, the CLI): matched
 * to their job, written back as one transaction under the store's lock ({@link WriteBack}), then
 * moved on and recorded; refused ones parked with their reason, and noted in their job's status.
 */
final class ReturnedFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ReturnedFiles.class);

    private final JobDesk desk;
    private final WriteBack writeBack;
    private final Cast defaultCast;

    /** @param defaultCast what a result may do about its type when neither request nor return says (relay.cast) */
    ReturnedFiles(JobDesk desk, WriteBack writeBack, Cast defaultCast) {
        this.desk = desk;
        this.writeBack = writeBack;
        this.defaultCast = defaultCast;
    }

    /** Handles one returned file: match, options sidecar, write-back, status; then archived or parked. */
    JobStatus onReturn(Path file, InputDisposal disposal) {
        return returned(file, disposal, () -> desk.matcher.match(file), job -> Sidecars.read(file));
    }

    /**
     * A returned file known to belong to job {@code id} (an upload to that job's URL), with options
     * given beside it (query parameters).
     */
    JobStatus onReturn(String id, Path file, InputDisposal disposal, WritebackOptions options) {
        return returned(file, disposal, () -> desk.matcher.job(id), job -> options);
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
            return failReturn(file, job, disposal, JobDesk.reason(e), e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on returned file {}", file, e);
            return failReturn(file, job, disposal, "internal error (please report it): " + e, e);
        } catch (Error e) {
            LOG.error("error on returned file {}", file, e);
            return failReturn(file, job, disposal, JobDesk.errorReason(e), e);
        }
    }

    private JobStatus writeBack(Job job, Path file, WritebackOptions given, InputDisposal disposal) {
        String location = desk.locationOf(job);
        WritebackOptions options = withDefaults(job.options().overriddenBy(given));
        Path mask = JobDesk.maskFor(file);
        try {
            return writeBackLocked(job, location, file, options, mask, () -> disposal.archive(file));
        } catch (ConflictException e) {
            String parked = disposal.park(file, e.getMessage(), e.mask());
            LOG.warn("returned file {} refused for conflicts: {}", file.getFileName(), e.getMessage());
            return desk.jobs.record(JobDesk.status(job, JobStatus.CONFLICT, desk.exportOf(job), "the returned file " + file.getFileName()
                    + " was refused: " + e.getMessage() + " (it is in " + parked + ")").withReason(FailureReason.CONFLICT));
        } finally {
            JobDesk.deleteQuietly(mask);
        }
    }

    /**
     * The CLI's import of a job's result ({@code import --manifest}): the same write-back as a
     * returned file, the user's file left where it is; a conflict mask is written beside it.
     */
    JobStatus writeBackFile(String id, Path file, WritebackOptions given) {
        Job job = desk.matcher.job(id);
        String location = desk.locationOf(job);
        WritebackOptions options = withDefaults(job.options().overriddenBy(given));
        Path mask = file.resolveSibling(JobFiles.conflictMask(file.getFileName().toString()));
        try {
            return writeBackLocked(job, location, file, options, mask, () -> { });
        } catch (ConflictException e) {
            desk.jobs.record(JobDesk.status(job, JobStatus.CONFLICT, desk.exportOf(job), "the file " + file + " was refused: "
                    + e.getMessage()).withReason(FailureReason.CONFLICT));
            throw e;
        }
    }

    /**
     * The CLI's import of a file at an offset ({@code import --offset}): a job of its own (there
     * was no export, so nothing to merge with), recorded, journaled and undoable like any other.
     */
    JobStatus place(String store, String array, long[] offset, Path file, String target, WritebackOptions given) {
        String location = desk.roots.resolve(store);
        String id = RegionRequest.newId();
        Job job = desk.withStore(location, () -> Placements.job(id, desk.roots.nameOf(location), location, array, offset,
                file, target, given, desk.opener));
        if (!desk.jobs.claim(new JobStatus(job.id(), JobStatus.ACCEPTED, job.manifest().store(), array,
                job.manifest().region(), job.manifest().format(), null, "placing " + file))) {
            throw new IllegalStateException("a fresh job id was taken: " + job.id());
        }
        desk.jobs.saveJob(job);
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
        Store store = desk.opener.store(location);
        ChunkExecutor executor = desk.opener.executor(location);
        return desk.withStore(location, () -> {
            Journal journal = Journal.of(store, executor);
            TxEntry last = journal.lastWriteBack(job.id());
            if (last != null) {
                JobStatus s = alreadyWritten(job, file, last);
                used.run();
                return s;
            }
            JobStatus now = desk.jobs.find(job.id());
            JobStatus running = JobDesk.status(job, now != null ? now.state() : JobStatus.EXPORTED, desk.exportOf(job),
                    "writing back " + file.getFileName());
            WriteBack.Result r = writeBack.run(job, store, executor, file, options, mask,
                    new ReportedProgress(desk.jobs, running, JobProgress.Phase.CHECKING));
            String name = file.getFileName().toString();
            String there = InputIdentity.ofOrNull(file);
            if (there == null || InputIdentity.same(r.summary().input(), there)) {
                used.run();
            } else {
                // replaced since its commit: the file there now was not written back, so it is not moved on as if it
                // had been; it is taken next as another result for this job
                LOG.warn("job {}: {} was replaced after it was written back; the new file stays in place", job.id(), name);
            }
            JobStatus s = desk.jobs.record(JobDesk.status(job, JobStatus.WRITTEN_BACK, desk.exportOf(job), "wrote " + name
                    + " back into region " + job.manifest().region() + mergeNote(r)));
            journal.acknowledge(r.summary().tx());
            desk.pruneNow(journal, location);
            LOG.info("job {}: wrote back {}", job.id(), name);
            return s;
        });
    }

    /**
     * A job's write-back is done once: the same file taken again (the relay stopped before moving
     * it on, or the file was returned or imported a second time) is recognised and archived; any
     * other result needs an undo first.
     */
    private JobStatus alreadyWritten(Job job, Path file, TxEntry last) {
        if (InputIdentity.same(last.summary().input(), InputIdentity.of(file))) {
            LOG.info("job {}: {} was written back already, at {}; the same file again writes nothing", job.id(),
                    file.getFileName(), last.summary().committed());
            return desk.jobs.record(JobDesk.status(job, JobStatus.WRITTEN_BACK, desk.exportOf(job), "wrote " + file.getFileName()
                    + " back into region " + job.manifest().region() + " at " + last.summary().committed()
                    + " (the same file taken again wrote nothing)"));
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

    private JobStatus failReturn(Path file, Job job, InputDisposal disposal, String reason, Throwable cause) {
        String parked = disposal.park(file, reason, null);
        LOG.warn("returned file {} failed: {}", file.getFileName(), reason);
        if (job == null) {
            return null;  // matched no job: there is no status to update
        }
        // the export is still valid: the user may fix the file and return it again (a job written back
        // already keeps its result; the reason says how to replace it)
        JobStatus before = desk.jobs.find(job.id());
        String state = before == null ? JobStatus.EXPORTED : before.state();
        String next = JobStatus.WRITTEN_BACK.equals(state) ? "the write-back done before stands" : "fix it and return it again";
        return desk.jobs.record(JobDesk.status(job, state, desk.exportOf(job), "the returned file " + file.getFileName() + " was refused: "
                + reason + " (it is in " + parked + "); " + next).withReason(FailureReason.of(cause, true)));
    }


    private WritebackOptions withDefaults(WritebackOptions o) {
        return o.cast() != null ? o : new WritebackOptions(defaultCast, o.levels(), o.onConflict());
    }
}
