package org.zarrrelay.job;

/** Told of every change of a job's state, after it is recorded (the queue publishes these as events). */
@FunctionalInterface
public interface JobListener {
    JobListener NONE = s -> { };

    void changed(JobStatus status);
}
