package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A job's state as written to {@code status/<id>.json} and the ledger (INTERFACES.md, "Job status").
 *
 * @param created  when the job was first recorded (ISO-8601)
 * @param worker   the host and thread that recorded this state, to tell several workers apart
 * @param progress how far the running step of the job has got; null when nothing runs
 * @param reason   the class of the failure or refusal this state records ({@link FailureReason#text}); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatus(String id, String state, String store, String array, String region, String format,
                        String export, String message, String updated, String created, String worker,
                        JobProgress progress, String reason) {
    public static final String ACCEPTED = "accepted";
    public static final String EXPORTED = "exported";
    public static final String WRITTEN_BACK = "written-back";
    public static final String FAILED = "failed";
    public static final String CONFLICT = "conflict";
    public static final String UNDONE = "undone";
    public static final List<String> STATES = List.of(ACCEPTED, EXPORTED, WRITTEN_BACK, FAILED, CONFLICT, UNDONE);

    /** A new state to record; the ledger stamps the times and the worker. */
    public JobStatus(String id, String state, String store, String array, String region, String format, String export,
                     String message) {
        this(id, state, store, array, region, format, export, message, null, null, null, null, null);
    }

    /** The same state with another message (which no longer records a failure, unless {@link #withReason} says so). */
    public JobStatus withMessage(String text) {
        return new JobStatus(id, state, store, array, region, format, export, text, updated, created, worker, progress,
                null);
    }

    /** The same state with {@code progress} (null: none). */
    public JobStatus withProgress(JobProgress progress) {
        return new JobStatus(id, state, store, array, region, format, export, message, updated, created, worker, progress,
                reason);
    }

    /** The same state, recording a failure or refusal of this class. */
    public JobStatus withReason(FailureReason reason) {
        return new JobStatus(id, state, store, array, region, format, export, message, updated, created, worker, progress,
                reason.text());
    }

    /** The same state stamped with when and by whom it is recorded. */
    JobStatus stamped(String updated, String created, String worker) {
        return new JobStatus(id, state, store, array, region, format, export, message, updated, created, worker, progress,
                reason);
    }
}
