package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a token every call but /health needs it; without one the API listens on loopback only. */
class HttpTokenTest {
    @TempDir
    Path dir;

    @Test
    void aTokenGuardsEveryCallButHealth() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "s3cret-token"))) {
            ApiClient none = new ApiClient(port, null);
            ApiClient wrong = new ApiClient(port, "guess");
            ApiClient right = new ApiClient(port, "s3cret-token");
            assertEquals(401, none.get("/api/jobs").statusCode());
            assertTrue(ApiClient.json(none.get("/api/jobs")).get("error").asText().contains("Authorization: Bearer"));
            assertEquals("Bearer", none.get("/api/jobs").headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, wrong.get("/api/jobs").statusCode());
            assertEquals(401, wrong.post("/api/requests", "{}").statusCode());
            assertEquals(401, wrong.get("/api/jobs/x").statusCode());
            assertEquals(200, right.get("/api/jobs").statusCode());
            // issue 13: the API's description was served to anyone
            assertEquals(401, none.get("/api/openapi.json").statusCode());
            assertEquals(401, wrong.get("/api/openapi.json").statusCode());
            assertEquals("3.0.3", ApiClient.json(right.get("/api/openapi.json")).get("openapi").asText());
            assertEquals(200, none.get("/health").statusCode());
            assertEquals("UP", ApiClient.json(none.get("/health")).get("status").asText());
        }
    }

    @Test
    void withoutATokenOnlyLoopbackIsServed() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            assertEquals(200, new ApiClient(port, null).get("/health").statusCode());
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external, port), 2000);
                }
            }, "the API must not be reachable on " + external);
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        return null;
    }
}
