package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Two relays on one queue, sharing one ledger and one store root, as two workers would: the broker
 * keeps each array's jobs on one worker, both workers take work, and every request runs once.
 */
class JmsTwoWorkersTest {
    @TempDir
    Path dir;

    @Test
    void eachArrayStaysWithOneWorkerAndEveryRequestRunsOnce() throws Exception {
        Path stores = Files.createDirectories(dir.resolve("stores"));
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        List<String> arrays = List.of("a.zarr", "b.zarr", "c.zarr", "d.zarr");
        try (EmbeddedBroker broker = new EmbeddedBroker();
             RelayHarness w1 = new RelayHarness(dir.resolve("w1"), worker("w1", broker, stores, ledger));
             RelayHarness w2 = new RelayHarness(dir.resolve("w2"), worker("w2", broker, stores, ledger))) {
            for (String a : arrays) {
                RelayHarness.makeStore(stores, a, DataType.UINT16);
            }
            for (int i = 0; i < 5; i++) {
                for (String a : arrays) {
                    broker.send("zarr-relay.requests", "{\"id\": \"" + a.charAt(0) + "-" + i + "\", \"store\": \"" + a
                            + "\", \"array\": \"0\", \"region\": \"0:20,0:30,0:40\", \"format\": \"npy\"}");
                }
            }
            Map<String, Set<String>> workersByArray = new HashMap<>();
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                for (String a : arrays) {
                    String id = a.charAt(0) + "-" + i;
                    JobStatus s = RelayHarness.awaitInLedger(w1, id, JobStatus.EXPORTED);
                    String worker = s.worker().substring(0, s.worker().indexOf('/'));
                    workersByArray.computeIfAbsent(a, k -> new HashSet<>()).add(worker);
                    workers.add(worker);
                    boolean inW1 = Files.exists(w1.folders.exports().resolve(id + ".npy"));
                    boolean inW2 = Files.exists(w2.folders.exports().resolve(id + ".npy"));
                    assertNotEquals(inW1, inW2, id + " was exported by exactly one worker");
                    assertEquals(worker.equals("w1"), inW1, id + " was exported where the ledger says");
                }
            }
            for (String a : arrays) {
                assertEquals(1, workersByArray.get(a).size(), "every job of " + a + " ran on one worker: " + workersByArray);
            }
            assertEquals(Set.of("w1", "w2"), workers, "both workers took jobs: " + workersByArray);
            for (RelayHarness w : List.of(w1, w2)) {
                try (var failed = Files.list(w.folders.failed())) {
                    assertEquals(0, failed.count(), "no request was refused or run twice");
                }
            }
        }
    }

    private static Map<String, String> worker(String name, EmbeddedBroker broker, Path stores, String ledger) {
        return Map.of("relay.worker", name, "relay.jms.url", broker.url, "relay.jms.consumers", "1",
                "relay.stores", stores.toString(), "relay.ledger.url", ledger);
    }

}
