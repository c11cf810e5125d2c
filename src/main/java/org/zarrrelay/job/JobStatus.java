package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A job's state as written to {@code status/<id>.json} (INTERFACES.md, "Job status"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatus(String id, String state, String store, String array, String region, String format,
                        String export, String message, String updated) {
    public static final String EXPORTED = "exported";
    public static final String WRITTEN_BACK = "written-back";
    public static final String FAILED = "failed";
}
