package org.zarrrelay.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.zarrrelay.RelayException;

/**
 * Turns a body that arrived by S3, queue or HTTP into a local file under the spool folder, so it
 * can go through the same round trip as a dropped file. The file keeps the input's own name (for
 * matching returns by name and for failed/) inside a folder of its own.
 */
final class Spool {
    private static final String ACCEPTED = "accepted";

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
