package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /health says whether each S3 prefix the relay takes from or puts into answers a listing now. */
class S3FoldersHealthTest extends S3RelayTestBase {

    @Test
    void healthReportsEachS3FolderAndIsDownWhenOneCannotBeRead() throws Exception {
        String bucket = s3.uniqueName("folders");
        String exportsBucket = s3.uniqueName("exports");
        s3.createBucket(bucket);
        s3.createBucket(exportsBucket);
        int port = ApiClient.freePort();
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        settings.put("relay.returns", "s3://" + bucket + "/relay/returns");
        settings.put("relay.exports", "s3://" + exportsBucket + "/exports");
        settings.put("relay.http.port", String.valueOf(port));
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), settings)) {
            ApiClient api = new ApiClient(port, null);
            HttpResponse<byte[]> r = api.get("/health");
            JsonNode folders = ApiClient.json(r).path("s3Folders");
            assertEquals(200, r.statusCode(), folders.toString());
            assertEquals(List.of("relay.inbox", "relay.returns", "relay.exports"), names(folders));
            folders.forEach(state -> assertEquals("UP", state.asText(), folders.toString()));

            s3.client().deleteBucket(b -> b.bucket(exportsBucket));
            r = api.get("/health");
            JsonNode health = ApiClient.json(r);
            assertEquals(503, r.statusCode(), health.toString());
            assertEquals("DOWN", health.path("status").asText());
            assertEquals("UP", health.path("s3Folders").path("relay.inbox").asText());
            String said = health.path("s3Folders").path("relay.exports").asText();
            assertTrue(said.startsWith("DOWN: ") && said.contains(exportsBucket), said);
        }
    }

    @Test
    void aRelayWithoutS3FoldersReportsNone() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            JsonNode health = ApiClient.json(new ApiClient(port, null).get("/health"));
            assertEquals("UP", health.path("status").asText());
            assertFalse(health.has("s3Folders") || health.has("broker"), health.toString());
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
