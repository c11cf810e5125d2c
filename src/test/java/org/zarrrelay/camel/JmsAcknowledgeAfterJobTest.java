package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * A queued job's message is acknowledged only once its job is done, so the broker redelivers it to
 * another worker when the worker running it dies (ThreeWorkerProcessesTest kills one). The job is
 * held at its start by taking its lock ("job:<id>") in the shared ledger, as a worker running it
 * would; meanwhile its message stays on the job queue, handed out but not acknowledged.
 */
class JmsAcknowledgeAfterJobTest {
    private static final String JOBS = "zarr-relay.requests.jobs";

    @TempDir
    Path dir;

    @Test
    void theMessageStaysUnacknowledgedWhileItsJobRuns() throws Exception {
        Path stores = Files.createDirectories(dir.resolve("stores"));
        RelayHarness.makeStore(stores, "img.zarr", DataType.UINT16);
        String ledgerUrl = JdbcJobLedger.h2Url(dir.resolve("shared"));
        try (EmbeddedBroker broker = new EmbeddedBroker();
             RelayHarness w1 = new RelayHarness(dir.resolve("w1"), Map.of("relay.jms.url", broker.url,
                     "relay.stores", stores.toString(), "relay.ledger.url", ledgerUrl));
             JdbcJobLedger ledger = new JdbcJobLedger(ledgerUrl, "", "")) {
            JobLedger.Lock held = ledger.lock("job:x");
            try {
                assertHeldJobStaysUnacknowledged(broker, ledger);
            } finally {
                held.close();
            }
            RelayHarness.awaitInLedger(w1, "x", JobStatus.EXPORTED);
            long end = System.currentTimeMillis() + 10_000;
            while (broker.messageCount(JOBS) > 0 && System.currentTimeMillis() < end) {
                RelayHarness.sleep(20);
            }
            assertEquals(0, broker.messageCount(JOBS), "acknowledged once the job is done");
        }
    }

    private static void assertHeldJobStaysUnacknowledged(EmbeddedBroker broker, JdbcJobLedger ledger) throws Exception {
        broker.send("zarr-relay.requests", "{\"id\": \"x\", \"store\": \"img.zarr\", \"array\": \"0\","
                + " \"region\": \"0:4,0:4,0:4\", \"format\": \"npy\"}");
        long end = System.currentTimeMillis() + 10_000;
        while (broker.deliveringCount(JOBS) == 0 && broker.messageCount(JOBS) == 0 && System.currentTimeMillis() < end) {
            RelayHarness.sleep(20);
        }
        RelayHarness.sleep(1000);  // the worker has taken the message and waits for the job's lock
        assertEquals(null, ledger.find("x"), "the job has not started");
        assertEquals(1, broker.messageCount(JOBS), "its message is still on the job queue");
        assertEquals(1, broker.deliveringCount(JOBS), "handed to the worker, not acknowledged");
    }
}
