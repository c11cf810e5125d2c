package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocationTest {

    @ParameterizedTest
    @CsvSource({
        "s3://images,                   images, ''",
        "s3://images/,                  images, ''",
        "s3://images/a/b.zarr,          images, a/b.zarr",
        "s3://images/a/b.zarr/,         images, a/b.zarr",
        "S3://my.bucket-1/x,            my.bucket-1, x"})
    void parsesBucketAndPrefixWithOrWithoutTrailingSlash(String uri, String bucket, String prefix) {
        S3Location loc = S3Location.parse(uri);
        assertEquals(new S3Location(bucket, prefix), loc);
    }

    @Test
    void keysChildrenAndTheUriReadBackAsS3Paths() {
        S3Location loc = S3Location.parse("s3://images/lab/sample.zarr/");
        assertEquals("s3://images/lab/sample.zarr", loc.toString());
        assertEquals("lab/sample.zarr/0/c/1/2", loc.key("0/c/1/2"));
        assertEquals(new S3Location("images", "lab/sample.zarr/labels"), loc.child("labels"));
        assertEquals("s3://images/lab/sample.zarr/zarr.json", loc.uri("zarr.json"));
        S3Location root = S3Location.parse("s3://images");
        assertEquals("s3://images", root.toString());
        assertEquals("zarr.json", root.key("zarr.json"));
        assertEquals(root, S3Location.parse(root.toString()));
        assertEquals(loc, S3Location.parse(loc.toString()));
    }

    @Test
    void recognisesS3Locations() {
        assertTrue(S3Location.isS3("s3://b/x"));
        assertTrue(S3Location.isS3("S3://b"));
        assertFalse(S3Location.isS3("/data/s3://x"));
        assertFalse(S3Location.isS3("s3:/b"));
        assertFalse(S3Location.isS3(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3://ab/x                 | has 2 characters; bucket names have 3 to 63",
        "s3://My-Bucket/x          | has uppercase letters",
        "s3://my_bucket/x          | may only hold lowercase letters, digits",
        "s3://-bucket/x            | must begin and end with a letter or digit",
        "s3://my..bucket/x         | two adjacent periods",
        "s3://192.168.1.10/x       | looks like an IP address",
        "s3://xn--bucket/x         | starts with 'xn--'",
        "s3://bucket-s3alias/x     | ends with '-s3alias'",
        "s3:///x                   | names no bucket",
        "s3://bucket//x            | not a clean path",
        "s3://bucket/a/../x        | not a clean path",
        "/data/x                   | is not an S3 location"})
    void badLocationsSayWhatIsWrongAndShowAnExample(String uri, String problem) {
        StoreException e = assertThrows(StoreException.class, () -> S3Location.parse(uri));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("s3://my-bucket/images/sample.zarr"), e.getMessage());
    }

    @Test
    void aBucketNameOf63CharactersIsFineAnd64IsNot() {
        String b63 = "a".repeat(63);
        assertEquals(b63, S3Location.parse("s3://" + b63).bucket());
        assertThrows(StoreException.class, () -> S3Location.parse("s3://" + b63 + "a"));
    }
}
