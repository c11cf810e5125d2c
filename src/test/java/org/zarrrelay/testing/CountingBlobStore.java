package org.zarrrelay.testing;

import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Counts the object requests S3Proxy serves, by kind, and the bytes put and got: what a benchmark
 * needs to tell what a job costs in S3 requests. Multipart parts are not counted (no export here
 * reaches the 64 MB multipart size).
 */
public final class CountingBlobStore extends ForwardingBlobStore {
    private final Map<String, AtomicLong> counts = new TreeMap<>();

    public CountingBlobStore(BlobStore delegate) {
        super(delegate);
        for (String k : new String[] {"LIST", "GET", "HEAD", "PUT", "COPY", "DELETE", "bytesPut", "bytesGot"}) {
            counts.put(k, new AtomicLong());
        }
    }

    /** A copy of the counts so far. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void add(String kind, long n) {
        counts.get(kind).addAndGet(n);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        add("LIST", 1);
        return super.list(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        add("PUT", 1);
        if (request.contentLength() != null) {
            add("bytesPut", request.contentLength());
        }
        return super.putBlob(request, input);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        add("COPY", 1);
        return super.copyBlob(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        add("HEAD", 1);
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        add("GET", 1);
        ResponseInputStream<GetObjectResponse> r = super.getBlob(request);
        if (r != null && r.response().contentLength() != null) {
            add("bytesGot", r.response().contentLength());
        }
        return r;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        add("DELETE", 1);
        return super.removeBlob(request);
    }
}
