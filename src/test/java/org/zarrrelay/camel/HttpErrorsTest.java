package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Every bad call gets a 4xx with a JSON {"error": ...} that says what to change, never a stack
 * trace (HttpInvalidRequestTest has every kind of invalid request).
 */
class HttpErrorsTest {
    @TempDir
    Path dir;

    @Test
    void badCallsGetJsonErrors() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.max-request-kb", "1"))) {
            h.makeStore("img.zarr", DataType.UINT8);

            assertError(api.post("/api/requests", "{not json"), 400, "JSON");
            assertError(api.post("/api/requests", "{\"store\": \"img.zarr\"}"), 400, "region");
            assertError(api.post("/api/requests", "{\"store\": \"img.zarr\", \"region\": \"0:2\", \"colour\": 1}"), 400, "colour");
            assertError(api.post("/api/requests", "{\"store\": \"img.zarr\", \"region\": \"0:2\", \"pad\": \""
                    + "x".repeat(2000) + "\"}"), 413, "relay.http.max-request-kb");
            try (var failed = Files.list(h.folders.failed())) {
                assertEquals(0, failed.count(), "a refused body is not kept: the sender has the reason");
            }

            // a request that fails in its job (here dropped into the inbox) has no export to download
            h.request("nostore.json", "{\"id\": \"nostore\", \"store\": \"nope.zarr\", \"region\": \"0:1\"}");
            JsonNode failed = api.awaitState("nostore", JobStatus.FAILED);
            assertTrue(failed.get("message").asText().contains("nope.zarr"), failed.toString());
            assertError(api.get("/api/jobs/nostore/export"), 409, "no export");
            // fixed and sent again with the same id: a job that failed before exporting anything is retried
            HttpResponse<byte[]> retried = api.post("/api/requests", "{\"id\": \"nostore\", \"store\": \"img.zarr\","
                    + " \"array\": \"0\", \"region\": \"0:1,0:1,0:1\"}");
            assertEquals(202, retried.statusCode(), new String(retried.body()));
            api.awaitState("nostore", JobStatus.EXPORTED);
            assertError(api.post("/api/requests", "{\"id\": \"nostore\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:1,0:1,0:1\"}"),
                    409, "exists already");

            assertError(api.get("/api/jobs/unknown"), 404, "no job 'unknown'");
            assertError(api.get("/api/jobs/unknown/export"), 404, "no job");
            assertError(api.get("/api/jobs?state=done"), 400, "written-back");
            assertError(api.get("/api/jobs?limit=zero"), 400, "limit");
            assertError(api.put("/api/jobs/unknown/return", write(dir.resolve("x.npy"), "junk")), 404, "no exported job");

            api.post("/api/requests", "{\"id\": \"ok\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:4,0:4,0:4\","
                    + " \"format\": \"npy\"}");
            api.awaitState("ok", JobStatus.EXPORTED);
            HttpResponse<byte[]> corrupt = api.put("/api/jobs/ok/return", write(dir.resolve("bad.npy"), "not an npy file"));
            assertError(corrupt, 422, "npy");
            JsonNode still = ApiClient.json(api.get("/api/jobs/ok"));
            assertEquals(JobStatus.EXPORTED, still.get("state").asText(), "a refused upload leaves the export usable");
            assertTrue(Files.exists(h.folders.failed().resolve("ok-upload.npy")));
            String why = Files.readString(h.folders.failed().resolve("ok-upload.npy.error.txt"));
            assertTrue(why.contains("upload the file again (PUT /api/jobs/ok/return)"), why);

            assertError(api.send("POST", "/api/requests", java.net.http.HttpRequest.BodyPublishers.ofString("{}"),
                    "application/x-www-form-urlencoded"), 415, "Content-Type: application/json");
            assertEquals(404, api.get("/api/nothing-here").statusCode());
            assertEquals(405, api.send("DELETE", "/api/jobs/ok", java.net.http.HttpRequest.BodyPublishers.noBody(), null)
                    .statusCode());
        }
    }

    private static Path write(Path file, String text) throws Exception {
        return Files.writeString(file, text);
    }

    private static void assertError(HttpResponse<byte[]> r, int code, String mentions) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(code, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), body);
        JsonNode e = ApiClient.json(r);
        assertEquals(code, e.get("status").asInt());
        assertTrue(e.get("error").asText().contains(mentions), "'" + mentions + "' in " + body);
        assertFalse(body.contains("\tat ") || body.contains("Exception"), "no stack trace: " + body);
    }
}
