package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Two relays polling one S3 inbox with one shared ledger: each object is claimed before it is
 * read, so every request runs once, on one relay, and nothing is parked as a duplicate.
 */
class S3TwoRelaysTest extends S3RelayTestBase {
    @Test
    void eachObjectIsTakenByOneRelayAndNoneIsParkedAsADuplicate() throws Exception {
        String bucket = sharedBucket();
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        List<String> ids = new ArrayList<>();
        try (RelayHarness w1 = new RelayHarness(dir.resolve("w1"), worker("w1", bucket, ledger));
             RelayHarness w2 = new RelayHarness(dir.resolve("w2"), worker("w2", bucket, ledger))) {
            for (int i = 0; i < 12; i++) {
                String id = "r-" + i;
                ids.add(id);
                s3.putObject(bucket, "relay/inbox/" + id + ".json", ("{\"id\": \"" + id + "\", \"store\": \"img.zarr\","
                        + " \"array\": \"0\", \"region\": \"0:20,0:30," + i + ":" + (i + 20) + "\", \"format\": \"npy\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Set<String> workers = new HashSet<>();
            for (String id : ids) {
                JobStatus s = RelayHarness.awaitInLedger(w1, id, JobStatus.EXPORTED);
                workers.add(s.worker().substring(0, s.worker().indexOf('/')));
                boolean inW1 = Files.exists(w1.folders.exports().resolve(id + ".npy"));
                boolean inW2 = Files.exists(w2.folders.exports().resolve(id + ".npy"));
                assertNotEquals(inW1, inW2, id + " was exported by exactly one relay");
            }
            awaitKeys(bucket, "relay/inbox/", List.of());
            List<String> archived = new ArrayList<>();
            for (String id : ids) {
                archived.add("relay/archive/" + id + ".json");
            }
            archived.sort(null);
            awaitKeys(bucket, "relay/archive/", archived);
            assertEquals(List.of(), s3.keys(bucket, "relay/failed/"), "nothing parked as a duplicate");
            for (RelayHarness w : List.of(w1, w2)) {
                try (var failed = Files.list(w.folders.failed())) {
                    assertEquals(0, failed.count(), "nothing refused locally");
                }
            }
            assertEquals(12, w1.relay.jobs().list(JobStatus.EXPORTED, 100).size());
            System.out.println("S3 inbox shared by two relays: jobs taken by " + workers);
        }
    }

    /** What the second relay sees while the first handles an object: a claim it must leave alone. */
    @Test
    void anObjectClaimedByAnotherRelayIsLeftAloneUntilReleased() throws Exception {
        String bucket = sharedBucket();
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        try (RelayHarness w1 = new RelayHarness(dir.resolve("w1"), worker("w1", bucket, ledger));
             JdbcJobLedger other = new JdbcJobLedger(ledger, "", "")) {
            String key = "relay/inbox/x.json";
            byte[] body = "{\"id\": \"x\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\"}"
                    .getBytes(StandardCharsets.UTF_8);
            // a single PUT's ETag is the quoted MD5 of the body: claimed before it is put, so w1 never saw it free
            String etag = "\"" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body))
                    + "\"";
            String input = S3InputBean.input(bucket, key, etag);
            assertTrue(other.claimInput(input, "w0", java.time.Duration.ofHours(1)));
            s3.putObject(bucket, key, body);
            assertEquals(etag, s3.client().headObject(r -> r.bucket(bucket).key(key)).eTag());
            RelayHarness.sleep(1500);  // some 30 polls of w1
            assertEquals(List.of(key), s3.keys(bucket, "relay/inbox/"), "left in the inbox");
            assertEquals(List.of(), s3.keys(bucket, "relay/failed/"), "not parked");
            assertEquals(null, w1.relay.jobs().find("x"), "not run");
            other.releaseInput(input);
            RelayHarness.awaitInLedger(w1, "x", JobStatus.EXPORTED);
            awaitKeys(bucket, "relay/inbox/", List.of());
            awaitKeys(bucket, "relay/archive/", List.of("relay/archive/x.json"));
        }
    }


    /** A new bucket for the inbox, and the store root both relays share, with img.zarr in it. */
    private String sharedBucket() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        RelayHarness.makeStore(Files.createDirectories(dir.resolve("stores")), "img.zarr", DataType.UINT16);
        return bucket;
    }

    private Map<String, String> worker(String name, String bucket, String ledger) {
        Path stores = dir.resolve("stores");
        Map<String, String> m = s3Settings();
        m.put("relay.worker", name);
        m.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        m.put("relay.stores", stores.toString());
        m.put("relay.ledger.url", ledger);
        return m;
    }
}
