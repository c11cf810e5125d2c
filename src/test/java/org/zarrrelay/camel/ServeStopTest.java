package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

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
        ZarrArray a = ZarrArray.create(new FileSystemStore(data.resolve("big.zarr")), "0",
                NewArray.of(3, new long[] {192, 512, 512}, new int[] {64, 64, 64}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume slab = Volume.allocate(DataType.UINT16, 64, 512, 512);
        for (int i = 0; i < slab.elementCount(); i++) {
            slab.setLong(i, i % 4093);
        }
        for (int z = 0; z < 192; z += 64) {
            a.write(new long[] {z, 0, 0}, slab);
        }
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
