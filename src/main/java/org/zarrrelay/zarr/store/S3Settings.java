package org.zarrrelay.zarr.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * How to reach S3: the same six settings for the CLI (environment variables) and the Camel app
 * ({@code relay.s3.*} properties), so both build their client the same way in {@link S3Clients}.
 *
 * @param endpoint       URL of an S3-compatible server (MinIO, Ceph, S3Proxy); "" for AWS
 * @param region         signing region; "" for the SDK's default region chain, then us-east-1
 * @param pathStyle      bucket in the path ({@code http://host/bucket/key}) rather than the host
 *                       name; most S3-compatible servers need it
 * @param accessKey      "" for the SDK's default credentials chain (environment, profile, role)
 * @param secretKey      given exactly when the access key is
 * @param maxConnections HTTP connections kept open, at least as many as chunk threads
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey,
        int maxConnections) {
    public static final int DEFAULT_MAX_CONNECTIONS = 32;

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.trim();
        region = region == null ? "" : region.trim();
        accessKey = accessKey == null ? "" : accessKey.trim();
        secretKey = secretKey == null ? "" : secretKey;
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new StoreException("relay.s3.access-key and relay.s3.secret-key (RELAY_S3_ACCESS_KEY,"
                    + " RELAY_S3_SECRET_KEY) go together: set both, or neither to use the AWS default credentials chain");
        }
        if (maxConnections < 1) {
            throw new StoreException("relay.s3.max-connections (RELAY_S3_MAX_CONNECTIONS) must be at least 1, got "
                    + maxConnections + "; use at least the number of chunk threads, e.g. 32");
        }
        if (!endpoint.isEmpty()) {
            checkEndpoint(endpoint);
        }
    }

    /** AWS, default region and credentials chains, virtual-host addressing. */
    public static S3Settings aws() {
        return new S3Settings("", "", false, "", "", DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Reads RELAY_S3_ENDPOINT, RELAY_S3_REGION, RELAY_S3_PATH_STYLE, RELAY_S3_ACCESS_KEY,
     * RELAY_S3_SECRET_KEY and RELAY_S3_MAX_CONNECTIONS; absent or empty ones take the defaults
     * ("", "", false, "", "", 32).
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        return new S3Settings(text(env, "RELAY_S3_ENDPOINT"), text(env, "RELAY_S3_REGION"),
                bool(env, "RELAY_S3_PATH_STYLE"), text(env, "RELAY_S3_ACCESS_KEY"), text(env, "RELAY_S3_SECRET_KEY"),
                integer(env, "RELAY_S3_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS));
    }

    /** True when requests are signed with {@link #accessKey()}, false when the SDK's chain finds credentials. */
    public boolean hasStaticCredentials() {
        return !accessKey.isEmpty();
    }

    /** The endpoint for messages: the URL, or AWS and the region. */
    public String describeEndpoint() {
        return endpoint.isEmpty() ? "AWS S3" + (region.isEmpty() ? "" : " (" + region + ")") : endpoint;
    }

    /** Never shows the secret key: settings end up in logs and messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + describeEndpoint() + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "****")
                + ", maxConnections=" + maxConnections + "]";
    }

    private static void checkEndpoint(String endpoint) {
        String problem = "relay.s3.endpoint (RELAY_S3_ENDPOINT) '" + endpoint + "' must be an http:// or https:// URL"
                + " with a host (example: http://127.0.0.1:9000 for a local MinIO)";
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new StoreException(problem + ": " + e.getMessage(), e);
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new StoreException(problem);
        }
    }

    private static String text(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v.trim();
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = text(env, name);
        if (v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new StoreException(name + " is '" + v + "': set it to true or false");
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = text(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StoreException(name + " is '" + v + "': set it to a whole number, e.g. " + fallback, e);
        }
    }
}
