package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job as the ledger keeps it, built in one place ({@link ExportService} or, for a file the CLI
 * places at an offset, {@link RoundTrip#place}) and read by every worker: what was exported and
 * where it goes back, the write-back options given with the request, and whether a merge base
 * was kept (in the store's reserved area, under the job's id).
 *
 * @param kind    {@link #EXPORT} (a region was exported; its result comes back) or {@link #PLACEMENT}
 *                (the CLI writes a file at an offset: there was no export, so nothing to merge with)
 * @param target  null, or "labels/<name>": the label image the result goes into
 * @param hasBase true when the export's merge base was kept, so conflicts can be detected
 * @param unsyncedBoot null when the exported file was synced to disk before its name appeared;
 *                otherwise the machine boot ({@link MachineBoot}) whose page cache held it then: after a
 *                restart the file may be torn, so results derived from it are refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(String kind, Manifest manifest, WritebackOptions options, String target, boolean hasBase,
                  String unsyncedBoot) {
    public static final String EXPORT = "export";
    public static final String PLACEMENT = "placement";

    public Job {
        options = options == null ? WritebackOptions.NONE : options;
    }

    public String id() {
        return manifest.id();
    }
}
