package org.zarrrelay.camel;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;

/**
 * What the S3 inbox and returns routes call for each object: the object is claimed in the ledger
 * (so of several relays polling one prefix exactly one reads it; the others leave it alone), spooled
 * to a local file and goes through the same round trip as a dropped file; then it is copied to
 * archive/ or failed/ beside its prefix and the original deleted. An object whose name the
 * folder does not take (not *.json in the inbox) is parked in failed/ saying so, never dropped.
 * A returned object's options sidecar ({@code <key>.json}, written before the object) goes with it.
 */
public final class S3InputBean {
    private static final Logger LOG = LoggerFactory.getLogger(S3InputBean.class);

    private final RoundTrip roundTrip;
    private final Spool spool;
    private final S3Objects objects;
    private final S3Location folder;
    private final boolean returns;
    private final FileEndings accepted;
    private final Duration lease;

    /**
     * @param lease how long a claim keeps other relays off an object (relay.s3.claim-lease-seconds):
     *              past that, its relay is taken to have died and another takes the object
     */
    S3InputBean(RoundTrip roundTrip, Spool spool, S3Objects objects, S3Location folder, boolean returns,
                FileEndings accepted, Duration lease) {
        this.roundTrip = roundTrip;
        this.spool = spool;
        this.objects = objects;
        this.folder = folder;
        this.returns = returns;
        this.accepted = accepted;
        this.lease = lease;
    }

    /** The key of a returned object's options sidecar ({@code <key>.json}) when there is one, else null. */
    private String sidecarOf(String bucket, String key) {
        String sidecar = JobFiles.sidecar(key);
        return objects.exists(new S3Location(bucket, ""), sidecar) ? sidecar : null;
    }

    /**
     * What a claim names: the object and its ETag. Claims last only while an object is handled, so
     * the same content dropped again later is claimed afresh.
     */
    static String input(String bucket, String key, String etag) {
        return "s3://" + bucket + "/" + key + " " + etag;
    }

    public JobStatus handle(Exchange ex) {
        Message m = ex.getMessage();
        String bucket = m.getHeader("CamelAwsS3BucketName", String.class);
        String key = m.getHeader("CamelAwsS3Key", String.class);
        String input = input(bucket, key, m.getHeader("CamelAwsS3ETag", String.class));
        if (!roundTrip.jobs().claimInput(input, lease)) {
            LOG.debug("{} is being handled by another relay", input);
            return null;
        }
        try {
            // its relay may have finished it and released the claim between our listing and our claim
            if (!objects.exists(new S3Location(bucket, ""), key)) {
                return null;
            }
            return handle(m, bucket, key);
        } finally {
            roundTrip.jobs().releaseInput(input);
        }
    }

    private JobStatus handle(Message m, String bucket, String key) {
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
