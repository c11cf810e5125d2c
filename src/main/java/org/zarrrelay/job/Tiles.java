package org.zarrrelay.job;

import java.util.List;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.TileGrid;

/**
 * The tiles a region is moved in ({@link TileGrid}: chunk-aligned on every axis, under the slab
 * budget), refused up front when the heap cannot hold even one chunk.
 */
final class Tiles {
    private Tiles() {
    }

    /**
     * @param chunk        the array's chunk shape
     * @param elementBytes bytes per voxel as held in memory
     * @param budgetBytes  the most a tile may hold (one chunk, clipped to the box, is always allowed)
     * @return the tiles in C order of their offsets
     */
    static List<Region> plan(long[] offset, int[] shape, int[] chunk, long elementBytes, long budgetBytes) {
        return plan(offset, shape, chunk, elementBytes, budgetBytes, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #plan(long[], int[], int[], long, long)} for a Java heap of {@code heapBytes}. */
    static List<Region> plan(long[] offset, int[] shape, int[] chunk, long elementBytes, long budgetBytes, long heapBytes) {
        long oneChunk = elementBytes;
        for (int d = 0; d < shape.length; d++) {
            oneChunk *= Math.min(chunk[d], shape[d]);
        }
        requireHeapFor(oneChunk, heapBytes);
        return TileGrid.plan(offset, shape, chunk, elementBytes, budgetBytes);
    }

    /**
     * The tiles a region of an array is moved in to or from its file, refusing up front a region
     * whose tiles need a staging file (they are not whole planes) and whose one plane of the file
     * ({@code fileType} voxels) the heap cannot hold: files are written and read in whole planes.
     */
    static List<Region> forFile(Region region, int[] chunk, long elementBytes, DataType fileType, long budgetBytes) {
        List<Region> tiles = plan(region.offset(), region.shape(), chunk, elementBytes, budgetBytes);
        if (TileAssembler.staged(tiles, region)) {
            Slabs.requirePlaneFits(TileAssembler.planeBytes(region, fileType), Runtime.getRuntime().maxMemory());
        }
        return tiles;
    }

    /** Whether every tile spans {@code box} whole along each axis after {@code axis}: slabs of whole planes. */
    static boolean wholeAfter(List<Region> tiles, Region box, int axis) {
        int[] shape = box.shape();
        for (Region t : tiles) {
            for (int d = axis + 1; d < shape.length; d++) {
                if (t.shape()[d] != shape[d]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Refuses, before anything is read or written, a box whose smallest tile (one chunk) a heap of
     * {@code heapBytes} cannot hold about twice over, rather than running out of memory midway.
     */
    private static void requireHeapFor(long tileBytes, long heapBytes) {
        if (tileBytes > heapBytes / 3 || tileBytes > TileGrid.ARRAY_BYTES) {
            throw new RequestException("one chunk of this array holds " + Slabs.mb(tileBytes) + ", more than this Java"
                    + " heap (" + Slabs.mb(heapBytes) + ") can hold while it is moved: give Java at least "
                    + Slabs.mb(tileBytes * 3) + " (java -Xmx..., JAVA_OPTS for bin/zarr-relay)");
        }
    }
}
