package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;

/**
 * Finds the job a returned file belongs to: by a name that starts with the job id ({@code <id>.tif},
 * {@code <id>-processed.tif}, {@code <id>_blur.tif}), else by the id the file carries inside (e.g.
 * ImageJ's Info property, kept across Save). The longest matching id wins, so job {@code a-1}
 * is not mistaken for {@code a}.
 */
public final class ReturnMatcher {
    private final Path exportsDir;

    public ReturnMatcher(Path exportsDir) {
        this.exportsDir = exportsDir;
    }

    /** The manifest of the file's job; an error saying what was tried when there is none. */
    public Manifest match(Path file) {
        String name = file.getFileName().toString();
        String best = null;
        for (String id : knownIds()) {
            if (name.startsWith(id) && (name.length() == id.length() || "._-".indexOf(name.charAt(id.length())) >= 0)
                    && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        if (best == null) {
            best = idInside(file);
        }
        if (best == null) {
            throw new RequestException(name + " matches no exported job: its name must start with a job id"
                    + " (e.g. <id>-processed.tif) or the file must carry the id (ImageJ keeps it in the image's Info);"
                    + " known jobs: " + summary(knownIds()));
        }
        Path manifest = exportsDir.resolve(best + ".manifest.json");
        if (!Files.exists(manifest)) {
            throw new RequestException(name + " carries job id " + best + ", but there is no manifest "
                    + manifest.getFileName() + " in " + exportsDir + ": was it exported by this relay?");
        }
        return Manifest.read(manifest);
    }

    /** The manifest of job {@code id}; an error when the relay exported no such job. */
    public Manifest manifest(String id) {
        Path manifest = RegionRequest.isValidId(id) ? exportsDir.resolve(id + ".manifest.json") : null;
        if (manifest == null || !Files.exists(manifest)) {
            throw new RequestException("job '" + id + "' has no export to return a result for: check the job id"
                    + " (known jobs: " + summary(knownIds()) + ")");
        }
        return Manifest.read(manifest);
    }

    private static String idInside(Path file) {
        try (VolumeReader r = Formats.forFile(file.getFileName().toString()).open(file)) {
            String id = r.info().jobId();
            return RegionRequest.isValidId(id) ? id : null;
        } catch (RelayException e) {
            return null;
        }
    }

    private List<String> knownIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(exportsDir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".manifest.json") && !n.startsWith("."))
                    .forEach(n -> ids.add(n.substring(0, n.length() - ".manifest.json".length())));
        } catch (IOException e) {
            throw new RelayException("cannot list the exports folder " + exportsDir + ": " + e.getMessage(), e);
        }
        return ids;
    }

    private static String summary(List<String> ids) {
        if (ids.isEmpty()) {
            return "(none)";
        }
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
    }
}
