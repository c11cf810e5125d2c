package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;

/**
 * Issue 13: with relay.stores on S3, serve created a local sample no request could reach, suggested
 * a request for it that failed, and a request for an unknown store listed "(none found)" although
 * the S3 root held stores. Now serve names the stores on the S3 root with a request that works, or
 * says how to put one there, and the refusal lists them.
 */
class S3StoreRootHintsTest extends S3RelayTestBase {

    @Test
    void storesOnAnS3RootAreNamedWithARequestThatWorks() throws Exception {
        String bucket = s3.uniqueName("hints");
        s3.createBucket(bucket);
        SampleImage.write(new S3Store(s3.client(), S3Location.parse("s3://" + bucket + "/zarr/sample.zarr")), 16, 32, 32, 16);
        s3.putObject(bucket, "zarr/notes.txt", new byte[] {1});  // not a store: left out of the lists
        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", "s3://" + bucket + "/zarr");
        settings.put("relay.sample", "true");
        try (RelayHarness h = new RelayHarness(dir, settings)) {
            assertNull(h.relay.ensureSample());
            assertFalse(Files.exists(dir.resolve("sample.zarr")), "no local sample that no request could name");

            List<String> lines = h.relay.triggers();
            assertTrue(lines.contains("stores from s3://" + bucket + "/zarr: sample.zarr"), lines.toString());
            String tryIt = lines.stream().filter(l -> l.startsWith("try it: put this into "
                    + h.folders.inbox().resolve("try-1.json"))).findFirst().orElseThrow(() -> new AssertionError(lines));
            String request = tryIt.substring(tryIt.indexOf('\n')).trim();
            assertEquals("{\"id\":\"try-1\",\"store\":\"sample.zarr\",\"array\":\"0\",\"region\":\"0:16,0:32,0:32\","
                    + "\"format\":\"tiff\"}", request);
            h.request("try-1.json", request);
            h.awaitState("try-1", JobStatus.EXPORTED);
            assertTrue(Files.exists(h.folders.exports().resolve("try-1.tif")));

            h.request("typo.json", "{\"id\": \"typo\", \"store\": \"sampel.zarr\", \"array\": \"0\", \"region\": \"0:1,0:1,0:1\"}");
            String reason = h.awaitState("typo", JobStatus.FAILED).message();
            assertTrue(reason.contains("stores there: sample.zarr"), reason);
        }
    }

    @Test
    void anEmptyS3RootSaysHowToPutAStoreThere() throws Exception {
        String bucket = s3.uniqueName("empty");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", "s3://" + bucket + "/zarr");
        settings.put("relay.sample", "true");
        try (RelayHarness h = new RelayHarness(dir, settings)) {
            assertNull(h.relay.ensureSample());
            assertFalse(Files.exists(dir.resolve("sample.zarr")));
            List<String> lines = h.relay.triggers();
            String hint = lines.stream().filter(l -> l.startsWith("stores from s3://" + bucket + "/zarr"))
                    .findFirst().orElseThrow(() -> new AssertionError(lines));
            assertTrue(hint.contains("holds none yet") && hint.endsWith("aws s3 sync data/sample.zarr s3://" + bucket
                    + "/zarr/sample.zarr --exclude '.zarr-relay/*' --endpoint-url " + s3.endpoint()), hint);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("try it")), lines.toString());
        }
    }
}
