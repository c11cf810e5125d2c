package org.zarrrelay.preview;

import java.util.Arrays;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * The planes pictures are made of, read from an array or a file. The last two axes are a plane's
 * rows and columns (y, x); the axis before them, when there is one, is z; axes before z (t, c)
 * are read at index 0.
 */
public final class Planes {
    /** The most voxels one picture may have (4096 x 4096). */
    static final long MAX_PLANE = 4096L * 4096;
    /** The most voxels a maximum projection reads, so one call stays within seconds. */
    static final long MAX_PROJECTION = 1L << 28;
    /** How many bytes of voxels a projection reads at a time. */
    private static final long SLAB_BYTES = 32L << 20;

    private Planes() {
    }

    /** The maximum over z of every plane of the array (the plane itself for a 2D array). */
    public static GrayPlane maxProjection(ZarrArray a) {
        long[] shape = a.metadata().shape();
        int r = requirePlanes(a);
        int h = Math.toIntExact(shape[r - 2]);
        int w = Math.toIntExact(shape[r - 1]);
        long depth = r >= 3 ? shape[r - 3] : 1;
        if (depth * h * w > MAX_PROJECTION) {
            throw new PreviewException(a.describe() + " has " + depth * h * w + " voxels in its z stack, more than a"
                    + " projection reads (" + MAX_PROJECTION + "): ask for a coarser level, or for one slice with z=");
        }
        double[] max = new double[h * w];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int perSlab = (int) Math.max(1, Math.min(depth, SLAB_BYTES / ((long) h * w * a.metadata().dtype().size())));
        for (long z = 0; z < depth; z += perSlab) {
            int n = (int) Math.min(perSlab, depth - z);
            long[] offset = new long[r];
            int[] box = ones(r);
            if (r >= 3) {
                offset[r - 3] = z;
                box[r - 3] = n;
            }
            box[r - 2] = h;
            box[r - 1] = w;
            raiseTo(max, a.read(offset, box));
        }
        return new GrayPlane(w, h, max);
    }

    /** The maximum over axis 0 of a file's planes (the plane itself for a 2D file), e.g. of a conflict mask. */
    public static GrayPlane maxProjection(VolumeReader file) {
        long[] shape = file.shape();
        int r = shape.length;
        if (r < 2 || r > 3) {
            throw new PreviewException("the file has " + r + " axes: a picture is made of a 2D or 3D file");
        }
        int h = Math.toIntExact(shape[r - 2]);
        int w = Math.toIntExact(shape[r - 1]);
        if ((long) h * w > MAX_PLANE) {
            throw new PreviewException("a plane of the file is " + w + " x " + h + " voxels, more than a picture holds ("
                    + MAX_PLANE + ")");
        }
        double[] max = new double[h * w];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        long depth = r == 3 ? shape[0] : 1;
        int perSlab = (int) Math.max(1, Math.min(depth, SLAB_BYTES / ((long) h * w * file.dtype().size())));
        for (long z = 0; z < depth; z += perSlab) {
            raiseTo(max, r == 3 ? file.readSlab(z, (int) Math.min(perSlab, depth - z)) : file.readSlab(0, h));
        }
        return new GrayPlane(w, h, max);
    }

    /** Plane {@code z} of the array (the plane itself for a 2D array, where z must be 0). */
    public static GrayPlane slice(ZarrArray a, long z) {
        long[] shape = a.metadata().shape();
        int r = requirePlanes(a);
        long depth = r >= 3 ? shape[r - 3] : 1;
        if (z < 0 || z >= depth) {
            throw new PreviewException("z=" + z + " is outside " + a.describe() + ", whose z runs from 0 to " + (depth - 1));
        }
        long[] offset = new long[r];
        int[] box = ones(r);
        if (r >= 3) {
            offset[r - 3] = z;
        }
        box[r - 2] = Math.toIntExact(shape[r - 2]);
        box[r - 1] = Math.toIntExact(shape[r - 1]);
        return box(a, offset, box);
    }

    /** The plane at {@code offset} of the array; {@code shape} is 1 on every axis but the last two. */
    public static GrayPlane box(ZarrArray a, long[] offset, int[] shape) {
        checkPlane(shape, a.describe());
        return toPlane(a.read(offset, shape));
    }

    /** The same for a file's voxels. */
    public static GrayPlane box(VolumeReader file, long[] offset, int[] shape) {
        checkPlane(shape, "the file");
        return toPlane(file.readBox(offset, shape));
    }

    /** Raises each pixel of {@code max} to the largest value its position has in the slab's planes. */
    private static void raiseTo(double[] max, Volume planes) {
        for (int i = 0; i < planes.elementCount(); i++) {
            int p = i % max.length;
            double value = planes.getDouble(i);
            if (value > max[p]) {  // NaN never is: it is left out
                max[p] = value;
            }
        }
    }

    private static int requirePlanes(ZarrArray a) {
        int r = a.metadata().rank();
        if (r < 2) {
            throw new PreviewException(a.describe() + " has " + r + " axis: a picture needs at least two (y, x)");
        }
        long[] shape = a.metadata().shape();
        if (shape[r - 2] * shape[r - 1] > MAX_PLANE) {
            throw new PreviewException("a plane of " + a.describe() + " is " + shape[r - 1] + " x " + shape[r - 2]
                    + " voxels, more than a picture holds (" + MAX_PLANE + "): ask for a coarser level");
        }
        return r;
    }

    private static void checkPlane(int[] shape, String what) {
        int r = shape.length;
        for (int d = 0; d < r - 2; d++) {
            if (shape[d] != 1) {
                throw new IllegalArgumentException("a plane box is 1 on every axis but the last two, not " + Arrays.toString(shape));
            }
        }
        if ((long) shape[r - 2] * shape[r - 1] > MAX_PLANE) {
            throw new PreviewException("a plane of " + what + " is " + shape[r - 1] + " x " + shape[r - 2]
                    + " voxels, more than a picture holds (" + MAX_PLANE + ")");
        }
    }

    private static GrayPlane toPlane(Volume v) {
        int r = v.rank();
        int h = r >= 2 ? v.shape(r - 2) : 1;
        int w = v.shape(r - 1);
        double[] values = new double[h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.getDouble(i);
        }
        return new GrayPlane(w, h, values);
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }
}
