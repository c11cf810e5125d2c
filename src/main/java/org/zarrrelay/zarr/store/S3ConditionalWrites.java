package org.zarrrelay.zarr.store;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whether an S3 server really refuses a PutObject whose {@code If-Match} names another value. The
 * write-back journal relies on that to notice a tool outside the relay replacing a chunk between
 * snapshot and write ({@link Store#putIf}); some S3-compatible servers accept the header and
 * ignore it, and the only way to know is to try. Writes one probe object, puts it again under a
 * wrong If-Match, and deletes it.
 */
public final class S3ConditionalWrites {

    /** What the probe found; {@link #describe()} is what the relay's health check shows. */
    public record Outcome(State state, String detail) {
        public boolean enforced() {
            return state == State.ENFORCED;
        }

        public String describe() {
            return switch (state) {
                case ENFORCED -> detail == null ? "enforced" : "enforced (" + detail + ")";
                case IGNORED -> "ignored by the server: " + detail;
                case UNKNOWN -> "unknown: " + detail;
            };
        }
    }

    public enum State {
        /** The server refused the put (412 or 409). */
        ENFORCED,
        /** The server replaced the object although If-Match named another value. */
        IGNORED,
        /** The probe could not be written or the server failed the put otherwise (read-only credentials, ...). */
        UNKNOWN
    }

    private static final byte[] FIRST = "zarr-relay probe: first value".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "zarr-relay probe: must not replace the first".getBytes(StandardCharsets.UTF_8);

    private S3ConditionalWrites() {
    }

    /**
     * Probes the server behind {@code client} with an object at {@code probeKey} under {@code location}
     * (a key the caller made unique, in a folder nothing else reads); the object is deleted afterwards.
     */
    public static Outcome probe(S3Client client, S3Location location, String probeKey) {
        S3Store store = new S3Store(client, location);
        String uri = location.uri(probeKey);
        Outcome outcome = test(store, probeKey, uri);
        try {
            store.delete(probeKey);
        } catch (StoreException e) {
            String left = "the probe object " + uri + " could not be deleted (" + e.getMessage() + "); delete it by hand";
            return new Outcome(outcome.state(), outcome.detail() == null ? left : outcome.detail() + "; " + left);
        }
        return outcome;
    }

    private static Outcome test(S3Store store, String probeKey, String uri) {
        try {
            store.put(probeKey, FIRST);
            String real = store.fingerprint(probeKey);
            // well formed, so a server cannot refuse it as malformed, and not the probe's own ETag
            String wrong = ("etag:" + "0".repeat(32)).equals(real) ? "etag:" + "1".repeat(32) : "etag:" + "0".repeat(32);
            try {
                store.putIf(probeKey, SECOND, wrong);
            } catch (ConcurrentChangeException e) {
                return new Outcome(State.ENFORCED, null);
            }
            return new Outcome(State.IGNORED, "a put to " + uri + " with an If-Match naming another value replaced"
                    + " the object");
        } catch (StoreException e) {
            return new Outcome(State.UNKNOWN, "the probe at " + uri + " failed: " + e.getMessage());
        }
    }
}
