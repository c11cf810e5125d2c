package org.zarrrelay.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A tool outside the relay that replaces one object at the worst moment: added to the relay's S3
 * client, it waits for the first conditional put (If-Match) of {@code key} and, just before that
 * request goes out, replaces the object through another client. The relay has then snapshotted
 * the object and decided what to write, and its put must be refused.
 */
public final class OutsideWriter implements ExecutionInterceptor {
    private final S3Client other;
    private final String bucket;
    private final String key;
    private final byte[] value;
    private final AtomicBoolean fired = new AtomicBoolean();

    /** @param other a client without this interceptor, through which the outside write goes */
    public OutsideWriter(S3Client other, String bucket, String key, byte[] value) {
        this.other = other;
        this.bucket = bucket;
        this.key = key;
        this.value = value.clone();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutObjectRequest put && put.ifMatch() != null && bucket.equals(put.bucket())
                && key.equals(put.key()) && fired.compareAndSet(false, true)) {
            other.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(value));
        }
    }

    /** Whether the outside write happened. */
    public boolean fired() {
        return fired.get();
    }
}
