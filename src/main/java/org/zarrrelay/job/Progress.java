package org.zarrrelay.job;

/** Told how far long work has got, in bytes of uncompressed voxels. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long doneBytes, long totalBytes);
}
