package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.List;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;

/**
 * Finds the job a returned file belongs to, in the job ledger (so any worker sharing it finds any
 * job): by a name that starts with the job id ({@code <id>.tif}, {@code <id>-processed.tif},
 * {@code <id>_blur.tif}; the longest id wins, so job {@code a-1} is not mistaken for {@code a}),
 * else by the id the file carries inside (ImageJ's Info property, kept across Save). Manifest
 * files in the exports folder are never trusted for this: they can be copied or edited.
 */
public final class ReturnMatcher {
    static final String EMPTY = "the file is empty (0 bytes): it was probably saved or copied half-way; save the result again";

    private final Jobs jobs;

    public ReturnMatcher(Jobs jobs) {
        this.jobs = jobs;
    }

    /**
     * The file's job; an error saying what was tried when there is none. When the name starts with
     * the ids of several jobs ({@code m-2-fixed.tif}: jobs {@code m-2} and {@code m}), the id the file
     * carries inside picks one; without it the longest wins.
     */
    public Job match(Path file) {
        String name = file.getFileName().toString();
        List<Job> named = new java.util.ArrayList<>();
        for (String id : JobFiles.idsInName(name)) {
            Job job = jobs.job(id);
            if (job != null) {
                named.add(job);
            }
        }
        if (named.size() > 1) {
            String inside = idInside(file);
            return named.stream().filter(j -> j.id().equals(inside)).findFirst().orElse(named.get(0));
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (isEmpty(file)) {
            throw new RequestException(EMPTY);
        }
        String inside = idInside(file);
        if (inside != null) {
            Job job = jobs.job(inside);
            if (job != null) {
                return job;
            }
            throw new RequestException(name + " carries job id " + inside + ", but this relay's ledger has no export of"
                    + " that job: was it exported by another relay (with another ledger)?");
        }
        throw new RequestException(name + " matches no exported job: its name must start with a job id and then"
                + " '-', '_' or '.' (e.g. <id>-processed.tif), or the file must carry the id (ImageJ keeps it in the"
                + " image's Info);"
                + " recent jobs: " + recent());
    }

    /** Job {@code id}; an error when the ledger has no export of it. */
    public Job job(String id) {
        Job job = RegionRequest.isValidId(id) ? jobs.job(id) : null;
        if (job == null) {
            throw new RequestException("job '" + id + "' has no export to return a result for: check the job id"
                    + " (recent jobs: " + recent() + ")");
        }
        return job;
    }

    private static boolean isEmpty(Path file) {
        try {
            return java.nio.file.Files.size(file) == 0;
        } catch (java.io.IOException e) {
            return false;  // unreadable: the reader says why
        }
    }

    private static String idInside(Path file) {
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            String id = r.info().jobId();
            return RegionRequest.isValidId(id) ? id : null;
        } catch (RelayException e) {
            return null;
        }
    }

    private String recent() {
        List<String> ids = jobs.list(JobStatus.EXPORTED, 6).stream().map(JobStatus::id).toList();
        if (ids.isEmpty()) {
            return "(none waiting for a result)";
        }
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + " and more";
    }
}
