package org.zarrrelay.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a range of axis 0 into slabs whose boundaries fall on chunk boundaries (so no chunk is
 * decoded or rewritten twice) and whose size stays under a byte budget (so memory is bounded).
 */
final class Slabs {
    private Slabs() {
    }

    record Slab(long start, int count) {
    }

    /**
     * @param start       first plane, in array coordinates
     * @param count       number of planes
     * @param chunk       chunk size along axis 0
     * @param planeBytes  bytes of one plane of the region
     * @param budgetBytes the most a slab may hold (at least one chunk's worth of planes is always allowed)
     */
    static List<Slab> plan(long start, long count, int chunk, long planeBytes, long budgetBytes) {
        return plan(start, count, chunk, planeBytes, budgetBytes, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #plan(long, long, int, long, long)} for a Java heap of {@code heapBytes}. */
    static List<Slab> plan(long start, long count, int chunk, long planeBytes, long budgetBytes, long heapBytes) {
        requireHeapFor(count, chunk, planeBytes, heapBytes);
        long chunksPerSlab = Math.max(1, budgetBytes / Math.max(1, planeBytes * chunk));
        long planesPerSlab = Math.min(Integer.MAX_VALUE / Math.max(1, planeBytes), chunksPerSlab * chunk);
        planesPerSlab = Math.max(1, planesPerSlab);
        List<Slab> slabs = new ArrayList<>();
        long end = start + count;
        long at = start;
        while (at < end) {
            long next;
            if (planesPerSlab >= chunk) {
                long aligned = (at / chunk + chunksPerSlab) * chunk;
                next = Math.min(end, aligned);
            } else {
                next = Math.min(end, at + planesPerSlab);
            }
            slabs.add(new Slab(at, (int) (next - at)));
            at = next;
        }
        return slabs;
    }

    /**
     * Refuses, before anything is read or written, a region whose thinnest slab (one chunk's depth
     * of whole planes) a heap of {@code heapBytes} cannot hold about twice over, rather than running
     * out of memory midway.
     */
    static void requireHeapFor(long count, int chunk, long planeBytes, long heapBytes) {
        long thinnest = Math.min(Math.min(count, chunk), Math.max(1, Integer.MAX_VALUE / Math.max(1, planeBytes))) * planeBytes;
        if (thinnest > heapBytes / 3) {
            throw new RequestException("the region is moved in slabs of whole planes along its first axis, each at least"
                    + " one chunk deep (or as deep as one Java array holds): " + thinnest / Math.max(1, planeBytes) + " planes of " + mb(planeBytes) + " = " + mb(thinnest)
                    + ", more than this Java heap (" + mb(heapBytes) + ") can hold: choose a region narrower along the"
                    + " other axes (or several), or give Java at least " + mb(thinnest * 3) + " (java -Xmx...);"
                    + " relay.slab-mb cannot go below one chunk's depth");
        }
    }

    private static String mb(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) + " MB";
    }
}
