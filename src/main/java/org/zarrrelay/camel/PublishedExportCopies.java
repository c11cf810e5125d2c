package org.zarrrelay.camel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.format.TempFiles;

/**
 * Removes the local copies of exports that were published to an S3 exports prefix once they are
 * older than relay.exports.keep-days: the prefix holds them, GET /api/jobs/{id}/export streams them
 * from there, and returns are matched in the ledger, so the local copy is only a cache.
 * Temporary files of exports being written (hidden names) are left alone.
 */
final class PublishedExportCopies {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedExportCopies.class);

    private PublishedExportCopies() {
    }

    /** Removes what in {@code exports} was last modified before now minus {@code keep}; returns how many entries. */
    static int prune(Path exports, Duration keep) {
        int removed = 0;
        try {
            removed = TempFiles.removeOlderThan(exports, keep, p -> !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            LOG.warn("could not remove old local copies of published exports in {}: {}", exports, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed {} local copies of exports published to S3 more than {} day(s) ago (relay.exports.keep-days)",
                    removed, keep.toDays());
        }
        return removed;
    }
}
