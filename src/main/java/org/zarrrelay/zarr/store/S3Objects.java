package org.zarrrelay.zarr.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Whole objects in an S3 prefix used as a shared folder (exports, archive/, failed/): uploads of
 * local files, server-side copies and small text objects, with failures explained the same way as
 * for stores. A Zarr store goes through {@link S3Store} instead.
 */
public final class S3Objects {
    /**
     * Files up to this size are uploaded with one PUT, larger ones in parts of this size (more when
     * S3's 10,000 parts would not hold the file): a single PUT takes at most 5 GB, and a failed part
     * is retried alone.
     */
    public static final long PART_BYTES = 64L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final S3Failures.Target target;
    private final long partBytes;

    public S3Objects(S3Client client) {
        this(client, PART_BYTES);
    }

    /** With parts of {@code partBytes} (S3 wants at least 5 MB for every part but the last). */
    S3Objects(S3Client client, long partBytes) {
        this.client = client;
        this.target = S3Failures.Target.of(client);
        this.partBytes = partBytes;
    }

    /** Uploads a file as one object: one PUT up to {@link #PART_BYTES}, a multipart upload above, streamed from the file. */
    public void putFile(S3Location folder, String name, Path file) {
        try {
            long size = Files.size(file);
            if (size <= partBytes) {
                client.putObject(r -> r.bucket(folder.bucket()).key(folder.key(name)), RequestBody.fromFile(file));
            } else {
                putInParts(folder, name, file, size);
            }
        } catch (SdkException e) {
            throw S3Failures.wrap("upload " + file.getFileName() + " to", folder.uri(name), folder.bucket(), target, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to upload it to " + folder.uri(name) + ": "
                    + e.getMessage(), e);
        }
    }

    private void putInParts(S3Location folder, String name, Path file, long size) throws IOException {
        long part = Math.max(partBytes, (size + MAX_PARTS - 1) / MAX_PARTS);
        String key = folder.key(name);
        String upload = client.createMultipartUpload(r -> r.bucket(folder.bucket()).key(key)).uploadId();
        boolean completed = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long at = 0; at < size; at += part, number++) {
                long from = at;
                long length = Math.min(part, size - at);
                int n = number;
                // the provider may be asked again on a retry: each stream starts at the part's beginning
                String etag = client.uploadPart(r -> r.bucket(folder.bucket()).key(key).uploadId(upload).partNumber(n)
                                .contentLength(length),
                        RequestBody.fromContentProvider(() -> new FileRange(channel, from, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            client.completeMultipartUpload(r -> r.bucket(folder.bucket()).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abort(folder.bucket(), key, upload);
            }
        }
    }

    /** Drops the parts of an unfinished upload, which S3 would otherwise keep (and bill) until a lifecycle rule removes them. */
    private void abort(String bucket, String key, String upload) {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(upload));
        } catch (SdkException e) {
            // the upload's own failure is the one to report; a bucket lifecycle rule removes the parts
        }
    }

    /** A range of a file as a stream, read with positional reads so several may share one channel. */
    private static final class FileRange extends InputStream {
        private final FileChannel channel;
        private long at;
        private final long end;

        FileRange(FileChannel channel, long from, long length) {
            this.channel = channel;
            this.at = from;
            this.end = from + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
            if (n < 0) {
                throw new IOException("the file ended at byte " + at + ", before the " + end + " it had when the upload began");
            }
            at += n;
            return n;
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

    /** The object's bytes as a stream (the caller closes it), or null when there is no such object. */
    public InputStream open(S3Location folder, String name) {
        try {
            return client.getObject(r -> r.bucket(folder.bucket()).key(folder.key(name)));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw S3Failures.wrap("read", folder.uri(name), folder.bucket(), target, e);
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

    /** Every object under {@code name}/ in the folder, by its name relative to the folder, sorted. */
    public List<String> listUnder(S3Location folder, String name) {
        return new S3Store(client, folder).list(name);
    }

    /** The names directly under the folder (one listing); fails as a store listing does when the prefix cannot be read. */
    public List<String> list(S3Location folder) {
        return new S3Store(client, folder).children("");
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
