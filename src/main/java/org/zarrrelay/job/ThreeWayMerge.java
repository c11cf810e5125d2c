package org.zarrrelay.job;

import java.util.Arrays;
import org.zarrrelay.volume.Volume;

/**
 * The voxel-level three-way merge of a write-back (and, with the roles turned, of an undo). For
 * each voxel of a box: {@code result} is what the tool returned, {@code base} what was exported,
 * {@code current} what the store holds now.
 * <ul>
 * <li>the result did not change the voxel: the store's value is kept (a later edit survives);</li>
 * <li>only the result changed it: the result's value is taken;</li>
 * <li>both changed it to the same value: that value;</li>
 * <li>both changed it to different values: a conflict. The result's value is written only when the
 *     caller lets the result win; otherwise the caller refuses the whole write-back.</li>
 * </ul>
 * Values are compared bit for bit, so a NaN is equal to itself and 0.0 differs from -0.0.
 */
final class ThreeWayMerge {
    private ThreeWayMerge() {
    }

    /** What merges found, accumulated over boxes. */
    static final class Tally {
        long conflicts;
        long kept;
        private long[] lo;
        private long[] hi;

        /** The smallest box holding every conflict (array coordinates, [lo, hi)), or null when there was none. */
        long[] lo() {
            return lo == null ? null : lo.clone();
        }

        long[] hi() {
            return hi == null ? null : hi.clone();
        }

        void add(Tally other) {
            conflicts += other.conflicts;
            kept += other.kept;
            if (other.lo != null) {
                extend(other.lo, other.hi);
            }
        }

        private void extend(long[] from, long[] to) {
            if (lo == null) {
                lo = from.clone();
                hi = to.clone();
                return;
            }
            for (int d = 0; d < lo.length; d++) {
                lo[d] = Math.min(lo[d], from[d]);
                hi[d] = Math.max(hi[d], to[d]);
            }
        }

        private void conflictAt(long[] origin, int[] shape, int flat) {
            conflicts++;
            long[] pos = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                pos[d] = origin[d] + flat % shape[d];
                flat /= shape[d];
            }
            long[] end = new long[pos.length];
            for (int d = 0; d < pos.length; d++) {
                end[d] = pos[d] + 1;
            }
            extend(pos, end);
        }
    }

    /**
     * Merges one box: {@code result} becomes the merged voxels. The three volumes have the box's
     * shape and the array's type.
     *
     * @param origin where the box starts in the array, for the conflicts' bounding box
     * @param mask   null, or one byte per voxel of the box, set to 255 where there is a conflict
     */
    static void merge(Volume result, Volume base, Volume current, long[] origin, Tally tally, byte[] mask) {
        if (!Arrays.equals(result.shape(), base.shape()) || !Arrays.equals(result.shape(), current.shape())
                || result.dtype() != base.dtype() || result.dtype() != current.dtype()) {
            throw new IllegalArgumentException("a merge needs three volumes of one shape and type: " + result + ", "
                    + base + ", " + current);
        }
        byte[] r = result.data();
        byte[] b = base.data();
        byte[] c = current.data();
        int size = result.dtype().size();
        int[] shape = result.shape();
        for (int i = 0, at = 0; at < r.length; i++, at += size) {
            boolean resultChanged = !equal(r, b, at, size);
            if (!resultChanged) {
                if (!equal(c, r, at, size)) {
                    System.arraycopy(c, at, r, at, size);
                    tally.kept++;
                }
            } else if (!equal(c, b, at, size) && !equal(r, c, at, size)) {
                tally.conflictAt(origin, shape, i);
                if (mask != null) {
                    mask[i] = (byte) 255;
                }
            }
        }
    }

    private static boolean equal(byte[] x, byte[] y, int at, int size) {
        for (int k = 0; k < size; k++) {
            if (x[at + k] != y[at + k]) {
                return false;
            }
        }
        return true;
    }
}
