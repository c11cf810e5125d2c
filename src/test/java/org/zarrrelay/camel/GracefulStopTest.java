package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Stopping the relay (what Ctrl-C does) while an export runs lets it finish: no half-written file is
 * left visible, and the log says when the relay was ready, what it waits for, and when it stopped.
 */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void stopWaitsForTheExportInFlight() throws Exception {
        RelayHarness h;
        String log;
        try (StderrLog captured = new StderrLog()) {
            h = exportThenStop();
            log = captured.text();
        }
        int ready = log.indexOf("ready: requests (*.json) from " + h.folders.inbox());
        int stopping = log.indexOf("stopping: waiting for 1 running job(s) to finish");
        int stopped = log.indexOf("RelayService - stopped");
        assertTrue(ready >= 0 && stopping > ready && stopped > stopping, "ready, stopping, stopped in that order: " + log);

        List<String> visible;
        try (var files = Files.list(h.folders.exports())) {
            visible = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        assertEquals(List.of("big.manifest.json", "big.npy"), visible, "the export finished before the relay stopped");
        assertEquals(2L * 192 * 512 * 512 + 128, Files.size(h.folders.exports().resolve("big.npy")));
        assertEquals(JobStatus.EXPORTED, h.status.read("big").state());
        try (var files = Files.list(h.folders.exports())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static Path awaitStatus(RelayHarness h) {
        return RelayHarness.await(h.folders.status().resolve("big.json"));
    }

    /** A store whose array "0" is 192 x 512 x 512 uint16 (96 MB), for an export that takes a while. */
    static void bigStore(Path path) {
        ZarrArray a = ZarrArray.create(new FileSystemStore(path), "0",
                NewArray.of(3, new long[] {192, 512, 512}, new int[] {64, 64, 64}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume slab = Volume.allocate(DataType.UINT16, 64, 512, 512);
        for (int i = 0; i < slab.elementCount(); i++) {
            slab.setLong(i, i % 4093);
        }
        for (int z = 0; z < 192; z += 64) {
            a.write(new long[] {z, 0, 0}, slab);
        }
    }

    /** Starts a relay, drops a 96 MB export into it and stops it as soon as the export has begun. */
    private RelayHarness exportThenStop() throws Exception {
        RelayHarness h = new RelayHarness(dir.resolve("data"));
        bigStore(h.data.resolve("big.zarr"));
        NotifyBuilder started = new NotifyBuilder(h.relay.camelContext()).fromRoute("inbox").whenReceived(1).create();
        h.request("big.json", "{\"id\": \"big\", \"store\": \"big.zarr\", \"array\": \"0\", \"region\": \"0:192,0:512,0:512\","
                + " \"format\": \"npy\"}");
        assertTrue(started.matches(20, TimeUnit.SECONDS), "the request was picked up");
        // stop while the export runs: its status carries progress from its first slab until it is exported
        long end = System.currentTimeMillis() + 20_000;
        while (!Files.readString(awaitStatus(h)).contains("\"phase\" : \"exporting\"") && System.currentTimeMillis() < end) {
            RelayHarness.sleep(5);
        }
        h.close();
        return h;
    }
}
