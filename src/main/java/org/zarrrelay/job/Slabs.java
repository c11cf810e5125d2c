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
}
