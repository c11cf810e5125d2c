package org.zarrrelay.format.nifti;

/**
 * Reorders a block of voxels from file order (i fastest, then j, then k) into the export's order
 * ((z, y, x), x fastest, each axis forwards), following an {@link Orientation}: axis d of the
 * result is the file axis that runs along world axis {@code rank - 1 - d}, read backwards when that
 * file axis runs backwards.
 */
final class Reorient {
    private Reorient() {
    }

    /**
     * @param raw   the block's voxels in file order, {@code elem} bytes each
     * @param block the block's extents along i, j, k (1 beyond the file's rank)
     */
    static byte[] toExportOrder(byte[] raw, int[] block, Orientation o, int elem) {
        int rank = o.rank();
        long[] stride = {1, block[0], (long) block[0] * block[1]};
        int[] ext = new int[rank];
        long[] step = new long[rank];
        long start = 0;
        boolean[] forward = o.forward();
        for (int d = 0; d < rank; d++) {
            int a = o.fileAxisOf(rank - 1 - d);
            ext[d] = block[a];
            step[d] = forward[a] ? stride[a] : -stride[a];
            if (!forward[a]) {
                start += (block[a] - 1) * stride[a];
            }
        }
        byte[] out = new byte[raw.length];
        int last = rank - 1;
        int[] pos = new int[rank];
        long row = start;
        int dst = 0;
        while (true) {
            long src = row;
            for (int x = 0; x < ext[last]; x++) {
                System.arraycopy(raw, (int) (src * elem), out, dst, elem);
                dst += elem;
                src += step[last];
            }
            int d = last - 1;
            while (d >= 0) {
                pos[d]++;
                row += step[d];
                if (pos[d] < ext[d]) {
                    break;
                }
                row -= step[d] * ext[d];
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return out;
            }
        }
    }
}
