package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Every S3 setting changes the requests {@link S3Clients} sends. Requests are captured just
 * before they would go out and then stopped, so no server (and no DNS) is needed.
 */
class S3ClientSettingsTest {
    private static final String ENDPOINT = "http://s3.example.invalid:9000";

    /** Records each HTTP attempt and, when {@code stop}, fails it before it leaves. */
    private static final class Capture implements ExecutionInterceptor {
        final List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
        final boolean stop;

        Capture(boolean stop) {
            this.stop = stop;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.add(context.httpRequest());
            if (stop) {
                throw new IllegalStateException("captured");
            }
        }
    }

    private static S3Client client(S3Settings s, Capture capture) {
        S3ClientBuilder b = S3Clients.builder(s);
        return b.overrideConfiguration(b.overrideConfiguration().toBuilder().addExecutionInterceptor(capture).build()).build();
    }

    private static SdkHttpRequest put(S3Settings s) {
        Capture capture = new Capture(true);
        try (S3Client c = client(s, capture)) {
            c.putObject(r -> r.bucket("images").key("a/zarr.json"), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        } catch (SdkException | IllegalStateException expected) {
            // the interceptor stopped it
        }
        assertEquals(1, capture.sent.size());
        return capture.sent.get(0);
    }

    private static S3Settings settings(String endpoint, String region, boolean pathStyle, String accessKey) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, "secret", 8);
    }

    @Test
    void endpointAndPathStyleDecideTheUrl() {
        SdkHttpRequest path = put(settings(ENDPOINT, "us-east-1", true, "AK"));
        assertEquals("s3.example.invalid", path.host());
        assertEquals(9000, path.port());
        assertEquals("/images/a/zarr.json", path.encodedPath());

        SdkHttpRequest virtual = put(settings(ENDPOINT, "us-east-1", false, "AK"));
        assertEquals("images.s3.example.invalid", virtual.host());
        assertEquals("/a/zarr.json", virtual.encodedPath());
    }

    @Test
    void regionAndAccessKeySignTheRequest() {
        String auth = put(settings(ENDPOINT, "eu-west-3", true, "AKIDTEST")).firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(auth.contains("Credential=AKIDTEST/"), auth);
        assertTrue(auth.contains("/eu-west-3/s3/aws4_request"), auth);
    }

    @Test
    void noEndpointMeansAws() {
        SdkHttpRequest aws = put(settings("", "eu-west-3", false, "AK"));
        assertEquals("images.s3.eu-west-3.amazonaws.com", aws.host());
    }

    @Test
    void uploadsCarryNoOptionalChecksumsThatS3CompatibleServersReject() {
        SdkHttpRequest r = put(settings(ENDPOINT, "us-east-1", true, "AK"));
        assertFalse(r.headers().keySet().stream().anyMatch(h -> h.toLowerCase().startsWith("x-amz-checksum")
                || h.equalsIgnoreCase("x-amz-sdk-checksum-algorithm") || h.equalsIgnoreCase("x-amz-trailer")), r.headers().toString());
    }

    @Test
    void aRefusedConnectionIsRetriedUpToTheAttemptLimit() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        Capture capture = new Capture(false);
        try (S3Client c = client(settings(closed, "us-east-1", true, "AK"), capture)) {
            c.headBucket(r -> r.bucket("images"));
        } catch (SdkException expected) {
            // refused every time
        }
        assertEquals(S3Clients.MAX_ATTEMPTS, capture.sent.size());
    }
}
