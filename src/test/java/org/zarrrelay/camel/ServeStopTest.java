package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a JVM of its own, stopped by SIGTERM (what Ctrl-C and a service manager send)
 * while an export runs: the JVM exits only after the relay's own stop is done, so the export
 * finishes and the log says "stopped". (GracefulStopTest stops a relay inside the test's JVM, where
 * the JVM's exit plays no part.)
 */
class ServeStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringAnExportEndsWithTheRelaysWholeStop() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        GracefulStopTest.bigStore(data.resolve("big.zarr"));
        ChildRelay child = ChildRelay.start(data, "512m");
        Path status = data.resolve("status/big.json");
        try {
            Files.writeString(data.resolve("inbox/big.json"), "{\"id\": \"big\", \"store\": \"big.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:192,0:512,0:512\", \"format\": \"npy\"}");
            long end = System.currentTimeMillis() + 60_000;
            while (!(Files.exists(status) && Files.readString(status).contains("\"phase\" : \"exporting\""))
                    && System.currentTimeMillis() < end) {
                RelayHarness.sleep(5);
            }
        } finally {
            child.close();  // SIGTERM, then waits for the process to end
        }
        String log = child.stderrText();
        int exported = log.indexOf("job big: exported");
        int stopped = log.indexOf("RelayService - stopped");
        assertTrue(exported >= 0 && stopped > exported, "the export, then the relay's stop, in the log: " + log);
        assertEquals(2L * 192 * 512 * 512 + 128, Files.size(data.resolve("exports/big.npy")));
        assertTrue(Files.readString(status).contains("\"state\" : \"exported\""), Files.readString(status));
    }
}
