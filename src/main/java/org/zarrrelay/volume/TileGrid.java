package org.zarrrelay.volume;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a box of an array into tiles whose boundaries fall on chunk boundaries on every axis (so
 * no chunk is decoded or rewritten twice) and whose size stays under a byte budget (so memory is
 * bounded whatever the box's shape). Tiles span the box whole along the last axes first: a box
 * whose planes fit the budget is cut along its first axis only, into slabs of whole planes.
 */
public final class TileGrid {
    /** The largest tile one Java array holds. */
    public static final long ARRAY_BYTES = Integer.MAX_VALUE - 16;

    private TileGrid() {
    }

    /**
     * @param chunk        the array's chunk shape
     * @param elementBytes bytes per voxel of the box as held in memory
     * @param budgetBytes  the most a tile may hold (one chunk, clipped to the box, is always allowed)
     * @return the tiles in C order of their offsets
     */
    public static List<Region> plan(long[] offset, int[] shape, int[] chunk, long elementBytes, long budgetBytes) {
        int rank = shape.length;
        long budget = Math.min(budgetBytes, ARRAY_BYTES);
        // tile extent per axis in whole chunks; Long.MAX_VALUE = the whole box
        long[] chunksPerTile = new long[rank];
        long bytes = elementBytes;
        for (int d = 0; d < rank; d++) {
            chunksPerTile[d] = 1;
            bytes *= Math.max(1, Math.min(chunk[d], shape[d]));
        }
        for (int d = rank - 1; d >= 0; d--) {
            long without = bytes / Math.max(1, Math.min(chunk[d], shape[d]));
            long spanned = chunksSpanned(offset[d], shape[d], chunk[d]);
            long fit = Math.max(1, budget / Math.max(1, without * chunk[d]));
            if (fit >= spanned && without * shape[d] <= ARRAY_BYTES) {
                chunksPerTile[d] = Long.MAX_VALUE;
                bytes = without * shape[d];
                continue;
            }
            chunksPerTile[d] = Math.min(fit, spanned);
            break;
        }
        List<List<long[]>> cuts = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            cuts.add(cuts(offset[d], shape[d], chunk[d], chunksPerTile[d]));
        }
        List<Region> tiles = new ArrayList<>();
        int[] pos = new int[rank];
        while (true) {
            long[] at = new long[rank];
            int[] size = new int[rank];
            for (int d = 0; d < rank; d++) {
                long[] cut = cuts.get(d).get(pos[d]);
                at[d] = cut[0];
                size[d] = (int) cut[1];
            }
            tiles.add(Region.of(at, size));
            int d = rank - 1;
            while (d >= 0 && ++pos[d] == cuts.get(d).size()) {
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return tiles;
            }
        }
    }

    private static long chunksSpanned(long start, int count, int chunk) {
        return count == 0 ? 1 : (start + count - 1) / chunk - start / chunk + 1;
    }

    /** [start, count] pairs along one axis: {@code per} chunks each, the first and last clipped to the box. */
    private static List<long[]> cuts(long start, int count, int chunk, long per) {
        List<long[]> out = new ArrayList<>();
        long end = start + count;
        if (per == Long.MAX_VALUE || count == 0) {
            out.add(new long[] {start, count});
            return out;
        }
        long at = start;
        while (at < end) {
            long next = Math.min(end, (at / chunk + per) * chunk);
            out.add(new long[] {at, next - at});
            at = next;
        }
        return out;
    }
}
