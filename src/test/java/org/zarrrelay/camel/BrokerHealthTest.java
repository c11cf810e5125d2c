package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health says whether the broker of the request queue answers now, and is DOWN when it does not. */
class BrokerHealthTest {
    @TempDir
    Path dir;

    @Test
    void healthReportsTheBrokerAndIsDownOnceItStops() throws Exception {
        int port = ApiClient.freePort();
        EmbeddedBroker broker = new EmbeddedBroker();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.jms.url", broker.url,
                "relay.http.port", String.valueOf(port)))) {
            ApiClient api = new ApiClient(port, null);
            HttpResponse<byte[]> r = api.get("/health");
            JsonNode health = ApiClient.json(r);
            assertEquals(200, r.statusCode(), health.toString());
            assertEquals("UP", health.path("broker").asText(), health.toString());

            broker.close();
            r = api.get("/health");
            health = ApiClient.json(r);
            assertEquals(503, r.statusCode(), health.toString());
            assertEquals("DOWN", health.path("status").asText());
            assertEquals("UP", health.path("ledger").asText());
            String said = health.path("broker").asText();
            assertTrue(said.startsWith("DOWN: cannot connect to the broker at " + broker.url) && said.contains("relay.jms.url"),
                    said);
        } finally {
            broker.close();
        }
    }
}
