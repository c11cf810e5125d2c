package org.zarrrelay.job;

import java.util.List;

/** The record of every job's latest state, kept across restarts and shared by the workers. */
public interface JobLedger extends AutoCloseable {

    /** Inserts or replaces the job's state (by id). */
    void record(JobStatus status);

    /** Records a job that must be new: false, changing nothing, when the id exists already. */
    boolean recordNew(JobStatus status);

    /**
     * Takes over a job that failed before it exported anything (a fixed request dropped again with
     * the same id): false, changing nothing, when the job is not in that state.
     */
    boolean retryFailed(JobStatus status);

    /** The job's state, or null when there is no such job. */
    JobStatus find(String id);

    boolean exists(String id);

    /** Keeps the job's record (what was exported and where it goes back) beside its state. */
    void saveJob(Job job);

    /** The job's record, or null when the job has none (it never exported, or does not exist). */
    Job job(String id);

    /** How many jobs are in each state (states with none left out). */
    java.util.Map<String, Long> countByState();

    /** Jobs in {@code state} (null: every state), most recently updated first, at most {@code limit}. */
    List<JobStatus> list(String state, int limit);

    /**
     * Takes the lock named {@code name} for every worker sharing this ledger, waiting while another
     * holds it; closing the returned handle releases it. Write-backs and exports of one store
     * take it, so two workers never write one array at once, whatever brought their jobs.
     */
    Lock lock(String name);

    /**
     * Claims an input (an object in an S3 inbox, by bucket, key and version) for {@code worker}
     * before it is read: true for exactly one of the workers sharing this ledger until
     * {@link #releaseInput} or until the claim is older than {@code lease} (its worker is taken to
     * have died), false for the others.
     */
    boolean claimInput(String input, String worker, java.time.Duration lease);

    /** Ends a claim once its input is dealt with (moved away, or left to be taken again). */
    void releaseInput(String input);

    @Override
    void close();

    /** A held lock. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
