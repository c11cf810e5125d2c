package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.zarrrelay.journal.JournalException;
import org.zarrrelay.ome.OmeException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.store.StoreException;

/**
 * Why a job failed or an input was refused, in a few classes an operator can count and alert on
 * (a job status's {@code reason}; {@code zarr_relay_failures_total{reason}} on /metrics): the
 * user's input, the store's content, the storage under it, or the relay itself.
 */
public enum FailureReason {
    /** A request (or undo) that cannot run as given: bad JSON, region, store name, option. */
    REQUEST,
    /** A returned file refused by its checks: not the job's, another shape, type or voxel size, unreadable. */
    RESULT,
    /** A returned file refused because it and the store changed the same voxels since the export. */
    CONFLICT,
    /** The store's metadata or chunks cannot be used: malformed, or a feature zarr-relay does not support. */
    STORE,
    /** Reading or writing failed underneath: a disk, a folder's permissions, S3. */
    STORAGE,
    /** The relay ran out of memory (or stack) on the input. */
    MEMORY,
    /** A fault of the relay itself, to be reported. */
    INTERNAL;

    /** The name in statuses and metrics: {@code request}, {@code result}, ... */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class of a failure.
     *
     * @param onResult true when the input was a returned file, false for a request
     */
    public static FailureReason of(Throwable e, boolean onResult) {
        if (e instanceof ConflictException) {
            return CONFLICT;
        }
        if (e instanceof StoreException || e instanceof JournalException || e instanceof UncheckedIOException
                || e instanceof IOException) {
            return STORAGE;
        }
        if (e instanceof RequestException) {
            return onResult ? RESULT : REQUEST;
        }
        if (e instanceof ZarrException || e instanceof OmeException) {
            return STORE;
        }
        if (e instanceof OutOfMemoryError || e instanceof StackOverflowError) {
            return MEMORY;
        }
        if (e instanceof org.zarrrelay.RelayException) {
            // the format readers' own exceptions (a damaged npy or NIfTI) are about the input
            return onResult ? RESULT : REQUEST;
        }
        return INTERNAL;
    }
}
