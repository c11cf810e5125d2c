package org.zarrrelay.job;

/** Told how far long work has got, in bytes of uncompressed voxels, and which phase it is in. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long doneBytes, long totalBytes);

    /** A new phase begins; its bytes are counted from 0 by the following updates. */
    default void phase(JobProgress.Phase phase) {
    }
}
