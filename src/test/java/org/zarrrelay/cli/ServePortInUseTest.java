package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: with its HTTP port taken, serve announced the API, logged a BindException and ran on
 * without it. It must stop at start with one line naming the port and the setting.
 */
class ServePortInUseTest {
    @TempDir
    Path dir;

    @Test
    void aTakenPortStopsServeBeforeItAnnouncesAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ExportImportCommandTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> ExportImportCommandTest.runAsIs("serve", "--data", dir.resolve("data").toString(),
                            "--set", "relay.sample=false", "--set", "relay.http.port=" + port));
            assertEquals(ErrorReporter.USER_ERROR, r.status(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
            assertTrue(r.err().contains("port " + port) && r.err().contains("relay.http.port"), r.err());
            assertFalse(r.out().contains("HTTP API"), "nothing is announced: " + r.out());
        }
    }
}
