package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The inbox, exports and returns on S3 (S3Proxy in this JVM) with the store on disk: a request
 * object exports the same bytes as the same request dropped in a local inbox, and a returned
 * object writes back the same voxels as the same file dropped in local returns.
 */
class S3TriggerTest extends S3RelayTestBase {
    private static final String REQUEST = "\"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"3:17,5:30,2:39\", \"format\": \"npy\"";

    @Test
    void requestAndReturnByS3ObjectMatchTheFolderTrigger() throws Exception {
        Path processed = dir.resolve("processed.npy");
        writeProcessed(processed);

        byte[] byFileExport;
        byte[] byFileStore;
        try (RelayHarness local = new RelayHarness(dir.resolve("local"))) {
            local.makeStore("img.zarr", DataType.UINT16);
            local.request("r.json", "{\"id\": \"job-1\", " + REQUEST + "}");
            local.awaitState("job-1", JobStatus.EXPORTED);
            byFileExport = Files.readAllBytes(local.folders.exports().resolve("job-1.npy"));
            local.returnFile("job-1-processed.npy", processed);
            local.awaitState("job-1", JobStatus.WRITTEN_BACK);
            byFileStore = ZarrArray.open(new FileSystemStore(local.data.resolve("img.zarr")), "0")
                    .read(new long[3], new int[] {20, 30, 40}).data();
        }

        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        settings.put("relay.exports", "s3://" + bucket + "/relay/exports");
        settings.put("relay.returns", "s3://" + bucket + "/relay/returns");
        try (RelayHarness remote = new RelayHarness(dir.resolve("remote"), settings)) {
            ZarrArray a = remote.makeStore("img.zarr", DataType.UINT16);
            s3.putObject(bucket, "relay/inbox/r.json", ("{\"id\": \"job-1\", " + REQUEST + "}").getBytes(StandardCharsets.UTF_8));
            JobStatus exported = remote.awaitState("job-1", JobStatus.EXPORTED);
            assertEquals("s3://" + bucket + "/relay/exports/job-1.npy", exported.export());
            assertArrayEquals(byFileExport, s3.getObject(bucket, "relay/exports/job-1.npy"), "same export bytes as the folder");
            assertNotNull(s3.getObject(bucket, "relay/exports/job-1.manifest.json"));
            awaitKeys(bucket, "relay/archive/", List.of("relay/archive/r.json"));
            // the object is deleted just after its archive copy
            awaitKeys(bucket, "relay/inbox/", List.of());

            s3.putObject(bucket, "relay/returns/job-1-processed.npy", Files.readAllBytes(processed));
            remote.awaitState("job-1", JobStatus.WRITTEN_BACK);
            assertArrayEquals(byFileStore, a.read(new long[3], new int[] {20, 30, 40}).data(), "same voxels as the folder");
            awaitKeys(bucket, "relay/archive/", List.of("relay/archive/job-1-processed.npy", "relay/archive/r.json"));
            awaitKeys(bucket, "relay/returns/", List.of());
        }
    }

    @Test
    void aReturnedObjectsSidecarGivesItsOptionsAndGoesWithIt() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.returns", "s3://" + bucket + "/returns");
        try (RelayHarness h = new RelayHarness(dir.resolve("sidecar"), settings)) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("r.json", "{\"id\": \"side-1\", " + REQUEST + "}");
            h.awaitState("side-1", JobStatus.EXPORTED);
            Path u8 = dir.resolve("u8.npy");
            RelayHarness.writeNpy(u8, Volume.allocate(DataType.UINT8, 14, 25, 37));
            // a uint8 result into uint16 needs the user's word: the sidecar, put first
            s3.putObject(bucket, "returns/side-1.npy.json", "{\"cast\": \"lossless\"}".getBytes(StandardCharsets.UTF_8));
            s3.putObject(bucket, "returns/side-1.npy", Files.readAllBytes(u8));
            h.awaitState("side-1", JobStatus.WRITTEN_BACK);
            awaitKeys(bucket, "archive/", List.of("archive/side-1.npy", "archive/side-1.npy.json"));
            awaitKeys(bucket, "returns/", List.of());
        }
    }

    @Test
    void badObjectsEndInTheFailedPrefixWithTheirReason() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/inbox");
        try (RelayHarness h = new RelayHarness(dir, settings)) {
            h.makeStore("img.zarr", DataType.UINT8);
            s3.putObject(bucket, "inbox/broken.json", "{\"store\": ".getBytes(StandardCharsets.UTF_8));
            s3.putObject(bucket, "inbox/notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
            s3.putObject(bucket, "inbox/missing.json", "{\"id\": \"m\", \"store\": \"nope.zarr\", \"region\": \"0:1\"}"
                    .getBytes(StandardCharsets.UTF_8));
            awaitKeys(bucket, "failed/", List.of("failed/broken.json", "failed/broken.json.error.txt",
                    "failed/missing.json", "failed/missing.json.error.txt", "failed/notes.txt", "failed/notes.txt.error.txt"));
            assertTrue(text(bucket, "failed/broken.json.error.txt").contains("not valid JSON"));
            assertTrue(text(bucket, "failed/notes.txt.error.txt").contains(".json"));
            assertTrue(text(bucket, "failed/missing.json.error.txt").contains("nope.zarr"));
            JobStatus m = h.awaitState("m", JobStatus.FAILED);
            assertTrue(m.message().contains("s3://" + bucket + "/failed/missing.json"), m.message());
            awaitKeys(bucket, "inbox/", List.of());  // each object is deleted just after its copy
            assertNull(s3.getObject(bucket, "archive/broken.json"));
        }
    }

    static void writeProcessed(Path file) {
        Volume v = Volume.allocate(DataType.UINT16, 14, 25, 37);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, (i * 7L) % 50000);
        }
        RelayHarness.writeNpy(file, v);
    }

    private static String text(String bucket, String key) {
        return new String(s3.getObject(bucket, key), StandardCharsets.UTF_8);
    }
}
