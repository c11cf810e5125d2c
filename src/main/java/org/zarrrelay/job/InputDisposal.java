package org.zarrrelay.job;

import java.nio.file.Path;

/**
 * Where an input goes once it has been used or refused. A dropped file moves to archive/ or
 * failed/ beside its folder; an S3 object is copied to archive/ or failed/ prefixes; a body posted
 * over HTTP or a queue message is kept in the local folders. Every trigger hands the round trip a
 * local file plus one of these, so the work itself has a single code path.
 */
public interface InputDisposal {

    /** The input was used. */
    void archive(Path file);

    /**
     * The input could not be used: keep it with {@code <name>.error.txt} beside it.
     *
     * @return where it is now, as a user should look for it (e.g. {@code failed/request.json})
     */
    String park(Path file, String reason);

    /**
     * As {@link #park(Path, String)}, keeping a companion file beside it: the conflict mask of a
     * write-back refused for conflicts, named {@code <name>.conflict.tif}.
     */
    String park(Path file, String reason, Path mask);
}
