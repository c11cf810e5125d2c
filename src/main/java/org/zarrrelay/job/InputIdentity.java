package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Recognises a returned file taken a second time because the relay stopped after writing it back
 * but before moving it on: its name, size, modification time and file number (inode), kept in the
 * journal. A result saved again by a tool has a new time, and another file of the same name, size
 * and time (two uploads within a millisecond, a copy that kept its time) has another file number,
 * so neither is mistaken for the one already written.
 */
final class InputIdentity {
    private InputIdentity() {
    }

    static String of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.getFileName() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis()
                    + (a.fileKey() != null ? "|" + a.fileKey() : "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Whether {@code now} (from {@link #of}) is the file {@code recorded} in the journal. A record
     * made before identities had a file number (name, size and time only) is compared on those.
     */
    static boolean same(String recorded, String now) {
        if (recorded == null || now == null) {
            return false;
        }
        if (recorded.equals(now)) {
            return true;
        }
        String[] r = recorded.split("\\|", -1);
        String[] n = now.split("\\|", 4);
        return r.length == 3 && n.length == 4 && r[0].equals(n[0]) && r[1].equals(n[1]) && r[2].equals(n[2]);
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
