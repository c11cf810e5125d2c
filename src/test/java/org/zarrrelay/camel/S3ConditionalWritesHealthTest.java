package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.zarr.store.S3ConditionalWrites;
import org.zarrrelay.zarr.store.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * At start the relay tries, once per S3 store root, whether the server refuses a put under a
 * stale If-Match, and /health says what it found; the probe leaves nothing in the store. /health
 * also says whether each store root can be read now.
 */
class S3ConditionalWritesHealthTest extends S3RelayTestBase {

    @Test
    void healthReportsAServerThatEnforcesConditionalWrites() throws Exception {
        String bucket = s3.uniqueName("health");
        s3.createBucket(bucket);
        int port = ApiClient.freePort();
        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", dir.resolve("data") + ",s3://" + bucket + "/lab");
        settings.put("relay.http.port", String.valueOf(port));
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), settings)) {
            HttpResponse<byte[]> r = new ApiClient(port, null).get("/health");
            assertEquals(200, r.statusCode());
            JsonNode health = ApiClient.json(r);
            assertEquals("UP", health.path("status").asText());
            assertEquals("enforced", health.path("s3ConditionalWrites").path("s3://" + bucket + "/lab").asText(),
                    health.toString());
        }
        assertEquals(List.of(), s3.keys(bucket, ""), "the probe object was deleted");
    }

    @Test
    void healthReportsEachStoreRootAndIsDownWhenOneCannotBeRead() throws Exception {
        String bucket = s3.uniqueName("roots");
        s3.createBucket(bucket);
        java.nio.file.Path local = java.nio.file.Files.createDirectories(dir.resolve("images"));
        int port = ApiClient.freePort();
        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", local + ",s3://" + bucket + "/lab");
        settings.put("relay.http.port", String.valueOf(port));
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), settings)) {
            ApiClient api = new ApiClient(port, null);
            JsonNode health = ApiClient.json(api.get("/health"));
            assertEquals("UP", health.path("storeRoots").path(local.toString()).asText(), health.toString());
            assertEquals("UP", health.path("storeRoots").path("s3://" + bucket + "/lab").asText(), health.toString());

            java.nio.file.Files.delete(local);
            s3.client().deleteBucket(b -> b.bucket(bucket));
            HttpResponse<byte[]> r = api.get("/health");
            assertEquals(503, r.statusCode());
            health = ApiClient.json(r);
            assertEquals("DOWN", health.path("status").asText());
            assertEquals("UP", health.path("ledger").asText());
            assertEquals("DOWN: the folder does not exist", health.path("storeRoots").path(local.toString()).asText());
            assertTrue(health.path("storeRoots").path("s3://" + bucket + "/lab").asText().startsWith("DOWN: "),
                    health.toString());
        }
    }

    @Test
    void aServerThatIgnoresIfMatchIsReportedAsSuch() {
        String bucket = s3.uniqueName("ignoring");
        s3.createBucket(bucket);
        S3Location root = S3Location.parse("s3://" + bucket + "/lab");
        Map<String, S3ConditionalWrites.Outcome> found;
        try (S3Client ignoring = s3.clientIgnoringIfMatch()) {
            found = RelayContext.probeConditionalWrites(ignoring, List.of(root));
        }
        String said = found.get(root.toString()).describe();
        assertTrue(said.startsWith("ignored by the server: ") && said.contains(root + "/" + StoreArea.ROOT + "/probe-"),
                said);
        assertEquals(List.of(), s3.keys(bucket, ""), "the probe object was deleted");
    }
}
