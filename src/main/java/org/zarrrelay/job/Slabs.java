package org.zarrrelay.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file's first axis into slabs of whole planes under a byte budget: how a file is written
 * or read when its region moves in tiles through a staging file ({@link Tiles}).
 */
final class Slabs {
    private Slabs() {
    }

    record Slab(long start, int count) {
    }

    /** Slabs of {@code count} planes of {@code planeBytes} each, at least one plane per slab. */
    static List<Slab> planes(long count, long planeBytes, long budgetBytes) {
        return planes(count, planeBytes, budgetBytes, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #planes(long, long, long)} for a Java heap of {@code heapBytes}. */
    static List<Slab> planes(long count, long planeBytes, long budgetBytes, long heapBytes) {
        requirePlaneFits(planeBytes, heapBytes);
        long per = Math.max(1, Math.min(budgetBytes, Integer.MAX_VALUE - 16L) / Math.max(1, planeBytes));
        List<Slab> slabs = new ArrayList<>();
        for (long at = 0; at < count; at += per) {
            slabs.add(new Slab(at, (int) Math.min(per, count - at)));
        }
        return slabs;
    }

    /**
     * Refuses, before anything is read or written, a file whose single plane a heap of
     * {@code heapBytes} cannot hold about twice over: file formats are written and read in whole planes.
     */
    static void requirePlaneFits(long planeBytes, long heapBytes) {
        if (planeBytes > heapBytes / 3 || planeBytes > Integer.MAX_VALUE - 16L) {
            throw new RequestException("files are written and read one whole plane (the last two axes) at a time, and one"
                    + " plane of this region holds " + mb(planeBytes) + ", more than this Java heap (" + mb(heapBytes)
                    + ") can hold: choose a region narrower along its last two axes, or give Java at least "
                    + mb(Math.max(planeBytes * 3, planeBytes)) + " (java -Xmx..., JAVA_OPTS for bin/zarr-relay)");
        }
    }

    static String mb(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) + " MB";
    }
}
