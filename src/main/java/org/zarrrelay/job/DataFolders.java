package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local folders of the round trip (INTERFACES.md, "Data folder"). {@code spool} holds bodies
 * that arrive by S3, queue or HTTP while they are handled, so every trigger hands the round trip a
 * local file.
 */
public record DataFolders(Path inbox, Path exports, Path returns, Path status, Path failed, Path archive, Path spool) {

    /** The default layout under one data folder. */
    public static DataFolders under(Path data) {
        return new DataFolders(data.resolve("inbox"), data.resolve("exports"), data.resolve("returns"),
                data.resolve("status"), data.resolve("failed"), data.resolve("archive"), data.resolve("spool"));
    }

    /** Where Camel's stream cache spools HTTP bodies too large to hold in memory. */
    public Path httpStreamCache() {
        return spool.resolve("http");
    }

    public DataFolders createAll() {
        for (Path p : new Path[] {inbox, exports, returns, status, failed, archive, spool}) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create folder " + p + ": check permissions", e);
            }
        }
        return this;
    }
}
