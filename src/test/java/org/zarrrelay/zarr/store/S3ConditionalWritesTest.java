package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zarrrelay.testing.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/** The probe tells a server that refuses a stale If-Match from one that ignores it, and leaves nothing behind. */
class S3ConditionalWritesTest {
    private static final String BUCKET = "probe";
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

    @Test
    void aServerThatRefusesAStaleIfMatchIsReportedAsEnforcing() {
        S3Location root = new S3Location(BUCKET, server.uniqueName("root"));
        S3ConditionalWrites.Outcome o = S3ConditionalWrites.probe(server.client(), root, ".zarr-relay/probe-1");
        assertEquals(S3ConditionalWrites.State.ENFORCED, o.state(), o.describe());
        assertEquals("enforced", o.describe());
        assertEquals(List.of(), server.keys(BUCKET, root.prefix() + "/"), "the probe object is deleted");
    }

    @Test
    void aServerThatIgnoresIfMatchIsReportedAsIgnoring() {
        S3Location root = new S3Location(BUCKET, server.uniqueName("root"));
        try (S3Client ignoring = server.clientIgnoringIfMatch()) {
            S3ConditionalWrites.Outcome o = S3ConditionalWrites.probe(ignoring, root, ".zarr-relay/probe-2");
            assertEquals(S3ConditionalWrites.State.IGNORED, o.state(), o.describe());
            assertTrue(o.describe().startsWith("ignored by the server: ") && o.describe().contains(root.toString()),
                    o.describe());
        }
        assertEquals(List.of(), server.keys(BUCKET, root.prefix() + "/"), "the probe object is deleted");
    }

    @Test
    void aProbeThatCannotWriteSaysWhyInsteadOfGuessing() {
        S3Location missingBucket = new S3Location("no-such-probe-bucket", "root");
        S3ConditionalWrites.Outcome o = S3ConditionalWrites.probe(server.client(), missingBucket, ".zarr-relay/probe-3");
        assertEquals(S3ConditionalWrites.State.UNKNOWN, o.state(), o.describe());
        assertTrue(o.describe().startsWith("unknown: the probe at s3://no-such-probe-bucket/root/.zarr-relay/probe-3"
                + " failed"), o.describe());
    }
}
