package org.zarrrelay.zarr.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whole objects in an S3 prefix used as a shared folder (exports, archive/, failed/): uploads of
 * local files, server-side copies and small text objects, with failures explained the same way as
 * for stores. A Zarr store goes through {@link S3Store} instead.
 */
public final class S3Objects {
    private final S3Client client;
    private final S3Failures.Target target;

    public S3Objects(S3Client client) {
        this.client = client;
        this.target = S3Failures.Target.of(client);
    }

    /** Uploads a file as one object (up to 5 GB, S3's limit for a single PUT). */
    public void putFile(S3Location folder, String name, Path file) {
        try {
            client.putObject(r -> r.bucket(folder.bucket()).key(folder.key(name)), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw S3Failures.wrap("upload " + file.getFileName() + " to", folder.uri(name), folder.bucket(), target, e);
        }
    }

    public void putText(S3Location folder, String name, String text) {
        try {
            client.putObject(r -> r.bucket(folder.bucket()).key(folder.key(name)),
                    RequestBody.fromString(text, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw S3Failures.wrap("write", folder.uri(name), folder.bucket(), target, e);
        }
    }

    /** Copies an object inside S3, without passing its bytes through this process. */
    public void copy(String bucket, String key, S3Location folder, String name) {
        try {
            client.copyObject(r -> r.sourceBucket(bucket).sourceKey(key)
                    .destinationBucket(folder.bucket()).destinationKey(folder.key(name)));
        } catch (SdkException e) {
            throw S3Failures.wrap("copy s3://" + bucket + "/" + key + " to", folder.uri(name), folder.bucket(), target, e);
        }
    }

    /** Downloads an object to a local file. */
    public void download(String bucket, String key, Path file) {
        try {
            client.getObject(r -> r.bucket(bucket).key(key), file);
        } catch (SdkException e) {
            throw S3Failures.wrap("download", "s3://" + bucket + "/" + key, bucket, target, e);
        }
    }

    public void delete(String bucket, String key) {
        try {
            client.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw S3Failures.wrap("delete", "s3://" + bucket + "/" + key, bucket, target, e);
        }
    }

    public boolean exists(S3Location folder, String name) {
        return new S3Store(client, folder).exists(name);
    }

    /** {@code name}, or {@code stem-1.ext}, {@code stem-2.ext}, ... whichever is not taken in the folder yet. */
    public String freeName(S3Location folder, String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String candidate = name;
        for (int i = 1; exists(folder, candidate); i++) {
            candidate = stem + "-" + i + ext;
        }
        return candidate;
    }
}
