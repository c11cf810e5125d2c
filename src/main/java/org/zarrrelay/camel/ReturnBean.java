package org.zarrrelay.camel;

import java.io.File;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.RoundTrip;

/** What the returns route calls for each processed file. */
public final class ReturnBean {
    private final RoundTrip roundTrip;

    public ReturnBean(RoundTrip roundTrip) {
        this.roundTrip = roundTrip;
    }

    public JobStatus handle(File file) {
        return roundTrip.onReturn(file.toPath());
    }
}
