package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a call no route takes got the server's HTML 404, a wrong method an empty 405. Both
 * answer in the API's JSON, saying which calls exist or which methods the path takes.
 */
class HttpUnknownCallsTest {
    @TempDir
    Path dir;

    @Test
    void unknownPathsAndMethodsGetJsonSayingWhatExists() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            for (String path : new String[] {"/api/nothing-here", "/index.html", "/api/jobs/x/y/z"}) {
                JsonNode e = assertJsonError(api.get(path), 404);
                String says = e.get("error").asText();
                assertTrue(says.contains("GET " + path) && says.contains("POST /api/requests")
                        && says.contains("PUT /api/jobs/{id}/return") && says.contains("GET /api/openapi.json"), says);
            }

            HttpResponse<byte[]> delete = api.send("DELETE", "/api/jobs/j1", BodyPublishers.noBody(), null);
            JsonNode e = assertJsonError(delete, 405);
            assertEquals("GET", delete.headers().firstValue("Allow").orElse(""));
            assertTrue(e.get("error").asText().contains("/api/jobs/j1 does not take DELETE: use GET"), e.toString());

            HttpResponse<byte[]> get = api.get("/api/requests");
            assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
            assertTrue(assertJsonError(get, 405).get("error").asText().contains("use POST"));
            assertJsonError(api.send("POST", "/health", BodyPublishers.noBody(), null), 405);
        }
    }

    @Test
    void withATokenUnknownCallsAreRefusedBeforeTheyAreDescribed() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "t0ken"))) {
            assertJsonError(new ApiClient(port, null).get("/api/nothing-here"), 401);
            assertJsonError(new ApiClient(port, "guess").send("DELETE", "/api/jobs/j1", BodyPublishers.noBody(), null), 401);
            assertJsonError(new ApiClient(port, "t0ken").get("/api/nothing-here"), 404);
        }
    }

    private static JsonNode assertJsonError(HttpResponse<byte[]> r, int code) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(code, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), body);
        JsonNode e = ApiClient.json(r);
        assertEquals(code, e.get("status").asInt(), body);
        return e;
    }
}
