package org.zarrrelay.job;

import java.util.List;

/** The record of every job's latest state, kept across restarts and shared by the workers. */
public interface JobLedger extends AutoCloseable {

    /** Inserts or replaces the job's state (by id). */
    void record(JobStatus status);

    /** The job's state, or null when there is no such job. */
    JobStatus find(String id);

    boolean exists(String id);

    /** Jobs in {@code state} (null: every state), most recently updated first, at most {@code limit}. */
    List<JobStatus> list(String state, int limit);

    @Override
    void close();
}
