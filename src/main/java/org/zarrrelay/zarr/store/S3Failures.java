package org.zarrrelay.zarr.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns an AWS SDK failure into one {@link StoreException} that names the object, the endpoint,
 * what went wrong and what to do. Shared by {@link S3Clients#verify} and {@link S3Store} so a
 * wrong secret key reads the same whether it shows up when a store is opened or mid-export.
 */
final class S3Failures {
    private S3Failures() {
    }

    /** Whom a failure concerns: the endpoint and whether the keys came from our settings or the SDK's chain. */
    record Target(String endpoint, boolean staticCredentials) {
        static Target of(S3Settings s) {
            return new Target(s.describeEndpoint(), s.hasStaticCredentials());
        }

        static Target of(S3Client client) {
            S3ServiceClientConfiguration c = client.serviceClientConfiguration();
            String endpoint = c.endpointOverride().map(Object::toString)
                    .orElse("AWS S3" + (c.region() == null ? "" : " (" + c.region().id() + ")"));
            return new Target(endpoint, c.credentialsProvider() instanceof StaticCredentialsProvider);
        }
    }

    /** A GET or HEAD of a key that is not there (as opposed to a bucket that is not there). */
    static boolean isAbsentKey(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        return e instanceof S3Exception s && s.statusCode() == 404 && !(s instanceof NoSuchBucketException)
                && !"NoSuchBucket".equals(code(s));
    }

    /** A ranged GET that starts at or past the end of the object. */
    static boolean isInvalidRange(SdkException e) {
        return e instanceof S3Exception s && (s.statusCode() == 416 || "InvalidRange".equals(code(s)));
    }

    /**
     * @param action what we tried, as a verb phrase: "read", "write", "list keys under"
     * @param uri    the s3:// URI of the object or prefix
     */
    static StoreException wrap(String action, String uri, String bucket, Target target, SdkException e) {
        String where = "could not " + action + " " + uri + " at " + target.endpoint() + ": ";
        return new StoreException(where + explain(bucket, target, e), e);
    }

    private static String explain(String bucket, Target target, SdkException e) {
        if (e instanceof S3Exception s) {
            return explainService(bucket, target, s);
        }
        Throwable cause = rootConnectCause(e);
        if (cause != null) {
            return "the endpoint cannot be reached (" + cause + ") — "
                    + (target.endpoint().startsWith("AWS") ? "check the network, proxy and relay.s3.region (RELAY_S3_REGION)"
                            : "check relay.s3.endpoint (RELAY_S3_ENDPOINT) and that the S3 server is running and reachable from here");
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return "no AWS credentials were found — set relay.s3.access-key and relay.s3.secret-key (RELAY_S3_ACCESS_KEY,"
                    + " RELAY_S3_SECRET_KEY) or configure the AWS default credentials chain (AWS_ACCESS_KEY_ID /"
                    + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, or an instance role)";
        }
        if (hasCause(e, SocketTimeoutException.class)) {
            return "the server did not answer in time (" + e.getMessage() + ") — retry later, or check the server's load"
                    + " and the network";
        }
        return "the S3 client failed: " + e.getMessage() + " — check relay.s3.* (RELAY_S3_*) and retry";
    }

    private static String explainService(String bucket, Target target, S3Exception s) {
        String code = code(s);
        String tag = " [HTTP " + s.statusCode() + (code == null ? "" : " " + code)
                + (s.requestId() == null ? "" : ", request id " + s.requestId()) + "]";
        if (s instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
            return "bucket '" + bucket + "' does not exist" + tag + " — create it (e.g. aws s3 mb s3://" + bucket
                    + ") or fix the bucket in the S3 URI";
        }
        Optional<String> bucketRegion = s.awsErrorDetails() == null ? Optional.empty()
                : s.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        if (s.statusCode() == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)
                || "IllegalLocationConstraintException".equals(code)) {
            return "bucket '" + bucket + "' is in another region" + bucketRegion.map(r -> " (" + r + ")").orElse("") + tag
                    + " — set relay.s3.region (RELAY_S3_REGION) to " + bucketRegion.orElse("the bucket's region");
        }
        if ("RequestTimeTooSkewed".equals(code) || s.isClockSkewException()) {
            return "this machine's clock differs too much from the server's" + tag + " — synchronise the system clock (NTP)";
        }
        if (s.statusCode() == 403 || s.statusCode() == 401) {
            String problem = switch (code == null ? "" : code) {
                case "InvalidAccessKeyId" -> "the server does not know the access key";
                case "SignatureDoesNotMatch" -> "the secret key does not match the access key";
                case "AccessDenied" -> "access denied";
                default -> "access denied (wrong access key or secret key, or no permission on the bucket)";
            };
            return problem + tag + " — " + credentialsHint(target);
        }
        if (s.statusCode() >= 500 || s.isThrottlingException()) {
            return "the server failed" + tag + ", even after retries — retry later, or look the request id up in the"
                    + " server's logs";
        }
        return "S3 refused the request" + tag + ": " + (s.awsErrorDetails() == null ? s.getMessage()
                : s.awsErrorDetails().errorMessage()) + " — check the S3 URI and relay.s3.* (RELAY_S3_*) settings";
    }

    private static String credentialsHint(Target target) {
        String keys = "relay.s3.access-key / relay.s3.secret-key (RELAY_S3_ACCESS_KEY / RELAY_S3_SECRET_KEY)";
        if (target.staticCredentials()) {
            return "check " + keys + " and that this identity may read and write the bucket";
        }
        return "no access key is set, so the AWS default credentials chain was used (AWS_ACCESS_KEY_ID /"
                + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, or an instance role): check it and that"
                + " it may read and write the bucket, or set " + keys;
    }

    private static String code(S3Exception s) {
        return s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    }

    /** The connect-level cause of a client failure, or null: refused, no route, unknown host, connect timeout. */
    private static Throwable rootConnectCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof ConnectTimeoutException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
