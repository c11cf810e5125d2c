package org.zarrrelay.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zarrrelay.RelayException;

/** The temporary file a writer fills before renaming it into place. */
public final class TempFiles {
    private TempFiles() {
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
