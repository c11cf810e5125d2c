package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Issue 13: a body sent without a Content-Type, or form-encoded (curl's default for --data-binary),
 * got a bare "Bad Request" and an ERROR stack trace in the log (the server decoded the file as a
 * form). It gets 415 in JSON naming the type to send, before the server reads the body.
 */
class HttpBodyTypeTest {
    @TempDir
    Path dir;

    @Test
    void aBodyOfTheWrongTypeGets415NamingTheRightOne() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        // binary bytes are not a valid form: '%' followed by anything but hex made the decoder throw
        byte[] binary = new byte[200_000];
        new Random(13).nextBytes(binary);
        binary[0] = '%';
        binary[1] = (byte) 0xff;
        try (StderrLog log = new StderrLog();
             RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT8);
            api.post("/api/requests", "{\"id\": \"b1\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:4,0:4,0:4\","
                    + " \"format\": \"npy\"}");
            api.awaitState("b1", JobStatus.EXPORTED);

            assert415(api.send("PUT", "/api/jobs/b1/return", BodyPublishers.ofByteArray(binary),
                    "application/x-www-form-urlencoded"), "application/octet-stream");
            assert415(api.send("PUT", "/api/jobs/b1/return", BodyPublishers.ofByteArray(binary), null),
                    "application/octet-stream");
            assert415(api.send("POST", "/api/requests", BodyPublishers.ofByteArray(binary),
                    "application/x-www-form-urlencoded"), "application/json");
            assert415(api.send("POST", "/api/requests", BodyPublishers.ofString("{\"store\": \"img.zarr\"}"), null),
                    "application/json");
            assert415(api.send("POST", "/api/requests", BodyPublishers.ofString("{}"), "multipart/form-data; boundary=x"),
                    "application/json");

            assertEquals(JobStatus.EXPORTED, ApiClient.json(api.get("/api/jobs/b1")).get("state").asText(),
                    "a refused body touches no job");
            try (var failed = Files.list(h.folders.failed())) {
                assertEquals(0, failed.count(), "a body refused for its type is not kept: it was never read");
            }
            // the right type still goes through, with or without parameters
            HttpResponse<byte[]> ok = api.send("POST", "/api/requests", BodyPublishers.ofString("{\"id\": \"b2\","
                    + " \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\"}"), "application/json; charset=utf-8");
            assertEquals(202, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
            api.awaitState("b2", JobStatus.EXPORTED);
            String logged = log.text();
            assertFalse(logged.contains("ERROR") || logged.contains("Exception"), "nothing but one-line notes: " + logged);
        }
    }

    private static void assert415(HttpResponse<byte[]> r, String wanted) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(415, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), body);
        JsonNode e = ApiClient.json(r);
        assertEquals(415, e.get("status").asInt());
        assertTrue(e.get("error").asText().contains("Content-Type: " + wanted), body);
    }
}
