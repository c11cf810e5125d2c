package org.zarrrelay.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.zarrrelay.zarr.store.S3Clients;
import org.zarrrelay.zarr.store.S3Settings;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 API on 127.0.0.1 for tests, served by S3Proxy in this JVM: no network, no Docker,
 * no credentials from the developer's machine. Requests are signed with AWS v4 using fixed test
 * keys, so code under test goes through the same signing, checksum and error paths as against
 * AWS or MinIO.
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *     s3.createBucket("images");
 *     s3.putObject("images", "a/zarr.json", bytes);
 *     // point the code under test at s3.settings() / s3.endpoint(), e.g. relay.s3.endpoint
 *     assertEquals(List.of("a/zarr.json"), s3.keys("images", "a/"));
 * }
 * }</pre>
 *
 * <p>Starting takes well under a second; share one server per test class ({@code @BeforeAll})
 * and give each test its own bucket or prefix ({@link #uniqueName}).
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "relay-test";
    public static final String SECRET_KEY = "relay-test-secret";
    public static final String REGION = "us-east-1";

    static {
        // S3Proxy and its shaded Jetty log every start at info; slf4j-simple reads per-logger
        // levels from system properties when a logger is created, so this must run first.
        quiet("org.gaul.s3proxy");
        quiet("org.gaul.shaded.org.eclipse.jetty");
        quiet("org.eclipse.jetty");
    }

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final URI endpoint;
    private final AtomicInteger names = new AtomicInteger();
    private S3Client client;

    private S3TestServer(BlobStore blobs) throws Exception {
        this.blobs = blobs;
        this.proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** A server keeping objects in memory (gone on close). */
    public static S3TestServer start() {
        return start(new TransientNio2BlobStore());
    }

    /** A server keeping buckets as folders of {@code dir}, to inspect or to keep across restarts. */
    public static S3TestServer startOnDisk(Path dir) {
        return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
    }

    /** A server keeping objects in {@code blobs} (a {@link CountingBlobStore} to count requests). */
    public static S3TestServer start(BlobStore blobs) {
        try {
            return new S3TestServer(blobs);
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy on 127.0.0.1: " + e, e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}: what relay.s3.endpoint is set to. */
    public URI endpoint() {
        return endpoint;
    }

    /** Settings that reach this server: its endpoint, path-style, us-east-1 and the test keys. */
    public S3Settings settings() {
        return new S3Settings(endpoint.toString(), REGION, true, ACCESS_KEY, SECRET_KEY, S3Settings.DEFAULT_MAX_CONNECTIONS);
    }

    /** One client built by {@link S3Clients} from {@link #settings()}, shared and closed with the server. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Clients.create(settings());
        }
        return client;
    }

    /**
     * A new client (the caller closes it) whose requests lose their If-Match header after they are
     * built and before they are signed: to the code under test this is a server that accepts the
     * header and ignores it, as some S3-compatible servers do.
     */
    public S3Client clientIgnoringIfMatch() {
        return clientWith(new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().removeHeader("If-Match").build();
            }
        });
    }

    /** A new client (the caller closes it) as {@link #client()}, with an interceptor that sees every request. */
    public S3Client clientWith(ExecutionInterceptor interceptor) {
        S3ClientBuilder b = S3Clients.builder(settings());
        b.overrideConfiguration(b.overrideConfiguration().toBuilder().addExecutionInterceptor(interceptor).build());
        return b.build();
    }

    /** A name no earlier call returned, usable as a bucket or prefix: {@code base-1}, {@code base-2}, ... */
    public String uniqueName(String base) {
        return base + "-" + names.incrementAndGet();
    }

    public void createBucket(String name) {
        client().createBucket(r -> r.bucket(name));
    }

    public void putObject(String bucket, String key, byte[] value) {
        client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(value));
    }

    /** The object's bytes, or null when absent. */
    public byte[] getObject(String bucket, String key) {
        try {
            return client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        }
    }

    /** Every object key in the bucket that starts with {@code prefix} ("" for all), as S3 lists them. */
    public List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                client.close();
            }
            proxy.stop();
            blobs.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy at " + endpoint + ": " + e, e);
        }
    }

    private static void quiet(String logger) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }
}
