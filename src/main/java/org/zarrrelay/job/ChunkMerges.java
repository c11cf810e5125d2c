package org.zarrrelay.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Applies {@link ThreeWayMerge} where it is needed: only in chunks whose stored value changed
 * since the base was taken (their fingerprints differ). A chunk nobody touched since needs no
 * merge: the result is written as it is.
 */
final class ChunkMerges {
    private ChunkMerges() {
    }

    /** The parts of the region in chunks whose fingerprint now differs from the base's. */
    static List<ZarrArray.ChunkPart> changedParts(ZarrArray array, Region region, Map<String, String> now,
                                                 Map<String, String> base) {
        List<ZarrArray.ChunkPart> changed = new ArrayList<>();
        for (ZarrArray.ChunkPart part : array.chunksIn(region.offset(), region.shape())) {
            if (!Objects.equals(now.get(part.key()), base.get(part.key()))) {
                changed.add(part);
            }
        }
        return changed;
    }

    /**
     * Merges, in place, the parts of {@code slab} (the result's voxels of the array box
     * {@code slabBox}) that lie in changed chunks.
     *
     * @param base    the array as it was at the base (the export; for an undo, after the undone write)
     * @param current the array as it is now
     * @param mask    null, or a uint8 volume of the slab's shape that gets 255 at each conflict
     */
    static void mergeSlab(Region slabBox, Volume slab, List<ZarrArray.ChunkPart> changed, ZarrArray base,
                          ZarrArray current, ThreeWayMerge.Tally tally, Volume mask) {
        long[] slabAt = slabBox.offset();
        int[] slabShape = slabBox.shape();
        for (ZarrArray.ChunkPart part : changed) {
            Region box = intersect(slabAt, slabShape, part.offset(), part.shape());
            if (box == null) {
                continue;
            }
            int[] inSlab = new int[slabAt.length];
            for (int d = 0; d < inSlab.length; d++) {
                inSlab[d] = (int) (box.offset()[d] - slabAt[d]);
            }
            Volume result = Volume.allocate(slab.dtype(), box.shape());
            BoxCopy.copy(slab, inSlab, result, new int[inSlab.length], box.shape());
            byte[] boxMask = mask == null ? null : new byte[(int) box.elementCount()];
            ThreeWayMerge.merge(result, base.read(box.offset(), box.shape()), current.read(box.offset(), box.shape()),
                    box.offset(), tally, boxMask);
            BoxCopy.copy(result, new int[inSlab.length], slab, inSlab, box.shape());
            if (mask != null) {
                BoxCopy.copy(new Volume(DataType.UINT8, box.shape(), boxMask), new int[inSlab.length], mask, inSlab,
                        box.shape());
            }
        }
    }

    /** The common box of two boxes, or null when they do not overlap. */
    static Region intersect(long[] aAt, int[] aShape, long[] bAt, int[] bShape) {
        long[] at = new long[aAt.length];
        int[] shape = new int[aAt.length];
        for (int d = 0; d < at.length; d++) {
            long lo = Math.max(aAt[d], bAt[d]);
            long hi = Math.min(aAt[d] + aShape[d], bAt[d] + bShape[d]);
            if (hi <= lo) {
                return null;
            }
            at[d] = lo;
            shape[d] = (int) (hi - lo);
        }
        return Region.of(at, shape);
    }

    /** True when some part of {@code changed} overlaps the box. */
    static boolean touches(Region box, List<ZarrArray.ChunkPart> changed) {
        for (ZarrArray.ChunkPart part : changed) {
            if (intersect(box.offset(), box.shape(), part.offset(), part.shape()) != null) {
                return true;
            }
        }
        return false;
    }
}
