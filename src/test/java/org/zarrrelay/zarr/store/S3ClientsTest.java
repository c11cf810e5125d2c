package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zarrrelay.testing.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A wrong bucket, key or endpoint fails with a message that names the problem and the setting to
 * fix, both when a store is opened (verify) and when a request fails later (S3Store).
 */
class S3ClientsTest {
    private static final String BUCKET = "present";
    private static S3TestServer server;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        server.createBucket(BUCKET);
        server.putObject(BUCKET, "img.zarr/zarr.json", "{}".getBytes());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static S3Settings with(String endpoint, boolean pathStyle, String secret) {
        S3Settings s = server.settings();
        return new S3Settings(endpoint, s.region(), pathStyle, s.accessKey(), secret, s.maxConnections());
    }

    /** The messages of opening the store, then of a get and a put on it, one a line. */
    private static String failure(S3Settings settings, String location) {
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(location, true, false, settings));
        try (S3Client client = S3Clients.create(settings)) {
            S3Store store = new S3Store(client, S3Location.parse(location));
            StoreException onGet = assertThrows(StoreException.class, () -> store.get("zarr.json"));
            StoreException onPut = assertThrows(StoreException.class, () -> store.put("zarr.json", new byte[1]));
            assertTrue(onGet.getMessage().contains(location + "/zarr.json"), onGet.getMessage());
            assertTrue(onPut.getMessage().contains("could not write " + location + "/zarr.json"), onPut.getMessage());
            String all = e.getMessage() + "\n" + onGet.getMessage() + "\n" + onPut.getMessage();
            return all;
        }
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from:\n" + message);
        }
    }

    @Test
    void theTestServerSettingsWork() {
        assertDoesNotThrow(() -> Stores.open("s3://" + BUCKET + "/img.zarr", true, false, server.settings()));
    }

    @Test
    void theOldEntryPointTakesS3LocationsToo() {
        // settings from RELAY_S3_*; the bad bucket name fails before any client or request
        StoreException e = assertThrows(StoreException.class, () -> Stores.open("s3://Bad_Bucket/x", true, false));
        assertMentions(e.getMessage(), "s3://Bad_Bucket/x", "uppercase");
    }

    @Test
    void aCallerCanShareItsOwnClient() {
        S3Store store = Stores.open(server.client(), S3Location.parse("s3://" + BUCKET + "/img.zarr"), server.settings(), true);
        assertEquals(List.of("zarr.json"), store.list(""));
        assertEquals(store.list(""), Stores.open(server.client(), S3Location.parse("s3://" + BUCKET + "/img.zarr")).list(""));
    }

    @Test
    void aMissingBucketSaysSoAndHowToFixIt() {
        String m = failure(server.settings(), "s3://no-such-bucket/img.zarr");
        assertMentions(m, "bucket 'no-such-bucket' does not exist", "create it", "fix the bucket in the S3 URI",
                server.endpoint().toString());
        assertTrue(m.lines().allMatch(l -> l.contains("does not exist")), m);
    }

    @Test
    void aWrongSecretKeyPointsAtTheKeySettings() {
        String m = failure(with(server.endpoint().toString(), true, "not-the-secret"), "s3://" + BUCKET + "/img.zarr");
        assertMentions(m, "relay.s3.access-key", "relay.s3.secret-key", "RELAY_S3_SECRET_KEY", server.endpoint().toString());
        assertTrue(m.lines().allMatch(l -> l.contains("the secret key does not match the access key")), m);
    }

    @Test
    void anUnknownAccessKeyPointsAtTheKeySettings() {
        S3Settings s = server.settings();
        S3Settings stranger = new S3Settings(s.endpoint(), s.region(), true, "stranger", "whatever", 4);
        String m = failure(stranger, "s3://" + BUCKET + "/img.zarr");
        assertMentions(m, "relay.s3.access-key", "relay.s3.secret-key");
        assertTrue(m.lines().allMatch(l -> l.contains("the server does not know the access key")), m);
    }

    @Test
    void anUnreachableEndpointFailsFastNamingTheEndpoint() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        long start = System.nanoTime();
        String m = failure(with(closed, true, S3TestServer.SECRET_KEY), "s3://" + BUCKET + "/img.zarr");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertMentions(m, closed, "cannot be reached", "relay.s3.endpoint", "RELAY_S3_ENDPOINT", "running");
        // three failing calls, each with every retry
        assertTrue(took.toSeconds() < 10, "took " + took);
    }

    @Test
    void aPrefixWithoutZarrMetadataIsNotAStore() {
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open("s3://" + BUCKET + "/elsewhere", true, false, server.settings()));
        assertMentions(e.getMessage(), "s3://present/elsewhere", "zarr.json", ".zarray", ".zgroup");
        assertDoesNotThrow(() -> Stores.open("s3://" + BUCKET + "/elsewhere", false, false, server.settings()));
    }
}
