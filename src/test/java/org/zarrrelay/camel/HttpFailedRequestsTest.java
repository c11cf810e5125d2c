package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;

/**
 * Issue 13: every request body over HTTP that could not be read was recorded under the one status
 * id failed-http-request (with -1, -2 chosen by a check that races), and the reason kept in
 * failed/ told the sender to drop the file into its folder. Each gets a status of its own, and a
 * reason that says to send it again.
 */
class HttpFailedRequestsTest {
    @TempDir
    Path dir;

    @Test
    void eachFailedRequestHasItsOwnStatusAndSaysToSendItAgain() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        int sent = 6;
        ExecutorService senders = Executors.newFixedThreadPool(sent);
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            List<Future<HttpResponse<byte[]>>> answers = IntStream.range(0, sent)
                    .mapToObj(i -> senders.submit(() -> api.post("/api/requests", "{\"store\": \"s" + i + ".zarr\"}")))
                    .toList();
            for (Future<HttpResponse<byte[]>> a : answers) {
                assertEquals(400, a.get().statusCode());
            }

            JsonNode failed = ApiClient.json(api.get("/api/jobs?state=failed")).get("jobs");
            Set<String> ids = new HashSet<>();
            Set<String> stores = new HashSet<>();
            for (JsonNode s : failed) {
                ids.add(s.get("id").asText());
                String message = s.get("message").asText();
                stores.add(message.replaceAll(".*?(failed/\\S+\\.json).*", "$1"));
                assertTrue(s.get("id").asText().startsWith("failed-http-request-"), s.toString());
            }
            assertEquals(sent, ids.size(), "one status per failed request: " + failed);
            assertEquals(sent, stores.size(), "each status names its own parked request: " + failed);

            try (var parked = Files.list(h.folders.failed())) {
                List<Path> reasons = parked.filter(p -> p.toString().endsWith(".error.txt")).toList();
                assertEquals(sent, reasons.size());
                for (Path r : reasons) {
                    String text = Files.readString(r);
                    assertTrue(text.contains("send the request again (POST /api/requests)"), text);
                    assertFalse(text.contains("folder"), text);
                }
            }
        } finally {
            senders.shutdownNow();
        }
    }
}
