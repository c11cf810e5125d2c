package org.zarrrelay.zarr.store;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store under a prefix of an S3 bucket: one object per key. S3 replaces an object atomically
 * on a single PutObject (readers get the old or the new object, never a mix), so a put is one
 * request, with no temporary object and no rename. Ranged reads let sharded arrays fetch only
 * the index and the inner chunks they need. Holds no state besides the client, which the SDK
 * makes safe for any number of threads; the client belongs to the caller, who closes it.
 */
public final class S3Store implements Store {
    private final S3Client client;
    private final S3Location location;
    private final S3Failures.Target target;

    public S3Store(S3Client client, S3Location location) {
        this.client = client;
        this.location = location;
        this.target = S3Failures.Target.of(client);
    }

    public S3Location location() {
        return location;
    }

    @Override
    public byte[] get(String key) {
        return read(key, null, null);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new StoreException("cannot read " + length + " bytes at " + offset + " of " + uri(key)
                    + ": offset and length must not be negative");
        }
        if (length == 0) {
            return exists(key) ? new byte[0] : null;
        }
        byte[] got = read(key, "bytes=" + offset + "-" + (offset + length - 1), "ends before byte " + (offset + length));
        if (got != null && got.length != length) {
            throw truncated(key, "ends before byte " + (offset + length) + " (only " + got.length + " bytes from " + offset + ")");
        }
        return got;
    }

    @Override
    public byte[] getSuffix(String key, int length) {
        if (length <= 0) {
            return getRange(key, 0, 0);
        }
        // S3 answers 416 to a suffix of an empty object
        byte[] got = read(key, "bytes=-" + length, "is empty, but its last " + length + " bytes were asked for");
        // a suffix longer than the object yields the whole object: a truncated shard, not a short read to pass on
        if (got != null && got.length != length) {
            throw truncated(key, "has " + got.length + " bytes, fewer than the " + length + " its last part should hold");
        }
        return got;
    }

    /**
     * The object, or the part the Range header names; null when absent.
     *
     * @param rangeInvalid what to say when S3 answers 416 (the range starts past the end)
     */
    private byte[] read(String key, String range, String rangeInvalid) {
        String k = location.key(key);
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(r -> r.bucket(location.bucket()).key(k).range(range));
            // the buffer is ours alone: no copy needed
            return bytes.asByteArrayUnsafe();
        } catch (SdkException e) {
            if (S3Failures.isAbsentKey(e)) {
                return null;
            }
            if (range != null && S3Failures.isInvalidRange(e)) {
                throw truncated(key, rangeInvalid);
            }
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        String k = location.key(key);
        try {
            // put is synchronous (retries included), so the array is not read after we return and
            // needs no defensive copy; shards can be large
            client.putObject(r -> r.bucket(location.bucket()).key(k),
                    RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(value), value.length,
                            "application/octet-stream"));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public long size(String key) {
        String k = location.key(key);
        try {
            return client.headObject(r -> r.bucket(location.bucket()).key(k)).contentLength();
        } catch (SdkException e) {
            if (S3Failures.isAbsentKey(e)) {
                return -1;
            }
            throw failure("check", key, e);
        }
    }

    @Override
    public String fingerprint(String key) {
        String k = location.key(key);
        try {
            return etag(client.headObject(r -> r.bucket(location.bucket()).key(k)).eTag());
        } catch (SdkException e) {
            if (S3Failures.isAbsentKey(e)) {
                return null;
            }
            throw failure("check", key, e);
        }
    }

    @Override
    public String snapshot(String key, String copyKey) {
        String from = location.key(key);
        String to = location.key(copyKey);
        try {
            CopyObjectResponse r = client.copyObject(c -> c.sourceBucket(location.bucket()).sourceKey(from)
                    .destinationBucket(location.bucket()).destinationKey(to));
            return etag(r.copyObjectResult().eTag());
        } catch (SdkException e) {
            if (S3Failures.isAbsentKey(e)) {
                delete(copyKey);
                return null;
            }
            throw failure("copy", key, e);
        }
    }

    @Override
    public String putIf(String key, byte[] value, String expected) {
        String k = location.key(key);
        if (expected != null && !expected.startsWith(ETAG)) {
            throw new IllegalArgumentException("an S3 put can only be conditional on an ETag fingerprint, got " + expected);
        }
        String ifMatch = expected == null ? null : "\"" + expected.substring(ETAG.length()) + "\"";
        try {
            PutObjectResponse r = client.putObject(p -> {
                p.bucket(location.bucket()).key(k);
                if (ifMatch != null) {
                    p.ifMatch(ifMatch);
                } else {
                    p.ifNoneMatch("*");
                }
            }, RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(value), value.length,
                    "application/octet-stream"));
            return etag(r.eTag());
        } catch (SdkException e) {
            if (isPreconditionFailure(e)) {
                throw new ConcurrentChangeException(uri(key) + " was changed by another writer since it was read ("
                        + (expected == null ? "it did not exist then" : "it was " + expected) + "), so it was not"
                        + " overwritten: find out who else writes to " + location + ", then try again (a write-back"
                        + " that meets this is rolled back whole, and its file can be returned again)", e);
            }
            throw failure("write", key, e);
        }
    }

    private static final String ETAG = "etag:";

    /** S3 answers 412 when If-Match or If-None-Match fails, 409 when a concurrent conditional write won. */
    private static boolean isPreconditionFailure(SdkException e) {
        return e instanceof S3Exception s && (s.statusCode() == 412 || s.statusCode() == 409);
    }

    private static String etag(String quoted) {
        if (quoted == null) {
            throw new StoreException("the S3 server sent no ETag: zarr-relay needs ETags to detect changes");
        }
        return ETAG + quoted.replace("\"", "");
    }

    @Override
    public void delete(String key) {
        String k = location.key(key);
        try {
            client.deleteObject(r -> r.bucket(location.bucket()).key(k));
        } catch (SdkException e) {
            if (!S3Failures.isAbsentKey(e)) {
                throw failure("delete", key, e);
            }
        }
    }

    @Override
    public boolean exists(String key) {
        String k = location.key(key);
        try {
            client.headObject(r -> r.bucket(location.bucket()).key(k));
            return true;
        } catch (SdkException e) {
            if (S3Failures.isAbsentKey(e)) {
                return false;
            }
            throw failure("check", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        String from = prefix.isEmpty() ? location.listPrefix() : location.key(prefix) + "/";
        int strip = location.listPrefix().length();
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(from)).contents()) {
                keys.add(o.key().substring(strip));
            }
        } catch (SdkException e) {
            throw S3Failures.wrap("list keys under", location.toString() + (prefix.isEmpty() ? "" : "/" + prefix),
                    location.bucket(), target, e);
        }
        // S3 lists in UTF-8 byte order, Java sorts by UTF-16 units: they differ beyond the BMP
        keys.sort(null);
        return keys;
    }

    @Override
    public List<String> children(String prefix) {
        String from = prefix.isEmpty() ? location.listPrefix() : location.key(prefix) + "/";
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        try {
            var pages = client.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(from).delimiter("/"));
            for (var page : pages) {
                page.contents().forEach(o -> names.add(o.key().substring(from.length())));
                page.commonPrefixes().forEach(cp -> {
                    String name = cp.prefix().substring(from.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                });
            }
        } catch (SdkException e) {
            throw S3Failures.wrap("list keys under", location.toString() + (prefix.isEmpty() ? "" : "/" + prefix),
                    location.bucket(), target, e);
        }
        return List.copyOf(names);
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public String toString() {
        return "S3Store[" + location + " at " + target.endpoint() + "]";
    }

    private String uri(String key) {
        return location.uri(key);
    }

    private StoreException failure(String action, String key, SdkException e) {
        return S3Failures.wrap(action, uri(key), location.bucket(), target, e);
    }

    private StoreException truncated(String key, String what) {
        return new StoreException("store key '" + key + "' (" + uri(key) + ") " + what
                + ": the object is truncated or was written by something else; rewrite it");
    }
}
