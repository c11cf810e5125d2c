package org.zarrrelay.journal;

/**
 * The relay's reserved folder inside every store it writes, {@code .zarr-relay/}: the lock file,
 * the write-back journal ({@code tx/<id>/}), the merge bases of exports ({@code base/<job>/}) and
 * when they were last pruned ({@code pruned-at}).
 * It lives beside the data so that whoever opens the store next (the relay at start, a CLI command,
 * another worker) finds an interrupted write-back and its undo data. Zarr readers ignore it: no key
 * under it is named like Zarr metadata, and its name starts with a dot.
 */
public final class StoreArea {
    public static final String ROOT = ".zarr-relay";
    /** The file whose OS lock every process writing a store on disk holds while it writes. */
    public static final String LOCK = ROOT + "/lock";
    static final String TX = ROOT + "/tx";
    static final String BASE = ROOT + "/base";
    /** When the journal was last pruned, by any process: an ISO-8601 instant. */
    static final String PRUNED_AT = ROOT + "/pruned-at";

    private StoreArea() {
    }

    static String tx(String txId) {
        return TX + "/" + txId;
    }

    /** Where the merge base of job {@code jobId}'s export is kept. */
    public static String base(String jobId) {
        return BASE + "/" + jobId;
    }

    /** True for keys of the reserved area, which are never part of the image. */
    public static boolean isReserved(String key) {
        return key.equals(ROOT) || key.startsWith(ROOT + "/");
    }
}
