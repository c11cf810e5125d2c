package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.Recovered;

/**
 * What every kind of job work shares: the folders, the store roots and how stores are opened, the
 * ledger, the store locks (with the recovery of interrupted transactions they run first), and the
 * status records jobs leave.
 */
final class JobDesk {
    private static final Logger LOG = LoggerFactory.getLogger(JobDesk.class);
    /** How often a store's journal is pruned: this process remembers its own last time, the store everyone's. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    final DataFolders folders;
    final StoreRoots roots;
    final ArrayOpener opener;
    final Jobs jobs;
    final ReturnMatcher matcher;
    private final ExportPublisher publisher;
    private final StoreLocks locks;
    private final Duration keep;
    private final Map<String, Instant> pruned = new ConcurrentHashMap<>();

    JobDesk(DataFolders folders, StoreRoots roots, ArrayOpener opener, Jobs jobs, ExportPublisher publisher, Duration keep) {
        this.folders = folders;
        this.roots = roots;
        this.opener = opener;
        this.jobs = jobs;
        this.matcher = new ReturnMatcher(jobs);
        this.publisher = publisher;
        this.locks = new StoreLocks(jobs, this::recovered);
        this.keep = keep;
    }

    ExportPublisher publisher() {
        return publisher;
    }

    /**
     * Takes the lock of the store at {@code location}, finishing or rolling back whatever an
     * interrupted process left in its journal first, and runs {@code work}.
     */
    <T> T withStore(String location, Supplier<T> work) {
        return locks.with(location, opener.store(location), opener.executor(location), work);
    }

    Journal journal(String location) {
        return Journal.of(opener.store(location), opener.executor(location));
    }

    /** Recovers the journal of every store on disk under the roots that has one (serve at start). */
    void recoverAll() {
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

    /** The store a job writes to, resolved under this relay's roots now (not where it was when exported). */
    String locationOf(Job job) {
        try {
            return roots.resolve(job.manifest().store());
        } catch (RequestException e) {
            if (Path.of(job.manifest().store()).isAbsolute()) {
                throw new RequestException("job " + job.id() + " was exported by the command line from "
                        + job.manifest().store() + ", which is not under this relay's store roots: write its result back"
                        + " with 'zarr-relay import --job " + job.id() + " --in FILE', or add that folder to relay.stores", e);
            }
            throw new RequestException("job " + job.id() + "'s store '" + job.manifest().store() + "' is not reachable from"
                    + " this relay's store roots: " + e.getMessage(), e);
        }
    }

    /** Removes undo data and merge bases older than relay.journal.keep-days, at most hourly per store. */
    void pruneNow(Journal journal, String location) {
        Instant last = pruned.get(location);
        Instant now = Instant.now();
        if (last == null || last.isBefore(now.minus(PRUNE_EVERY))) {
            pruned.put(location, now);
            try {
                journal.pruneIfDue(now, keep, PRUNE_EVERY);
            } catch (RuntimeException e) {
                // housekeeping after the job's own work is done and recorded: the job stands
                LOG.warn("could not prune the journal of {} ({}); the job is done, and pruning is tried again within the"
                        + " hour", location, e.getMessage());
            }
        }
    }

    /** Where a conflict mask for {@code input} is written while its job runs: hidden, beside the input. */
    static Path maskFor(Path input) {
        return input.resolveSibling("." + JobFiles.conflictMask(input.getFileName().toString()) + ".tmp");
    }

    static JobStatus status(Job job, String state, String export, String message) {
        Manifest m = job.manifest();
        return new JobStatus(job.id(), state, m.store(), m.array(), m.region(), m.format(), export, message);
    }

    static JobStatus withState(JobStatus s, String state, String message) {
        return new JobStatus(s.id(), state, s.store(), s.array(), s.region(), s.format(), s.export(), message);
    }

    static JobStatus withMessage(JobStatus s, String message) {
        return withState(s, s.state(), message);
    }

    /** Where the user finds the job's export, as its status says. */
    String exportOf(Job job) {
        JobStatus before = jobs.find(job.id());
        if (before != null && before.export() != null) {
            return before.export();
        }
        return job.manifest().file() == null ? null : publisher.describe(folders.exports().resolve(job.manifest().file()));
    }

    static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary mask is removed at the next start
        }
    }

    static String reason(Exception e) {
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
        if (e instanceof OutOfMemoryError oom) {
            return "the relay " + org.zarrrelay.OutOfMemory.advice(oom) + " (if the file is what it should be; a damaged"
                    + " file can claim sizes it does not hold)";
        }
        if (e instanceof StackOverflowError) {
            return "the file is nested too deeply to be read (the reader ran out of stack): it is damaged or not what its"
                    + " name says";
        }
        return "internal error (please report it): " + e;
    }
}
