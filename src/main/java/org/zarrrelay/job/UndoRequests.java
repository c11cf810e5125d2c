package org.zarrrelay.job;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.Store;

/** Undo requests, whatever brought them (the inbox, HTTP, the CLI): the job's write-back undone under the store's lock ({@link Undo}), then recorded. */
final class UndoRequests {
    private static final Logger LOG = LoggerFactory.getLogger(UndoRequests.class);

    private final JobDesk desk;
    private final Undo undo;

    UndoRequests(JobDesk desk, Undo undo) {
        this.desk = desk;
        this.undo = undo;
    }

    /** Undoes job {@code id}'s write-back (inbox {@code {"undo": ...}}, HTTP); the request file is archived or parked. */
    JobStatus undo(String id, Path file, InputDisposal disposal) {
        Path mask = JobDesk.maskFor(file);
        try {
            return undo(id, mask, () -> disposal.archive(file));
        } catch (ConflictException e) {
            disposal.park(file, e.getMessage(), e.mask());
            return desk.jobs.find(id);
        } catch (RelayException | UncheckedIOException e) {
            disposal.park(file, JobDesk.reason(e));
            JobStatus s = desk.jobs.find(id);
            return s != null ? desk.jobs.record(JobDesk.withMessage(s, "undo refused: " + JobDesk.reason(e))
                    .withReason(FailureReason.of(e, false))) : null;
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure undoing job {}", id, e);
            disposal.park(file, e instanceof Error err ? JobDesk.errorReason(err) : "internal error (please report it): " + e);
            return desk.jobs.find(id);
        } finally {
            JobDesk.deleteQuietly(mask);
        }
    }

    /** Undoes job {@code id}'s write-back; a conflict mask, if any, goes to {@code mask}. */
    JobStatus undo(String id, Path mask) {
        return undo(id, mask, () -> { });
    }

    private JobStatus undo(String id, Path mask, Runnable used) {
        Job job = desk.matcher.job(id);
        String location = desk.locationOf(job);
        Store store = desk.opener.store(location);
        ChunkExecutor executor = desk.opener.executor(location);
        return desk.withStore(location, () -> {
            Undo.Result r = undo.run(id, store, executor, mask);
            used.run();
            JobStatus s = desk.jobs.record(JobDesk.status(job, JobStatus.UNDONE, desk.exportOf(job), "undid the write-back of "
                    + r.undone().committed() + (r.kept() > 0 ? "; " + r.kept() + " voxel(s) changed since by later jobs were"
                    + " kept" : "") + "; the job's result can be returned again"));
            Journal.of(store, executor).acknowledge(r.summary().tx());
            LOG.info("job {}: undone", id);
            return s;
        });
    }
}
