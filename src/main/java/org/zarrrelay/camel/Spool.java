package org.zarrrelay.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.TempFiles;

/**
 * Turns a body that arrived by S3, queue or HTTP into a local file under the spool folder, so it
 * can go through the same round trip as a dropped file. The file keeps the input's own name (for
 * matching returns by name and for failed/) inside a folder of its own.
 */
final class Spool {
    private static final String ACCEPTED = "accepted";
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String UPLOADS = "uploads";
    private static final String UPLOAD_RECORD = "upload.json";
    /** What a restart keeps in the spool folder (everything else there is a leftover): see {@link Leftovers}. */
    static final java.util.Set<String> KEPT = java.util.Set.of(ACCEPTED, UPLOADS);

    private final Path dir;

    Spool(Path dir) {
        this.dir = dir;
    }

    /** Copies at most {@code limit} bytes; more is an error that names the limit. */
    Path save(String name, InputStream body, long limit, String limitSetting) {
        String safe = safeName(name);
        try {
            Path folder = Files.createDirectories(dir.resolve(UUID.randomUUID().toString()));
            Path file = folder.resolve(safe);
            try (InputStream in = body; OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > limit) {
                        throw new TooLargeException(name + " is larger than " + limit + " bytes, the most " + limitSetting
                                + " allows; send a smaller body or raise " + limitSetting);
                    }
                    out.write(buf, 0, n);
                }
            } catch (TooLargeException | IOException e) {
                discard(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool " + name + " into " + dir + ": check the disk", e);
        }
    }

    /**
     * Removes the files directly in {@code dir} not modified for {@code age}: what Camel's stream
     * cache leaves of a body whose client went away mid-way (it removes those of finished exchanges).
     *
     * @return how many were removed
     */
    static int removeStale(Path dir, Duration age) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed;
        try {
            removed = TempFiles.removeOlderThan(dir, age, Files::isRegularFile);
        } catch (IOException e) {
            return 0;  // cannot be listed now: the next round looks again
        }
        if (removed > 0) {
            LOG.info("removed {} partial upload(s) left by clients that went away, from {}", removed, dir);
        }
        return removed;
    }

    /** Removes a spooled file (and its folder) that was never handed on. */
    static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // a leftover in spool/ is harmless; the next start does not read it
        }
    }

    /** Moves an accepted request to {@code accepted/<id>.json}, where a restart finds it. */
    Path accept(Path file, String id) {
        try {
            Path target = Files.createDirectories(dir.resolve(ACCEPTED)).resolve(id + ".json");
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            release(file);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the accepted request " + id + " in " + dir, e);
        }
    }

    /** Requests accepted but not yet run, oldest first. */
    java.util.List<Path> accepted() {
        Path folder = dir.resolve(ACCEPTED);
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(java.util.Comparator.comparing(p -> p.toFile().lastModified())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** A processed file received by HTTP and kept until its write-back is done, so a restart does it. */
    record Upload(String id, Path file, org.zarrrelay.job.WritebackOptions options) {
    }

    /** Keeps a spooled upload under {@code uploads/} with what it is for, until {@link #release(Upload)}. */
    Upload keepUpload(Path file, String id, org.zarrrelay.job.WritebackOptions options) {
        try {
            Path folder = Files.createDirectories(dir.resolve(UPLOADS).resolve(file.getParent().getFileName()));
            com.fasterxml.jackson.databind.node.ObjectNode record = org.zarrrelay.zarr.Json.MAPPER.createObjectNode();
            record.put("id", id);
            record.set("options", org.zarrrelay.zarr.Json.MAPPER.valueToTree(options));
            org.zarrrelay.job.AtomicFiles.write(folder.resolve(UPLOAD_RECORD), org.zarrrelay.zarr.Json.bytes(record));
            Path kept = folder.resolve(file.getFileName());
            Files.move(file, kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            release(file);
            return new Upload(id, kept, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the upload for job " + id + " in " + dir, e);
        }
    }

    /** Uploads received but not yet written back (the relay stopped), oldest first. */
    java.util.List<Upload> uploads() {
        Path folder = dir.resolve(UPLOADS);
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        java.util.List<Upload> found = new java.util.ArrayList<>();
        try (var dirs = Files.list(folder)) {
            for (Path d : dirs.sorted(java.util.Comparator.comparing(p -> p.toFile().lastModified())).toList()) {
                Path record = d.resolve(UPLOAD_RECORD);
                if (!Files.isRegularFile(record)) {
                    discardFolder(d);
                    continue;
                }
                var json = org.zarrrelay.zarr.Json.parse(Files.readAllBytes(record), record.toString());
                try (var files = Files.list(d)) {
                    Path file = files.filter(p -> !p.getFileName().toString().equals(UPLOAD_RECORD)).findFirst().orElse(null);
                    if (file == null) {
                        discardFolder(d);
                        continue;
                    }
                    found.add(new Upload(json.path("id").asText(), file, org.zarrrelay.zarr.Json.MAPPER.treeToValue(
                            json.path("options"), org.zarrrelay.job.WritebackOptions.class)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return found;
    }

    /** Removes a kept upload's folder once its write-back is done (the file itself was archived or parked). */
    static void release(Upload upload) {
        discardFolder(upload.file().getParent());
    }

    private static void discardFolder(Path d) {
        try (var files = Files.list(d)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(d);
        } catch (IOException e) {
            // a leftover is removed at the next start
        }
    }

    /** Removes the private folder of a spooled file once the round trip has moved the file on. */
    static void release(Path file) {
        try {
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // not empty (the file was not moved on) or already gone: nothing to tidy
        }
    }

    /** The last path segment, with anything a file system could misread replaced. */
    static String safeName(String name) {
        String last = name == null ? "" : name.substring(name.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "input" + safe : safe;
    }

    /** A body over its size limit. */
    static final class TooLargeException extends RelayException {
        TooLargeException(String message) {
            super(message);
        }
    }
}
