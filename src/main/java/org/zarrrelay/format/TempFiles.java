package org.zarrrelay.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;

/**
 * The temporary file (or folder, for a DICOM series) a writer fills before renaming it into place:
 * hidden, beside its target, {@code .<name>-<random hex>.tmp}.
 */
public final class TempFiles {
    /**
     * A temporary file of the same target not written to for this long was left by an export that
     * was killed: a running export writes to it all the time.
     */
    public static final Duration STALE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

    private TempFiles() {
    }

    /**
     * A new temporary path beside {@code target}. Temporary files of the same target left by an
     * export that was killed ({@link #STALE}) are removed first: a relay's own folders are cleaned
     * when it starts, but an export to any other folder would otherwise leave its partial file
     * (as large as the export) there for good.
     */
    public static Path beside(Path target) {
        removeStale(target, Instant.now());
        return target.resolveSibling("." + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    }

    /** Removes temporary files and folders of {@code target} that nothing has written to since {@code now - STALE}. */
    static void removeStale(Path target, Instant now) {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + "-";
        Pattern ours = Pattern.compile(Pattern.quote(prefix) + "[0-9a-f]{1,16}\\.tmp");
        FileTime before = FileTime.from(now.minus(STALE));
        // the prefix test first: a folder of many files is read once, and most names fail at their first character
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && ours.matcher(n).matches();
        })) {
            for (Path leftover : leftovers) {
                if (lastWritten(leftover).compareTo(before) < 0) {
                    long bytes = deleteTree(leftover);
                    LOG.info("removed {} ({} bytes): the unfinished file of an earlier export to {}, not written to for"
                            + " over {} minutes", leftover, bytes, target.getFileName(), STALE.toMinutes());
                }
            }
        } catch (IOException e) {
            // nothing to clean (no folder yet), or it cannot be listed: the export itself says what is wrong
        }
    }

    /** The newest modification time of a file, or of a folder and everything in it. */
    private static FileTime lastWritten(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            FileTime newest = FileTime.fromMillis(0);
            for (Path q : all.toList()) {
                FileTime t = Files.getLastModifiedTime(q);
                newest = t.compareTo(newest) > 0 ? t : newest;
            }
            return newest;
        }
    }

    /** What a deletion took: how many files, and the bytes they held. */
    public record Removed(long files, long bytes) {
    }

    /**
     * Deletes the entries of {@code dir} that {@code which} accepts and that were last modified
     * before now minus {@code age} (a folder whole); an entry that vanishes meanwhile is skipped.
     *
     * @return how many entries were deleted
     */
    public static int removeOlderThan(Path dir, Duration age, java.util.function.Predicate<Path> which) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(age));
        int removed = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(which).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
                        deleteTree(p);
                        removed++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed by someone else meanwhile
                }
            }
        }
        return removed;
    }

    /** Deletes a file, or a folder with everything in it; returns the bytes its files held (0 when absent). */
    public static long deleteTree(Path p) throws IOException {
        return removeTree(p).bytes();
    }

    /** Deletes a file, or a folder with everything in it; returns how many files went and their bytes. */
    public static Removed removeTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return new Removed(0, 0);
        }
        long files = 0;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(q)) {
                    files++;
                    bytes += Files.size(q);
                }
                Files.deleteIfExists(q);
            }
        }
        return new Removed(files, bytes);
    }

    /**
     * Closes {@code channel} (if open) and deletes {@code temp}, after a failure: what goes wrong
     * meanwhile is added to {@code failure} as suppressed, so the first cause stays the message.
     * True when anything went wrong.
     */
    public static boolean discard(FileChannel channel, Path temp, RelayException failure) {
        boolean problems = false;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
            problems = true;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
            problems = true;
        }
        return problems;
    }
}
