package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.TxEntry;
import org.zarrrelay.volume.Region;

/** Says what conflicted, where, and who changed those voxels since the base was taken. */
final class ConflictReport {
    private ConflictReport() {
    }

    /**
     * The jobs whose committed write-backs or undos after {@code since} changed a box of
     * {@code array} that overlaps [lo, hi).
     */
    static List<String> changedBy(Journal journal, String array, long[] lo, long[] hi, String since) {
        return changedBy(journal.history(), array, lo, hi, since);
    }

    /** As {@link #changedBy(Journal, String, long[], long[], String)}, from a history read once by the caller (newest first). */
    static List<String> changedBy(List<TxEntry> newestFirst, String array, long[] lo, long[] hi, String since) {
        Set<String> jobs = new LinkedHashSet<>();
        Instant from = since == null ? Instant.EPOCH : Instant.parse(since);
        List<TxEntry> history = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(history);
        for (TxEntry e : history) {
            if (!Instant.parse(e.summary().committed()).isAfter(from)) {
                continue;
            }
            for (JsonNode box : e.summary().details().path("boxes")) {
                if (array.equals(box.path("array").asText()) && overlaps(box, lo, hi)) {
                    jobs.add(e.summary().job() + (Journal.UNDO.equals(e.summary().kind()) ? " (its undo)" : "")
                            + " at " + e.summary().committed());
                }
            }
        }
        return List.copyOf(jobs);
    }

    private static boolean overlaps(JsonNode box, long[] lo, long[] hi) {
        JsonNode offset = box.path("offset");
        JsonNode shape = box.path("shape");
        if (offset.size() != lo.length) {
            return false;
        }
        for (int d = 0; d < lo.length; d++) {
            long a = offset.get(d).asLong();
            long b = a + shape.get(d).asLong();
            if (b <= lo[d] || a >= hi[d]) {
                return false;
            }
        }
        return true;
    }

    /** "z 10:20, y 3:9, x 0:4" for a box, with the axes a file keeps. */
    static String box(long[] lo, long[] hi) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < lo.length; d++) {
            sb.append(d == 0 ? "" : ",").append(lo[d]).append(':').append(hi[d]);
        }
        return sb.toString();
    }

    /** The conflict's box in the coordinates of the file (region-relative, indexed axes left out). */
    static String inFile(Region region, long[] lo, long[] hi) {
        boolean[] indexed = region.indexed();
        long[] offset = region.offset();
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < lo.length; d++) {
            if (!indexed[d]) {
                sb.append(sb.length() == 0 ? "" : ",").append(lo[d] - offset[d]).append(':').append(hi[d] - offset[d]);
            }
        }
        return sb.toString();
    }
}
