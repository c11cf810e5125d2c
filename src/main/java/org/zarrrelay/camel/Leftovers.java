package org.zarrrelay.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.job.DataFolders;

/**
 * Removes what a relay that was killed left in its data folder, at start, before anything runs:
 * temporary files of unfinished exports and conflict masks (hidden {@code .*.tmp}), bodies spooled
 * from S3, the queue or HTTP that were never handed on, and Camel's spooled upload streams.
 * Requests accepted by HTTP and uploads waiting for their write-back are kept: they are run again.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    static void remove(DataFolders folders) {
        long removed = 0;
        for (Path dir : new Path[] {folders.exports(), folders.returns(), folders.inbox(), folders.status()}) {
            removed += removeMatching(dir, name -> name.startsWith(".") && name.endsWith(".tmp"));
        }
        removed += removeMatching(folders.spool(), name -> !Spool.KEPT.contains(name));
        if (removed > 0) {
            LOG.info("removed {} file(s) left by a relay that stopped in the middle of a job", removed);
        }
    }

    private static long removeMatching(Path dir, java.util.function.Predicate<String> leftover) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> leftover.test(p.getFileName().toString())).toList()) {
                n += TempFiles.removeTree(p).files();
            }
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", dir, e.getMessage());
        }
        return n;
    }
}
