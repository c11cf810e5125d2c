package org.zarrrelay.camel;

import java.io.InputStream;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;

/**
 * What the S3 inbox and returns routes call for each object: the object is spooled to a local
 * file and goes through the same round trip as a dropped file; then it is copied to archive/ or
 * failed/ beside its prefix and the consumer deletes the original. An object whose name the
 * folder does not take (not *.json in the inbox) is parked in failed/ saying so, never dropped.
 * A returned object's options sidecar ({@code <key>.json}, written before the object) goes with it.
 */
public final class S3InputBean {
    private final RoundTrip roundTrip;
    private final Spool spool;
    private final S3Objects objects;
    private final S3Location folder;
    private final boolean returns;
    private final FileEndings accepted;

    S3InputBean(RoundTrip roundTrip, Spool spool, S3Objects objects, S3Location folder, boolean returns,
                FileEndings accepted) {
        this.roundTrip = roundTrip;
        this.spool = spool;
        this.objects = objects;
        this.folder = folder;
        this.returns = returns;
        this.accepted = accepted;
    }

    /** The key of a returned object's options sidecar ({@code <key>.json}) when there is one, else null. */
    private String sidecarOf(String bucket, String key) {
        String sidecar = JobFiles.sidecar(key);
        return objects.exists(new S3Location(bucket, ""), sidecar) ? sidecar : null;
    }

    public JobStatus handle(Exchange ex) {
        Message m = ex.getMessage();
        String bucket = m.getHeader("CamelAwsS3BucketName", String.class);
        String key = m.getHeader("CamelAwsS3Key", String.class);
        String sidecar = returns ? sidecarOf(bucket, key) : null;
        InputDisposal disposal = new S3ObjectDisposal(objects, bucket, key, sidecar, folder);
        Path file = spool.save(key, m.getBody(InputStream.class), Long.MAX_VALUE, "");
        if (sidecar != null) {
            // beside the spooled file, where the round trip reads a returned file's options
            objects.download(bucket, sidecar, file.resolveSibling(JobFiles.sidecar(file.getFileName().toString())));
        }
        try {
            if (!accepted.takes(file.getFileName().toString())) {
                disposal.park(file, "s3://" + bucket + "/" + key + " is not something " + folder + " takes: it takes "
                        + accepted.describe());
                return null;
            }
            return returns ? roundTrip.onReturn(file, disposal) : roundTrip.onRequest(file, disposal);
        } finally {
            Spool.release(file);
        }
    }
}
