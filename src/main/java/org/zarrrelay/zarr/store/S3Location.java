package org.zarrrelay.zarr.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a store lives in S3: a bucket and a key prefix ("" for the bucket root), parsed from
 * {@code s3://bucket/some/prefix}. The bucket name is checked against the S3 naming rules here,
 * before any request, because S3 answers a malformed name with a bare 400 that says nothing.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html">bucket naming rules</a>
 */
public record S3Location(String bucket, String prefix) {
    public static final String SCHEME = "s3://";
    private static final String EXAMPLE = "s3://my-bucket/images/sample.zarr";
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String[] RESERVED_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    public S3Location {
        if (bucket == null || prefix == null) {
            throw new StoreException("an S3 location needs a bucket and a prefix (\"\" for the bucket root), e.g. " + EXAMPLE);
        }
        String problem = bucketProblem(bucket);
        if (problem != null) {
            throw new StoreException("S3 bucket name '" + bucket + "' " + problem + " (example: " + EXAMPLE + ")");
        }
        if (!prefix.isEmpty()) {
            try {
                Store.checkKey(prefix);
            } catch (StoreException e) {
                throw new StoreException("S3 key prefix '" + prefix + "' in bucket '" + bucket + "' is not a clean path:"
                        + " use '/'-separated names without empty, '.' or '..' parts (example: " + EXAMPLE + ")", e);
            }
        }
    }

    /** True when {@code location} is an {@code s3://} URI rather than a path. */
    public static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses {@code s3://bucket}, {@code s3://bucket/} or {@code s3://bucket/some/prefix[/]}. */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new StoreException("'" + location + "' is not an S3 location: it should start with s3://, e.g. " + EXAMPLE);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new StoreException("S3 location '" + location + "' names no bucket: write s3://<bucket>/<prefix>, e.g. " + EXAMPLE);
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            return new S3Location(bucket, prefix);
        } catch (StoreException e) {
            throw new StoreException("S3 location '" + location + "': " + e.getMessage(), e);
        }
    }

    /** The full object key of a store key. */
    public String key(String relativeKey) {
        Store.checkKey(relativeKey);
        return prefix.isEmpty() ? relativeKey : prefix + "/" + relativeKey;
    }

    /** The location of {@code name} (one or more '/'-separated names) under this one. */
    public S3Location child(String name) {
        return new S3Location(bucket, key(name));
    }

    /** The {@code s3://} URI of a store key, for messages. */
    public String uri(String relativeKey) {
        return SCHEME + bucket + "/" + key(relativeKey);
    }

    /** What a listing of everything under this location asks S3 for: the prefix and a '/', or "". */
    String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static String bucketProblem(String b) {
        if (b.length() < 3 || b.length() > 63) {
            return "has " + b.length() + " characters; bucket names have 3 to 63";
        }
        if (!BUCKET_CHARS.matcher(b).matches()) {
            return b.toLowerCase(Locale.ROOT).equals(b) ? "may only hold lowercase letters, digits, '.' and '-'"
                    : "has uppercase letters; bucket names are lowercase";
        }
        if (!Character.isLetterOrDigit(b.charAt(0)) || !Character.isLetterOrDigit(b.charAt(b.length() - 1))) {
            return "must begin and end with a letter or digit";
        }
        if (b.contains("..")) {
            return "has two adjacent periods";
        }
        if (IP_ADDRESS.matcher(b).matches()) {
            return "looks like an IP address, which S3 does not allow";
        }
        for (String p : RESERVED_PREFIXES) {
            if (b.startsWith(p)) {
                return "starts with '" + p + "', which S3 reserves";
            }
        }
        for (String s : RESERVED_SUFFIXES) {
            if (b.endsWith(s)) {
                return "ends with '" + s + "', which S3 reserves";
            }
        }
        return null;
    }
}
