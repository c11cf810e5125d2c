package org.zarrrelay.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.Jobs;

/**
 * The conflict masks in failed/ ({@code <input name>.conflict.tif}) by job: a mask belongs to the
 * job its input's name names, read as returns are matched, the longest known job id first (so
 * {@code a-1-x.npy} is job {@code a-1}'s when both {@code a} and {@code a-1} exist).
 */
final class ConflictMasks {
    private static final String SUFFIX = JobFiles.conflictMask("");

    private final Path failed;
    private final Jobs jobs;

    ConflictMasks(Path failed, Jobs jobs) {
        this.failed = failed;
        this.jobs = jobs;
    }

    /** The newest mask of job {@code id}, or null when it has none. */
    Path latest(String id) {
        try (var list = Files.list(failed)) {
            return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> id.equals(jobNamedBy(inputName(p))))
                    .max(Comparator.comparing(ConflictMasks::modified)).orElse(null);
        } catch (IOException e) {
            return null;  // no failed/ folder (yet): no masks
        }
    }

    private static String inputName(Path mask) {
        String name = mask.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    private String jobNamedBy(String inputName) {
        return JobFiles.idsInName(inputName).stream().filter(candidate -> jobs.find(candidate) != null).findFirst()
                .orElse(null);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);  // removed meanwhile: the oldest
        }
    }
}
