package org.zarrrelay.ome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;

/**
 * How one level of a pyramid is made from the level above: each output voxel summarises one
 * block of {@code factors} input voxels. Blocks cut by the image border summarise only the voxels
 * that exist (no padding).
 */
public enum Downsampling {
    /**
     * The mean of the block; integer types truncate it toward zero, as ome-zarr-py does
     * ({@code downscale_local_mean(...).astype(dtype)}).
     */
    MEAN,
    /** The most frequent value of the block, ties to the smallest: for label images. */
    MODE,
    /** The block's first voxel. */
    NEAREST;

    /** Inputs at least this large are reduced on the shared chunk pool, output planes split between its threads. */
    private static final int PARALLEL_VOXELS = 1 << 20;

    /** The method an NGFF {@code type} declares, or null when we do not reproduce it. */
    public static Downsampling fromDeclared(String type) {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "mean", "local_mean" -> MEAN;
            case "mode" -> MODE;
            case "nearest" -> NEAREST;
            default -> null;
        };
    }

    /**
     * Downsamples {@code in}: output voxel {@code o} summarises input voxels
     * {@code [o*f, min((o+1)*f, in.shape))} per axis. The output has {@code ceil(in.shape / f)} voxels per axis.
     */
    public Volume apply(Volume in, int[] factors) {
        int rank = in.rank();
        int[] inShape = in.shape();
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = (inShape[d] + factors[d] - 1) / factors[d];
        }
        return switch (this) {
            case MEAN -> mean(in, factors, outShape);
            case MODE -> mode(in, factors, outShape);
            case NEAREST -> nearest(in, factors, outShape);
        };
    }

    /** Each block's first voxel. */
    private static Volume nearest(Volume in, int[] factors, int[] outShape) {
        int rank = in.rank();
        Volume out = Volume.allocate(in.dtype(), outShape);
        int n = out.elementCount();
        int[] pos = new int[rank];
        int[] lo = new int[rank];
        for (int o = 0; o < n; o++) {
            for (int d = 0; d < rank; d++) {
                lo[d] = pos[d] * factors[d];
            }
            out.setLong(o, in.getLong(in.index(lo)));
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        return out;
    }

    /**
     * One pass over the input in C order, each voxel added to its block's sum; per voxel this costs
     * an add, not an N-d position update. Floats and 64-bit integers meet a block's voxels in C order,
     * as a walk over the block would, so their sums (doubles) are the same to the bit; the sums of
     * smaller integers are exact in any order (see {@link #sumsAreExact}).
     */
    private static Volume mean(Volume in, int[] factors, int[] outShape) {
        Volume out = Volume.allocate(in.dtype(), outShape);
        byPlanes(in, outShape, (from, to) -> meanOfPlanes(in, factors, outShape, out, from, to));
        return out;
    }

    /** What reduces output planes {@code [from, to)} along axis 0 (the whole output below two axes). */
    private interface PlaneRange {
        void reduce(int from, int to);
    }

    /**
     * Runs {@code work} over every output plane. A large input of two or more axes is split by
     * output planes, each part on its own thread of the shared chunk pool: a block lies in one.
     */
    private static void byPlanes(Volume in, int[] outShape, PlaneRange work) {
        if (Volume.elementCount(outShape) == 0) {
            return;
        }
        int planes = in.rank() < 2 ? 1 : outShape[0];
        ChunkExecutor pool = ChunkExecutor.shared();
        int parts = in.rank() < 2 || in.elementCount() < PARALLEL_VOXELS ? 1 : Math.min(pool.threads(), planes);
        List<Runnable> tasks = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) planes * p / parts);
            int to = (int) ((long) planes * (p + 1) / parts);
            tasks.add(() -> work.reduce(from, to));
        }
        pool.runAll(tasks);
    }

    /** Output planes {@code [from, to)} along axis 0 of an input of two or more axes; the whole output otherwise. */
    private static void meanOfPlanes(Volume in, int[] factors, int[] outShape, Volume out, int from, int to) {
        int rank = in.rank();
        boolean split = rank >= 2;
        int width = rank == 0 ? 1 : in.shape(rank - 1);
        int factor = rank == 0 ? 1 : factors[rank - 1];
        int outWidth = rank == 0 ? 1 : outShape[rank - 1];
        int outPlane = split ? out.elementCount() / outShape[0] : 0;
        int inPlane = split ? in.elementCount() / in.shape(0) : 0;
        int firstIn = split ? from * factors[0] : 0;
        int endIn = split ? Math.min(to * factors[0], in.shape(0)) : 0;
        int first = from * outPlane;  // the first output voxel of these planes
        double[] sums = new double[split ? (to - from) * outPlane : out.elementCount()];
        int[] row = new int[Math.max(rank - 1, 0)];  // position on the axes before the last
        if (split) {
            row[0] = firstIn;
        }
        boolean pairs = factor <= 2 && sumsAreExact(in.dtype(), factors);
        double[] values = pairs ? null : new double[width];
        int i = firstIn * inPlane;
        for (int rows = split ? (endIn - firstIn) * (inPlane / width) : in.elementCount() / width; rows > 0;
             rows--, i += width) {
            int base = 0;
            for (int d = 0; d < row.length; d++) {
                base = base * outShape[d] + row[d] / factors[d];
            }
            base = base * outWidth - first;
            if (pairs) {
                in.addGroupSums(i, width, factor, sums, base);
            } else {
                in.getDoubles(i, values, width);
                for (int x = 0; x < width; base++) {
                    double sum = sums[base];
                    for (int end = Math.min(x + factor, width); x < end; x++) {
                        sum += values[x];
                    }
                    sums[base] = sum;
                }
            }
            for (int d = row.length - 1; d >= 0 && ++row[d] == in.shape(d); d--) {
                row[d] = 0;
            }
        }
        // the voxels a block holds: the factor on each axis, or fewer where the image border cuts it
        boolean floats = in.dtype().isFloat();
        int[] outRow = new int[row.length];
        if (split) {
            outRow[0] = from;
        }
        double[] means = new double[outWidth];
        for (int o = 0; o < sums.length; o += outWidth) {
            long rowCount = 1;
            for (int d = 0; d < outRow.length; d++) {
                rowCount *= Math.min(factors[d], in.shape(d) - outRow[d] * factors[d]);
            }
            for (int ox = 0; ox < outWidth; ox++) {
                long count = rowCount * (rank == 0 ? 1 : Math.min(factor, width - ox * factor));
                double mean = sums[o + ox] / count;
                // integers: truncation toward zero, as numpy's astype does
                means[ox] = floats ? mean : mean < 0 ? Math.ceil(mean) : Math.floor(mean);
            }
            out.setDoubles(first + o, means, outWidth);
            for (int d = outRow.length - 1; d >= 0 && ++outRow[d] == outShape[d]; d--) {
                outRow[d] = 0;
            }
        }
    }

    /**
     * Whether every block's sum of this type is an integer below 2^53, which doubles hold exactly
     * whatever the order of the additions: integers of 32 bits or fewer, blocks of at most 2^20
     * voxels. Then a row's pairs are added as integers ({@link Volume#addGroupSums}), which runs
     * about twice as fast as voxel by voxel.
     */
    private static boolean sumsAreExact(DataType dtype, int[] factors) {
        long voxels = 1;
        for (int f : factors) {
            voxels *= f;
        }
        return !dtype.isFloat() && dtype.size() <= 4 && voxels <= 1 << 20;
    }

    /**
     * Output row by output row: the input rows a row of blocks covers are found once, then each
     * block's values are gathered, sorted and counted. For label images, whose pyramids this makes.
     */
    private static Volume mode(Volume in, int[] factors, int[] outShape) {
        Volume out = Volume.allocate(in.dtype(), outShape);
        byPlanes(in, outShape, (from, to) -> modeOfPlanes(in, factors, outShape, out, from, to));
        return out;
    }

    /** Output planes {@code [from, to)} along axis 0 of an input of two or more axes; the whole output otherwise. */
    private static void modeOfPlanes(Volume in, int[] factors, int[] outShape, Volume out, int from, int to) {
        int rank = in.rank();
        boolean split = rank >= 2;
        int lead = Math.max(rank - 1, 0);  // the axes before the last
        int width = rank == 0 ? 1 : in.shape(rank - 1);
        int factor = rank == 0 ? 1 : factors[rank - 1];
        int outWidth = rank == 0 ? 1 : outShape[rank - 1];
        int[] strides = new int[lead];
        for (int d = lead - 1, s = width; d >= 0; s *= in.shape(d), d--) {
            strides[d] = s;
        }
        int blockRows = 1;
        for (int d = 0; d < lead; d++) {
            blockRows *= factors[d];
        }
        int[] rowStarts = new int[blockRows];
        long[] block = new long[blockRows * factor];
        // uint64 ranks its values unsigned: with the sign bit flipped, a signed sort does that
        long flip = in.dtype() == DataType.UINT64 ? Long.MIN_VALUE : 0;
        int[] outRow = new int[lead];
        int[] k = new int[lead];
        int outPlane = split ? out.elementCount() / outShape[0] : 0;
        if (split) {
            outRow[0] = from;
        }
        for (int o = split ? from * outPlane : 0, last = split ? to * outPlane : out.elementCount(); o < last; ) {
            int rows = 0;
            Arrays.fill(k, 0);
            while (true) {
                int start = 0;
                for (int d = 0; d < lead; d++) {
                    start += (outRow[d] * factors[d] + k[d]) * strides[d];
                }
                rowStarts[rows++] = start;
                int d = lead - 1;
                while (d >= 0 && (++k[d] == factors[d] || outRow[d] * factors[d] + k[d] >= in.shape(d))) {
                    k[d] = 0;
                    d--;
                }
                if (d < 0) {
                    break;
                }
            }
            for (int ox = 0; ox < outWidth; ox++, o++) {
                int m = 0;
                for (int r = 0; r < rows; r++) {
                    for (int x = ox * factor, end = Math.min(x + factor, width); x < end; x++) {
                        block[m++] = in.getLong(rowStarts[r] + x) ^ flip;
                    }
                }
                out.setLong(o, mostFrequent(block, m) ^ flip);
            }
            for (int d = lead - 1; d >= 0 && ++outRow[d] == outShape[d]; d--) {
                outRow[d] = 0;
            }
        }
    }

    /** The most frequent of {@code values[0, count)}, the smallest of those tied; may sort them. */
    private static long mostFrequent(long[] values, int count) {
        int same = 1;
        while (same < count && values[same] == values[0]) {
            same++;
        }
        if (same == count) {
            return values[0];  // a block inside one label, the usual case
        }
        Arrays.sort(values, 0, count);
        long best = values[0];
        int bestCount = 0;
        for (int i = 0; i < count; ) {
            int j = i + 1;
            while (j < count && values[j] == values[i]) {
                j++;
            }
            if (j - i > bestCount) {  // strictly more: on a tie the smaller value, met first, stays
                best = values[i];
                bestCount = j - i;
            }
            i = j;
        }
        return best;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
