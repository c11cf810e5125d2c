package org.zarrrelay.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.zarrrelay.job.RoundTrip;

/**
 * Folders in the returns folder (a DICOM series, one file per slice), for routes/returns-folders:
 * a folder is taken once what it holds (how many files, how many bytes, the newest time) has not
 * changed for the read-lock time, so a series still being copied is never read half-way.
 */
public final class ReturnFolderBean {
    /** A folder holding more entries than this is no series a tool wrote: it is still taken, once settled. */
    private static final int MAX_ENTRIES = 1_000_000;

    private final RoundTrip roundTrip;
    private final Path returns;
    private final long settleMillis;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final AtomicInteger writingBack = new AtomicInteger();

    private record Seen(String signature, long since) {
    }

    ReturnFolderBean(RoundTrip roundTrip, long settleMillis) {
        this.roundTrip = roundTrip;
        this.returns = roundTrip.folders().returns();
        this.settleMillis = settleMillis;
    }

    /** Takes every folder that has settled. */
    public void poll() {
        List<Path> folders;
        try (Stream<Path> list = Files.list(returns)) {
            folders = list.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("~")).sorted().toList();
        } catch (IOException e) {
            return;  // the returns folder is gone or unreadable: the file route reports that
        }
        seen.keySet().retainAll(folders);
        long now = System.currentTimeMillis();
        for (Path folder : folders) {
            String signature = signature(folder);
            Seen before = seen.get(folder);
            if (before == null || !before.signature().equals(signature)) {
                seen.put(folder, new Seen(signature, now));
            } else if (now - before.since() >= settleMillis) {
                seen.remove(folder);
                writingBack.incrementAndGet();
                try {
                    roundTrip.onReturn(folder);
                } finally {
                    writingBack.decrementAndGet();
                }
            }
        }
    }

    /**
     * Folders being written back now (0 or 1): the route's timer runs a poll every tick, and a poll
     * that only looks at the folders is no job.
     */
    int writingBack() {
        return writingBack.get();
    }

    /** How many files, how many bytes, the newest modification: any copy in progress changes it. */
    private static String signature(Path folder) {
        long[] sum = new long[3];
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.limit(MAX_ENTRIES).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    sum[0]++;
                    sum[1] += a.size();
                    sum[2] = Math.max(sum[2], a.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    sum[0] += 1_000_000_007L;  // vanished while listed: changing
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "unreadable " + System.nanoTime();
        }
        return sum[0] + ":" + sum[1] + ":" + sum[2];
    }
}
