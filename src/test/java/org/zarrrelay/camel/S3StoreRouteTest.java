package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;

/**
 * A Zarr store on S3 with the folders on disk: export, write-back and the pyramid update give the
 * same bytes and voxels as the same store on disk; S3 problems stop the relay at start with their
 * reason, and a problem later fails the job, not the route.
 */
class S3StoreRouteTest extends S3RelayTestBase {
    private static final String REQUEST = "\"array\": \"0\", \"region\": \"5:35,10:90,20:70\", \"format\": \"npy\"";

    @Test
    void aStoreOnS3BehavesExactlyLikeTheSameStoreOnDisk() throws Exception {
        String bucket = s3.uniqueName("images");
        s3.createBucket(bucket);
        Store remoteStore = new S3Store(s3.client(), S3Location.parse("s3://" + bucket + "/lab/sample.zarr"));
        SampleImage.write(remoteStore, 40, 96, 96);
        Path processed = dir.resolve("processed.npy");

        byte[] localExport;
        try (RelayHarness local = new RelayHarness(dir.resolve("local"))) {
            SampleImage.write(new FileSystemStore(local.data.resolve("sample.zarr")), 40, 96, 96);
            local.request("r.json", "{\"id\": \"j\", \"store\": \"sample.zarr\", " + REQUEST + "}");
            local.awaitState("j", JobStatus.EXPORTED);
            localExport = Files.readAllBytes(local.folders.exports().resolve("j.npy"));
            writeProcessed(local.folders.exports().resolve("j.npy"), processed);
            local.returnFile("j-done.npy", processed);
            local.awaitState("j", JobStatus.WRITTEN_BACK);
        }

        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", dir.resolve("remote") + ",s3://" + bucket + "/lab");
        try (RelayHarness remote = new RelayHarness(dir.resolve("remote"), settings)) {
            remote.request("r.json", "{\"id\": \"j\", \"store\": \"sample.zarr\", " + REQUEST + "}");
            JobStatus s = remote.awaitState("j", JobStatus.EXPORTED);
            assertEquals("sample.zarr", s.store());
            assertArrayEquals(localExport, Files.readAllBytes(remote.folders.exports().resolve("j.npy")));
            remote.returnFile("j-done.npy", processed);
            remote.awaitState("j", JobStatus.WRITTEN_BACK);

            // the full URI names the same store; a URI outside the roots is refused
            remote.request("u.json", "{\"id\": \"by-uri\", \"store\": \"s3://" + bucket + "/lab/sample.zarr\", " + REQUEST + "}");
            remote.awaitState("by-uri", JobStatus.EXPORTED);
            remote.request("o.json", "{\"id\": \"outside\", \"store\": \"s3://" + bucket + "/elsewhere/x.zarr\", " + REQUEST + "}");
            assertTrue(remote.awaitState("outside", JobStatus.FAILED).message().contains("not under a configured store root"));
        }
        Store localStore = new FileSystemStore(dir.resolve("local").resolve("sample.zarr"));
        for (int level = 0; level < SampleImage.LEVELS; level++) {
            ZarrArray onDisk = ZarrArray.open(localStore, String.valueOf(level));
            ZarrArray onS3 = ZarrArray.open(remoteStore, String.valueOf(level));
            int[] shape = java.util.Arrays.stream(onDisk.metadata().shape()).mapToInt(x -> (int) x).toArray();
            assertArrayEquals(onDisk.read(new long[3], shape).data(), onS3.read(new long[3], shape).data(),
                    "level " + level + " on S3 equals level " + level + " on disk after the same write-back");
        }
    }

    @Test
    void s3ProblemsStopTheRelayAtStartWithTheirReason() {
        String bucket = s3.uniqueName("images");
        s3.createBucket(bucket);
        Map<String, String> wrongSecret = s3Settings();
        wrongSecret.put("relay.s3.secret-key", "not-the-secret");
        wrongSecret.put("relay.inbox", "s3://" + bucket + "/inbox");
        assertStartFails(wrongSecret, "secret key");

        Map<String, String> noBucket = s3Settings();
        noBucket.put("relay.stores", "s3://no-such-bucket-here/lab");
        assertStartFails(noBucket, "does not exist");

        Map<String, String> unreachable = s3Settings();
        unreachable.put("relay.s3.endpoint", "http://127.0.0.1:" + ApiClient.freePort());
        unreachable.put("relay.exports", "s3://" + bucket + "/exports");
        assertStartFails(unreachable, "cannot be reached");

        Map<String, String> wholeBucket = s3Settings();
        wholeBucket.put("relay.returns", "s3://" + bucket);
        assertStartFails(wholeBucket, "give it a prefix");
    }

    @Test
    void anS3OutageLaterFailsTheJobAndTheRouteGoesOn() throws Exception {
        S3TestServer doomed = S3TestServer.start();
        String bucket = "outage";
        doomed.createBucket(bucket);
        SampleImage.write(new S3Store(doomed.client(), S3Location.parse("s3://outage/img.zarr")), 8, 16, 16);
        Map<String, String> settings = s3Settings();
        settings.put("relay.s3.endpoint", doomed.endpoint().toString());
        settings.put("relay.stores", dir + ",s3://outage");
        try (RelayHarness h = new RelayHarness(dir, settings)) {
            h.makeStore("local.zarr", DataType.UINT8);
            doomed.close();
            h.request("a.json", "{\"id\": \"during-outage\", \"store\": \"s3://outage/img.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:4,0:4,0:4\"}");
            JobStatus failed = h.awaitState("during-outage", JobStatus.FAILED);
            assertTrue(failed.message().contains("cannot be reached"), failed.message());
            assertTrue(Files.exists(h.folders.failed().resolve("a.json.error.txt")));
            h.request("b.json", "{\"id\": \"after\", \"store\": \"local.zarr\", \"array\": \"0\", \"region\": \"0:4,0:4,0:4\"}");
            h.awaitState("after", JobStatus.EXPORTED);
        }
    }

    private void assertStartFails(Map<String, String> settings, String reason) {
        RelayException e = assertThrows(RelayException.class, () -> new RelayHarness(dir.resolve("x"), settings).close());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void writeProcessed(Path exported, Path out) {
        Volume v;
        try (VolumeReader r = new NpyFormat().open(exported)) {
            v = r.readSlab(0, (int) r.shape()[0]);
        }
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, 65535 - v.getLong(i));
        }
        RelayHarness.writeNpy(out, v);
    }
}
