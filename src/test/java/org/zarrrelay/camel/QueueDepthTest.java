package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics shows how many requests wait in the queue, counted by browsing it; -1 when the broker is gone. */
class QueueDepthTest {
    @TempDir
    Path dir;

    @Test
    void countsTheMessagesWaitingWithoutTakingThem() throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker();
        try {
            for (int i = 0; i < 3; i++) {
                broker.send("waiting", "{\"id\": \"r" + i + "\"}");
            }
            QueueDepth depth = new QueueDepth(new ActiveMQConnectionFactory(broker.url), "waiting");
            assertEquals(3, depth.count());
            assertEquals(3, depth.count(), "browsing leaves the messages in the queue");
            assertEquals(0, new QueueDepth(new ActiveMQConnectionFactory(broker.url), "empty").count());
            broker.close();
            assertEquals(-1, depth.count());
        } finally {
            broker.close();
        }
    }

    @Test
    void aRelayOnAQueueShowsItsDepthOnMetrics() throws Exception {
        int port = ApiClient.freePort();
        try (EmbeddedBroker broker = new EmbeddedBroker();
             RelayHarness h = new RelayHarness(dir, Map.of("relay.jms.url", broker.url, "relay.http.port", String.valueOf(port)))) {
            String metrics = new String(new ApiClient(port, null).get("/metrics").body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("\nzarr_relay_queued_requests 0\n"), metrics);
        }
    }
}
