package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stream cache leaves of an upload whose client went away is removed once nothing has
 * written to it for the given time; a body still arriving (written to recently) is left alone.
 */
class SpoolStaleTest {
    @TempDir
    Path dir;

    @Test
    void filesNotWrittenToForTheGivenTimeAreRemovedOthersKept() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("http"));
        Path cutOff = Files.write(cache.resolve("cos1.tmp"), new byte[1000]);
        Files.setLastModifiedTime(cutOff, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2).toMillis()));
        Path arriving = Files.write(cache.resolve("cos2.tmp"), new byte[1000]);

        assertEquals(1, Spool.removeStale(cache, Duration.ofHours(1)));
        assertFalse(Files.exists(cutOff));
        assertTrue(Files.exists(arriving));
        assertEquals(0, Spool.removeStale(dir.resolve("absent"), Duration.ofHours(1)), "no folder: nothing to do");
    }
}
