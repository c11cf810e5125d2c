package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/** relay.exports.keep-days: local copies of exports published to S3 go once older; local-only exports stay. */
class PublishedExportCopiesTest extends S3RelayTestBase {
    private static final String REQUEST = "{\"id\": \"old\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:4,0:5,0:6\","
            + " \"format\": \"npy\"}";

    private static void age(Path file, Duration by) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
    }

    @Test
    void aPublishedExportsLocalCopyGoesAfterKeepDaysAndIsStillServedFromS3() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        int port = ApiClient.freePort();
        Map<String, String> settings = s3Settings();
        settings.put("relay.exports", "s3://" + bucket + "/relay/exports");
        settings.put("relay.http.port", String.valueOf(port));
        settings.put("relay.exports.keep-days", "7");
        Path data = dir.resolve("data");
        byte[] exported;
        try (RelayHarness h = new RelayHarness(data, settings)) {
            h.makeStore("img.zarr", DataType.UINT8);
            h.request("old.json", REQUEST);
            h.awaitState("old", JobStatus.EXPORTED);
            exported = Files.readAllBytes(h.folders.exports().resolve("old.npy"));
        }
        Path exports = data.resolve("exports");
        age(exports.resolve("old.npy"), Duration.ofDays(8));
        age(exports.resolve("old.manifest.json"), Duration.ofDays(8));
        Files.writeString(exports.resolve("recent.npy"), "kept: younger than 7 days");
        try (RelayHarness h = new RelayHarness(data, settings)) {
            assertFalse(Files.exists(exports.resolve("old.npy")), "the old local copy is gone");
            assertFalse(Files.exists(exports.resolve("old.manifest.json")));
            assertTrue(Files.exists(exports.resolve("recent.npy")));
            HttpResponse<byte[]> r = new ApiClient(port, null).get("/api/jobs/old/export");
            assertEquals(200, r.statusCode(), new String(r.body()));
            assertArrayEquals(exported, r.body(), "served from the exports prefix");
        }
    }

    @Test
    void localExportsAreNeverPrunedAndABadSettingIsRefused() throws Exception {
        Path data = dir.resolve("local");
        try (RelayHarness h = new RelayHarness(data, Map.of("relay.exports.keep-days", "0"))) {
            h.makeStore("img.zarr", DataType.UINT8);
            h.request("old.json", REQUEST);
            h.awaitState("old", JobStatus.EXPORTED);
        }
        age(data.resolve("exports/old.npy"), Duration.ofDays(400));
        try (RelayHarness h = new RelayHarness(data, Map.of("relay.exports.keep-days", "0"))) {
            assertTrue(Files.exists(h.folders.exports().resolve("old.npy")), "the exports folder is the only copy");
        }
        Map<String, String> bad = new HashMap<>(Map.of("relay.exports.keep-days", "-1"));
        RelayException e = assertThrows(RelayException.class, () -> new RelayHarness(dir.resolve("bad"), bad).close());
        assertTrue(e.getMessage().contains("relay.exports.keep-days is '-1'"), e.getMessage());
    }
}
