package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.testing.S3TestServer;

/** Route tests against S3: one S3Proxy per test class, settings that reach it, a wait for objects. */
abstract class S3RelayTestBase {
    static S3TestServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** Settings that reach the test server (add relay.stores, relay.inbox, ... to use it). */
    static Map<String, String> s3Settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("relay.s3.endpoint", s3.endpoint().toString());
        m.put("relay.s3.region", S3TestServer.REGION);
        m.put("relay.s3.path-style", "true");
        m.put("relay.s3.access-key", S3TestServer.ACCESS_KEY);
        m.put("relay.s3.secret-key", S3TestServer.SECRET_KEY);
        return m;
    }

    /** Waits until the keys under {@code prefix} are exactly {@code expected}. */
    static void awaitKeys(String bucket, String prefix, List<String> expected) {
        long end = System.currentTimeMillis() + 20_000;
        List<String> keys = null;
        while (System.currentTimeMillis() < end) {
            keys = s3.keys(bucket, prefix);
            if (keys.equals(expected)) {
                return;
            }
            RelayHarness.sleep(50);
        }
        assertEquals(expected, keys, "objects under " + prefix);
    }
}
