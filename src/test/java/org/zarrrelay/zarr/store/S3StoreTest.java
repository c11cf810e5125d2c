package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zarrrelay.testing.S3TestServer;

/** The store contract against S3 (S3Proxy on loopback), each case in a fresh prefix, plus what only S3 can get wrong. */
class S3StoreTest extends StoreContract {
    private static final String BUCKET = "contract";
    private static S3TestServer server;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected S3Store newStore() {
        return new S3Store(server.client(), new S3Location(BUCKET, server.uniqueName("stores/case")));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysLiveUnderThePrefixAndListRelativeToIt() {
        S3Store s = newStore();
        S3Store neighbour = new S3Store(server.client(), new S3Location(BUCKET, s.location().prefix() + "0"));
        s.put("c/0", b("x"));
        neighbour.put("c/0", b("y"));
        assertEquals(List.of(s.location().prefix() + "/c/0"), server.keys(BUCKET, s.location().prefix() + "/"));
        assertEquals(List.of("c/0"), s.list(""), "a prefix that merely starts the same is another store");
        assertEquals(List.of("c/0"), s.list("c"));
        assertEquals("s3://" + BUCKET + "/" + s.location().prefix(), s.describe());
    }

    @Test
    void aStoreAtTheBucketRootUsesKeysAsTheyAre() {
        String bucket = server.uniqueName("root");
        server.createBucket(bucket);
        S3Store s = new S3Store(server.client(), new S3Location(bucket, ""));
        s.put("zarr.json", b("{}"));
        s.put("c/1/2", b("z"));
        assertEquals(List.of("c/1/2", "zarr.json"), server.keys(bucket, ""));
        assertEquals(List.of("c/1/2", "zarr.json"), s.list(""));
    }

    @Test
    void listsMoreKeysThanOnePageHolds() {
        S3Store s = newStore();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            expected.add(String.format("c/%04d", i));
        }
        expected.parallelStream().forEach(k -> s.put(k, new byte[] {1}));
        assertTrue(server.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(s.location().prefix() + "/")).isTruncated());
        assertEquals(expected, s.list(""), "S3 returns at most 1000 keys per ListObjectsV2 page");
    }

    @Test
    void shortObjectsAreReportedAsTruncatedNotReturnedShort() {
        S3Store s = newStore();
        s.put("shard", b("0123456789"));
        s.put("empty", new byte[0]);
        assertArrayEquals(b("0123456789"), s.getSuffix("shard", 10));
        assertArrayEquals(new byte[0], s.getRange("shard", 3, 0));
        assertNull(s.getRange("absent", 3, 0));
        for (Runnable read : List.<Runnable>of(() -> s.getSuffix("shard", 11), () -> s.getRange("shard", 8, 4),
                () -> s.getRange("shard", 10, 1), () -> s.getSuffix("empty", 4))) {
            StoreException e = assertThrows(StoreException.class, read::run);
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("s3://" + BUCKET + "/"), e.getMessage());
        }
    }

    @Test
    void aPutConditionalOnAnOlderValueIsRefused() {
        S3Store s = newStore();
        s.put("c/0", b("seen by the relay"));
        String seen = s.fingerprint("c/0");
        s.put("c/0", b("written by another tool"));
        ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class,
                () -> s.putIf("c/0", b("the relay's result"), seen));
        assertTrue(e.getMessage().contains("changed by another writer") && e.getMessage().contains(s.describe()),
                e.getMessage());
        assertArrayEquals(b("written by another tool"), s.get("c/0"));
    }

    @Test
    void aPutConditionalOnAbsenceIsRefusedWhenTheKeyExists() {
        S3Store s = newStore();
        s.put("c/0", b("created by another tool"));
        assertThrows(ConcurrentChangeException.class, () -> s.putIf("c/0", b("the relay's new chunk"), null));
        assertArrayEquals(b("created by another tool"), s.get("c/0"));
    }
}
