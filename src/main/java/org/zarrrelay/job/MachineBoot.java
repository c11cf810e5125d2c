package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which boot of this machine is running, so an export written without fsync can be recognised
 * after a restart, when the page cache it sat in may have been lost with it.
 */
final class MachineBoot {
    private static final Path LINUX_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String ID = read();

    private MachineBoot() {
    }

    /** The kernel's id of this boot; null where there is none to read (then exports are always synced). */
    static String id() {
        return ID;
    }

    private static String read() {
        try {
            String id = Files.readString(LINUX_BOOT_ID).trim();
            return id.isEmpty() ? null : id;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
