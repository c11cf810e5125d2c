package org.zarrrelay.zarr.store;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds and checks S3 clients from {@link S3Settings}. A client holds a connection pool and
 * threads, so one is meant to be built per process (or per settings) and shared by every store
 * and thread; whoever builds it closes it.
 */
public final class S3Clients {
    /** Attempts per request, the first included: rides out a restarting server or a throttling burst. */
    public static final int MAX_ATTEMPTS = 5;
    /**
     * Opening a TCP connection takes milliseconds even across a continent, so a connect that takes
     * longer means the host is down or filtered; failing fast keeps a wrong endpoint from hanging.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Chunk threads wait this long for a free pooled connection before the request fails. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(60);

    private S3Clients() {
    }

    public static S3Client create(S3Settings s) {
        return builder(s).build();
    }

    /**
     * A builder set up as {@link #create} does, for a caller that adds to it (interceptors,
     * metrics) before building. Change its override configuration with
     * {@code b.overrideConfiguration(b.overrideConfiguration().toBuilder()...build())} to keep the retry strategy.
     */
    public static S3ClientBuilder builder(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .region(region(s))
                .forcePathStyle(s.pathStyle())
                .credentialsProvider(credentials(s))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(s.maxConnections())
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT))
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
                // Since SDK 2.30 uploads carry a CRC32 trailer and downloads are checked against one by
                // default; S3-compatible servers (older MinIO, Ceph, S3Proxy) may not understand those
                // headers, so checksums are only used where the S3 API demands them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!s.endpoint().isEmpty()) {
            b.endpointOverride(URI.create(s.endpoint()));
        }
        return b;
    }

    /**
     * Checks, before any work, that the bucket exists and that we may list the prefix (which needs
     * read permission), so a wrong setting fails at start with a message saying which one.
     *
     * @throws StoreException naming the location, the endpoint, the problem and the setting to fix
     */
    public static void verify(S3Client c, S3Location loc, S3Settings s) {
        S3Failures.Target target = S3Failures.Target.of(s);
        try {
            c.headBucket(r -> r.bucket(loc.bucket()));
        } catch (S3Exception e) {
            // a HEAD answer has no body, so a 403 does not say whether the key, the secret or the
            // permission is wrong; the listing below fails the same way and says which
            if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
                list(c, loc, target);
            }
            throw S3Failures.wrap("open", loc.toString(), loc.bucket(), target, e);
        } catch (SdkException e) {
            throw S3Failures.wrap("open", loc.toString(), loc.bucket(), target, e);
        }
        list(c, loc, target);
    }

    private static void list(S3Client c, S3Location loc, S3Failures.Target target) {
        try {
            c.listObjectsV2(r -> r.bucket(loc.bucket()).prefix(loc.listPrefix()).maxKeys(1));
        } catch (SdkException e) {
            throw S3Failures.wrap("list keys under", loc.toString(), loc.bucket(), target, e);
        }
    }

    private static Region region(S3Settings s) {
        if (!s.region().isEmpty()) {
            return Region.of(s.region());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            // S3-compatible servers mostly ignore the region, and AWS redirects a wrong one with a
            // message S3Failures turns into "set relay.s3.region to ..."
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
