package org.zarrrelay.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.RelayException;

/**
 * A box of an N-d array: where it starts and how big it is, plus which axes were selected by a
 * single index (numpy's {@code a[3, 10:20]}), which an exported file leaves out.
 */
public record Region(long[] offset, int[] shape, boolean[] indexed) {

    public Region {
        offset = offset.clone();
        shape = shape.clone();
        indexed = indexed == null ? new boolean[shape.length] : indexed.clone();
        if (offset.length != shape.length || indexed.length != shape.length) {
            throw new IllegalArgumentException("offset " + Arrays.toString(offset) + " and shape " + Arrays.toString(shape)
                    + " have different numbers of axes");
        }
    }

    public static Region of(long[] offset, int[] shape) {
        return new Region(offset, shape, null);
    }

    @Override
    public long[] offset() {
        return offset.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean[] indexed() {
        return indexed.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        return Volume.elementCount(shape);
    }

    /** The shape without the axes selected by a single index. */
    public int[] squeezedShape() {
        List<Integer> kept = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!indexed[d]) {
                kept.add(shape[d]);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses numpy-style {@code start:stop} per axis, comma-separated ({@code 40:50,0:10,5}); a plain
     * integer selects one index; an empty part or {@code :} means the whole axis. Checked against the
     * array's shape, with messages that say which axis is wrong and what would fit.
     */
    public static Region parse(String text, long[] arrayShape) {
        if (text == null || text.isBlank()) {
            throw new RelayException("the region is empty: give start:stop for each of the " + arrayShape.length
                    + " axes, e.g. " + example(arrayShape));
        }
        String[] parts = text.trim().split(",", -1);
        if (parts.length != arrayShape.length) {
            throw new RelayException("region '" + text + "' has " + parts.length + " axes but the array has "
                    + arrayShape.length + " (shape " + Arrays.toString(arrayShape) + "): give one start:stop per axis, e.g. "
                    + example(arrayShape));
        }
        long[] offset = new long[parts.length];
        int[] shape = new int[parts.length];
        boolean[] indexed = new boolean[parts.length];
        for (int d = 0; d < parts.length; d++) {
            String p = parts[d].trim();
            long start;
            long stop;
            try {
                if (p.isEmpty() || p.equals(":")) {
                    start = 0;
                    stop = arrayShape[d];
                } else if (p.contains(":")) {
                    String[] ab = p.split(":", -1);
                    if (ab.length != 2) {
                        throw new NumberFormatException();
                    }
                    start = ab[0].isBlank() ? 0 : Long.parseLong(ab[0].trim());
                    stop = ab[1].isBlank() ? arrayShape[d] : Long.parseLong(ab[1].trim());
                } else {
                    start = Long.parseLong(p);
                    stop = start + 1;
                    indexed[d] = true;
                }
            } catch (NumberFormatException e) {
                throw new RelayException("axis " + d + " of region '" + text + "' is '" + p
                        + "', not start:stop or an index: write e.g. 0:" + arrayShape[d]);
            }
            if (start < 0 || stop > arrayShape[d] || start >= stop) {
                throw new RelayException("axis " + d + " of region '" + text + "' is " + start + ":" + stop
                        + ", which is empty or outside 0:" + arrayShape[d] + " (array shape " + Arrays.toString(arrayShape)
                        + "): use 0 <= start < stop <= " + arrayShape[d]);
            }
            if (stop - start > Integer.MAX_VALUE) {
                throw new RelayException("axis " + d + " of region '" + text + "' is longer than " + Integer.MAX_VALUE);
            }
            offset[d] = start;
            shape[d] = (int) (stop - start);
        }
        return new Region(offset, shape, indexed);
    }

    private static String example(long[] arrayShape) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < arrayShape.length; d++) {
            sb.append(d == 0 ? "" : ",").append("0:").append(Math.min(arrayShape[d], 10));
        }
        return sb.toString();
    }

    /** Parses a comma-separated list of integers, e.g. an offset {@code 10,0,5}. */
    public static long[] parseLongs(String text, String what) {
        String[] parts = text.trim().split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new RelayException(what + " '" + text + "' is not a comma-separated list of integers, e.g. 0,10,20");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < shape.length; d++) {
            sb.append(d == 0 ? "" : ",");
            sb.append(indexed[d] ? String.valueOf(offset[d]) : offset[d] + ":" + (offset[d] + shape[d]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && Arrays.equals(offset, r.offset) && Arrays.equals(shape, r.shape)
                && Arrays.equals(indexed, r.indexed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offset) * 31 + Arrays.hashCode(shape);
    }
}
