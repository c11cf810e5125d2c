package org.zarrrelay.ome;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.zarrrelay.volume.Volume;

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
        Volume out = Volume.allocate(in.dtype(), outShape);
        int n = out.elementCount();
        int[] pos = new int[rank];
        int[] lo = new int[rank];
        int[] hi = new int[rank];
        int[] at = new int[rank];
        Map<Long, Integer> counts = this == MODE ? new HashMap<>() : null;
        for (int o = 0; o < n; o++) {
            for (int d = 0; d < rank; d++) {
                lo[d] = pos[d] * factors[d];
                hi[d] = Math.min(lo[d] + factors[d], inShape[d]);
            }
            switch (this) {
                case NEAREST -> out.setLong(o, in.getLong(in.index(lo)));
                case MEAN -> mean(in, out, o, lo, hi, at);
                case MODE -> out.setLong(o, mode(in, lo, hi, at, counts));
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        return out;
    }

    private static void mean(Volume in, Volume out, int o, int[] lo, int[] hi, int[] at) {
        double sum = 0;
        long count = 0;
        System.arraycopy(lo, 0, at, 0, lo.length);
        do {
            sum += in.getDouble(in.index(at));
            count++;
        } while (next(at, lo, hi));
        double mean = sum / count;
        if (in.dtype().isFloat()) {
            out.setDouble(o, mean);
        } else {
            // truncation toward zero, as numpy's astype does
            out.setDouble(o, mean < 0 ? Math.ceil(mean) : Math.floor(mean));
        }
    }

    private static long mode(Volume in, int[] lo, int[] hi, int[] at, Map<Long, Integer> counts) {
        counts.clear();
        System.arraycopy(lo, 0, at, 0, lo.length);
        do {
            counts.merge(in.getLong(in.index(at)), 1, Integer::sum);
        } while (next(at, lo, hi));
        long best = 0;
        int bestCount = -1;
        boolean unsigned = in.dtype().kind() == org.zarrrelay.volume.DataType.Kind.UNSIGNED;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            int c = e.getValue();
            long v = e.getKey();
            boolean smaller = unsigned ? Long.compareUnsigned(v, best) < 0 : v < best;
            if (c > bestCount || (c == bestCount && smaller)) {
                best = v;
                bestCount = c;
            }
        }
        return best;
    }

    private static boolean next(int[] at, int[] lo, int[] hi) {
        for (int d = at.length - 1; d >= 0; d--) {
            if (++at[d] < hi[d]) {
                return true;
            }
            at[d] = lo[d];
        }
        return false;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
