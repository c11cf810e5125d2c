package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/** Settings that are accepted change what the relay does. */
class RelaySettingsUsedTest {
    @TempDir
    Path dir;

    @Test
    void folderSettingsMoveTheWatchedFolders() throws Exception {
        Path inbox = dir.resolve("elsewhere/in");
        Path exports = dir.resolve("elsewhere/out");
        try (RelayHarness h = new RelayHarness(dir.resolve("data"),
                Map.of("relay.inbox", inbox.toString(), "relay.exports", exports.toString()))) {
            h.makeStore("img.zarr", DataType.UINT8);
            RelayHarness.drop(inbox, "a.json", "{\"id\":\"moved\",\"store\":\"img.zarr\",\"array\":\"0\",\"region\":\"0:2,0:2,0:2\",\"format\":\"npy\"}".getBytes());
            h.awaitState("moved", JobStatus.EXPORTED);
            assertTrue(Files.exists(exports.resolve("moved.npy")));
        }
    }

    @Test
    void storeRootsLimitWhatRequestsReach() throws Exception {
        Path roots = dir.resolve("stores");
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.stores", roots.toString()))) {
            h.makeStore("img.zarr", DataType.UINT8);  // in the data folder, which is no longer a root
            h.request("b.json", "{\"id\":\"rooted\",\"store\":\"img.zarr\",\"array\":\"0\",\"region\":\"0:2,0:2,0:2\",\"format\":\"npy\"}");
            JobStatus s = h.awaitState("rooted", JobStatus.FAILED);
            assertTrue(s.message().contains(roots.toString()), s.message());
        }
    }
}
