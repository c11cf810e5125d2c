package org.zarrrelay.camel;

import java.io.File;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.RoundTrip;

/** What the inbox route calls for each request file. */
public final class RequestBean {
    private final RoundTrip roundTrip;

    public RequestBean(RoundTrip roundTrip) {
        this.roundTrip = roundTrip;
    }

    public JobStatus handle(File file) {
        return roundTrip.onRequest(file.toPath());
    }
}
