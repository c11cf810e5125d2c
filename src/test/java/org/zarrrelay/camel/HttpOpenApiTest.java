package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document the relay serves describes exactly the calls its HTTP routes answer. */
class HttpOpenApiTest {
    @TempDir
    Path dir;

    @Test
    void theServedDescriptionMatchesTheRoutes() throws Exception {
        TreeSet<String> routed = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/routes/http.camel.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("platform-http:(\\S+?)\"\\s+parameters:\\s+httpMethodRestrict: (\\w+)").matcher(yaml);
            while (m.find()) {
                routed.add(m.group(2) + " " + m.group(1));
            }
        }
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            JsonNode doc = ApiClient.json(new ApiClient(port, null).get("/api/openapi.json"));
            assertEquals("3.0.3", doc.get("openapi").asText());
            TreeSet<String> described = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                p.getValue().fieldNames().forEachRemaining(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey()));
            }
            assertEquals(15, routed.size(), "the routes file was read: " + routed);
            assertEquals(routed, described);
        }
    }
}
