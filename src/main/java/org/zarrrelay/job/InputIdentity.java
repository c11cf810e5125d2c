package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises a returned file taken a second time because the relay stopped after writing it back
 * but before moving it on: its name, size and modification time, kept in the journal. A result
 * saved again by a tool has a new time, so it is never mistaken for the one already written.
 */
final class InputIdentity {
    private InputIdentity() {
    }

    static String of(Path file) {
        try {
            return file.getFileName() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** As {@link #of}, or null when the file cannot be read (gone). */
    static String ofOrNull(Path file) {
        try {
            return of(file);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** The file name an identity was made from. */
    static String name(String identity) {
        int bar = identity.indexOf('|');
        return bar < 0 ? identity : identity.substring(0, bar);
    }
}
