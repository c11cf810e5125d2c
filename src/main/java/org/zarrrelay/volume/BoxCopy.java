package org.zarrrelay.volume;

import java.util.Arrays;

/**
 * Copies an N-d box of elements between two volumes of the same type, one contiguous run of the
 * last axis at a time: every run is a single {@code arraycopy}.
 */
public final class BoxCopy {
    private BoxCopy() {
    }

    /**
     * Copies the box of {@code size} starting at {@code srcStart} in {@code src} to {@code dstStart}
     * in {@code dst}.
     */
    public static void copy(Volume src, int[] srcStart, Volume dst, int[] dstStart, int[] size) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("cannot copy " + src.dtype().numpyName() + " into " + dst.dtype().numpyName());
        }
        int rank = size.length;
        if (src.rank() != rank || dst.rank() != rank || srcStart.length != rank || dstStart.length != rank) {
            throw new IllegalArgumentException("rank mismatch in box copy: src " + src.rank() + ", dst " + dst.rank()
                    + ", box " + rank);
        }
        for (int d = 0; d < rank; d++) {
            if (size[d] < 0 || srcStart[d] < 0 || dstStart[d] < 0
                    || srcStart[d] + size[d] > src.shape(d) || dstStart[d] + size[d] > dst.shape(d)) {
                throw new IllegalArgumentException("box " + Arrays.toString(size) + " at " + Arrays.toString(srcStart)
                        + " -> " + Arrays.toString(dstStart) + " does not fit volumes " + Arrays.toString(src.shape())
                        + " and " + Arrays.toString(dst.shape()));
            }
            if (size[d] == 0) {
                return;
            }
        }
        if (rank == 0) {
            System.arraycopy(src.data(), 0, dst.data(), 0, src.dtype().size());
            return;
        }
        int item = src.dtype().size();
        long[] srcStrides = strides(src.shape());
        long[] dstStrides = strides(dst.shape());
        // trailing axes that both volumes span fully are contiguous in both: copy them as one run
        int k = rank - 1;
        long run = size[k];
        while (k > 0 && size[k] == src.shape(k) && size[k] == dst.shape(k)) {
            k--;
            run *= size[k];
        }
        int runBytes = Math.toIntExact(run * item);
        long so = 0;
        long to = 0;
        for (int d = 0; d < rank; d++) {
            so += srcStart[d] * srcStrides[d];
            to += dstStart[d] * dstStrides[d];
        }
        byte[] s = src.data();
        byte[] t = dst.data();
        int[] pos = new int[k];  // position on the outer axes 0..k-1
        while (true) {
            System.arraycopy(s, (int) (so * item), t, (int) (to * item), runBytes);
            int d = k - 1;
            while (d >= 0) {
                so += srcStrides[d];
                to += dstStrides[d];
                if (++pos[d] < size[d]) {
                    break;
                }
                so -= size[d] * srcStrides[d];
                to -= size[d] * dstStrides[d];
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Sets every element of the box of {@code size} at {@code start} in {@code dst} to {@code element}. */
    public static void fill(Volume dst, int[] start, int[] size, byte[] element) {
        Volume run = Volume.allocate(dst.dtype(), runShape(size));
        run.fill(element);
        int rank = size.length;
        int[] runStart = new int[rank];
        // copy the one filled last-axis run to every row of the box
        int[] rowSize = new int[rank];
        Arrays.fill(rowSize, 1);
        rowSize[rank - 1] = size[rank - 1];
        int[] pos = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (size[d] == 0) {
                return;
            }
        }
        while (true) {
            int[] at = new int[rank];
            for (int d = 0; d < rank; d++) {
                at[d] = start[d] + pos[d];
            }
            copy(run, runStart, dst, at, rowSize);
            int d = rank - 2;
            while (d >= 0) {
                if (++pos[d] < size[d]) {
                    break;
                }
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private static int[] runShape(int[] size) {
        int[] shape = new int[size.length];
        Arrays.fill(shape, 1);
        if (size.length > 0) {
            shape[size.length - 1] = size[size.length - 1];
        }
        return shape;
    }

    /** Element strides of a C-order shape. */
    public static long[] strides(int[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }
}
