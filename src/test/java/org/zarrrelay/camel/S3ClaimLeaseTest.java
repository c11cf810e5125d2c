package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * relay.s3.claim-lease-seconds: an S3 inbox object claimed by a relay that died (the claim is never
 * released) is left alone while the claim is younger than the lease, and taken once it is older.
 * With the default hour (S3TwoRelaysTest) the same claim keeps it off for the whole test.
 */
class S3ClaimLeaseTest extends S3RelayTestBase {
    @Test
    void anObjectClaimedByADeadRelayIsTakenOnceTheClaimOutlivesTheLease() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        RelayHarness.makeStore(Files.createDirectories(dir.resolve("stores")), "img.zarr", DataType.UINT16);
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        settings.put("relay.stores", dir.resolve("stores").toString());
        settings.put("relay.ledger.url", ledger);
        settings.put("relay.s3.claim-lease-seconds", "3");
        try (RelayHarness w1 = new RelayHarness(dir.resolve("w1"), settings);
             JdbcJobLedger dead = new JdbcJobLedger(ledger, "", "")) {
            String key = "relay/inbox/x.json";
            byte[] body = "{\"id\": \"x\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\"}"
                    .getBytes(StandardCharsets.UTF_8);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
            long claimed = System.currentTimeMillis();
            assertTrue(dead.claimInput(S3InputBean.input(bucket, key, etag), "w0", Duration.ofHours(1)));
            s3.putObject(bucket, key, body);
            RelayHarness.sleep(1500);  // some 30 polls of w1, all within the lease
            assertEquals(List.of(key), s3.keys(bucket, "relay/inbox/"), "left in the inbox while the claim is young");
            assertEquals(null, w1.relay.jobs().find("x"), "not run while the claim is young");
            RelayHarness.awaitInLedger(w1, "x", JobStatus.EXPORTED);
            long taken = System.currentTimeMillis() - claimed;
            assertTrue(taken >= 3000, "taken after the 3 s lease, not before: " + taken + " ms");
            awaitKeys(bucket, "relay/archive/", List.of("relay/archive/x.json"));
            assertEquals(List.of(), s3.keys(bucket, "relay/failed/"), "not parked");
        }
    }

    @Test
    void aLeaseUnderOneSecondIsRefusedAtStart() {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        settings.put("relay.s3.claim-lease-seconds", "0");
        RelayException e = assertThrows(RelayException.class, () -> new RelayHarness(dir.resolve("bad"), settings).close());
        assertTrue(e.getMessage().contains("relay.s3.claim-lease-seconds is '0'"), e.getMessage());
    }
}
