package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Says whether a folder changed: every entry (folders and links too) with a hash of each file's bytes. */
final class Fingerprints {
    private Fingerprints() {
    }

    /** Relative path to "dir", "link -> target" or the SHA-256 of the file's bytes. */
    static Map<String, String> tree(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(name, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, "dir");
                } else {
                    entries.put(name, sha256(Files.readAllBytes(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Two {@link RelayHarness#fingerprint}s are equal, file by file. */
    static void assertSame(Map<String, byte[]> before, Map<String, byte[]> after, String what) {
        assertEquals(new TreeMap<>(before).keySet(), new TreeMap<>(after).keySet(), what + ": the same files");
        before.forEach((k, v) -> {
            if (!Arrays.equals(v, after.get(k))) {
                fail(what + ": " + k + " changed");
            }
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
