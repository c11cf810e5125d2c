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
 * stale If-Match, and /health says what it found; the probe leaves nothing in the store.
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
