package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.Json;

/**
 * Requests by JMS message against an embedded Artemis broker: the same export as the inbox, events
 * on the topic, poison messages to the dead-letter queue, a clear error for an unreachable broker.
 * (JmsTwoWorkersTest shows the grouping.)
 */
class JmsQueueTest {
    @TempDir
    Path dir;

    private static final String REGION = "\"array\": \"0\", \"region\": \"3:17,5:30,2:39\", \"format\": \"npy\"";

    private static Map<String, String> settings(EmbeddedBroker broker, int consumers) {
        return Map.of("relay.jms.url", broker.url, "relay.jms.consumers", String.valueOf(consumers));
    }

    @Test
    void aMessageExportsTheSameBytesAsTheInboxAndEventsArePublished() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker();
             RelayHarness h = new RelayHarness(dir, settings(broker, 1))) {
            h.makeStore("img.zarr", DataType.UINT16);
            MessageConsumer events = broker.subscriber("zarr-relay.events");
            h.request("r.json", "{\"id\": \"by-file\", \"store\": \"img.zarr\", " + REGION + "}");
            broker.send("zarr-relay.requests", "{\"id\": \"by-jms\", \"store\": \"img.zarr\", " + REGION + "}");
            h.awaitState("by-jms", JobStatus.EXPORTED);
            h.awaitState("by-file", JobStatus.EXPORTED);
            assertArrayEquals(Files.readAllBytes(h.folders.exports().resolve("by-file.npy")),
                    Files.readAllBytes(h.folders.exports().resolve("by-jms.npy")));

            Map<String, JsonNode> exported = new HashMap<>();
            for (Message m; exported.size() < 2 && (m = events.receive(10_000)) != null; ) {
                JsonNode e = Json.parse(EmbeddedBroker.text(m).getBytes(StandardCharsets.UTF_8), "event");
                assertEquals(e.get("id").asText(), m.getStringProperty("relayJobId"));
                assertEquals(e.get("state").asText(), m.getStringProperty("relayState"));
                if (JobStatus.EXPORTED.equals(e.get("state").asText())) {
                    exported.put(e.get("id").asText(), e);
                }
            }
            assertEquals(Set.of("by-file", "by-jms"), exported.keySet(), "an exported event for each trigger");
            assertEquals("exports/by-jms.npy", exported.get("by-jms").get("export").asText());
        }
    }

    @Test
    void anUnreachableBrokerStopsTheRelayAtStartWithTheReason() {
        org.zarrrelay.RelayException e = org.junit.jupiter.api.Assertions.assertThrows(org.zarrrelay.RelayException.class,
                () -> new RelayHarness(dir, Map.of("relay.jms.url", "tcp://127.0.0.1:" + ApiClient.freePort())).close());
        assertTrue(e.getMessage().contains("cannot reach the JMS broker") && e.getMessage().contains("relay.jms.url"),
                e.getMessage());
    }

    @Test
    void poisonMessagesGoToTheDeadLetterQueueWithTheirReason() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker();
             RelayHarness h = new RelayHarness(dir, settings(broker, 1))) {
            h.makeStore("img.zarr", DataType.UINT8);
            broker.send("zarr-relay.requests", "this is not JSON");
            broker.send("zarr-relay.requests", "{\"store\": \"img.zarr\", \"region\": \"0:2\", \"colour\": \"red\"}");
            MessageConsumer dlq = broker.consumer("zarr-relay.requests.DLQ");
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message m = dlq.receive(10_000);
                assertNotNull(m, "poison message " + (i + 1) + " reached the dead-letter queue");
                reasons.add(m.getStringProperty("relayError"));
            }
            assertTrue(reasons.get(0).contains("not valid JSON"), reasons.get(0));
            assertTrue(reasons.get(1).contains("colour"), reasons.get(1));
            assertNull(dlq.receive(1000), "each poison message is dead-lettered once, not redelivered");
            try (var failed = Files.list(h.folders.failed())) {
                List<Path> files = failed.toList();
                assertEquals(4, files.size(), "both messages are in failed/ with their reasons: " + files);
                assertTrue(files.stream().allMatch(p -> p.getFileName().toString().startsWith("jms-")));
                for (Path p : files) {
                    if (p.getFileName().toString().endsWith(".error.txt")) {
                        String why = Files.readString(p);
                        assertTrue(why.contains("Fix the problem and send the request to the queue again."), why);
                    }
                }
            }
        }
    }
}
