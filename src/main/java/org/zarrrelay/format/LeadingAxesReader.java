package org.zarrrelay.format;

import java.util.Arrays;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Volume;

/**
 * A reader shown with leading axes of extent 1 dropped or added, so that a file has the rank of
 * the export it answers. Tools built on ITK save a 2D slice as a 3D image of depth 1; ImageJ and
 * tifffile save a stack of one plane as a single 2D image. Either is the same voxels as the export.
 */
public final class LeadingAxesReader implements VolumeReader {
    private final VolumeReader in;
    /** Leading axes of {@code in} left out (positive) or put in front of it (negative). */
    private final int dropped;
    private Volume whole;

    private LeadingAxesReader(VolumeReader in, int dropped) {
        this.in = in;
        this.dropped = dropped;
    }

    /**
     * The reader with {@code rank} axes, by dropping leading axes of extent 1 or adding them; as it
     * is when its rank is already {@code rank}, or when the axes to drop are not of extent 1.
     */
    public static VolumeReader toRank(VolumeReader in, int rank) {
        long[] shape = in.shape();
        int drop = shape.length - rank;
        if (drop == 0 || rank < 1) {
            return in;
        }
        for (int d = 0; d < drop; d++) {
            if (shape[d] != 1) {
                return in;
            }
        }
        return new LeadingAxesReader(in, drop);
    }

    @Override
    public org.zarrrelay.volume.DataType dtype() {
        return in.dtype();
    }

    @Override
    public long[] shape() {
        long[] s = in.shape();
        if (dropped >= 0) {
            return Arrays.copyOfRange(s, dropped, s.length);
        }
        long[] out = new long[s.length - dropped];
        Arrays.fill(out, 0, -dropped, 1);
        System.arraycopy(s, 0, out, -dropped, s.length);
        return out;
    }

    @Override
    public boolean turnsAxes() {
        return in.turnsAxes();
    }

    /** An added axis has no voxel size or origin in the file: NaN, which the job's checks do not compare. */
    @Override
    public FileInfo info() {
        FileInfo i = in.info();
        return new FileInfo(i.jobId(), reshape(i.voxelSize()), reshape(i.origin()), i.unit());
    }

    private double[] reshape(double[] perAxis) {
        if (perAxis == null) {
            return null;
        }
        if (dropped >= 0) {
            return perAxis.length <= dropped ? null : Arrays.copyOfRange(perAxis, dropped, perAxis.length);
        }
        double[] out = new double[perAxis.length - dropped];
        Arrays.fill(out, 0, -dropped, Double.NaN);
        System.arraycopy(perAxis, 0, out, -dropped, perAxis.length);
        return out;
    }

    /** The file is one plane (or, with added axes, the shown volume is): it is read once and cut into slabs. */
    @Override
    public Volume readSlab(long start, int count) {
        if (whole == null) {
            long[] inShape = in.shape();
            Volume v = in.readSlab(0, (int) (dropped >= 0 ? 1 : inShape[0]));
            int[] shape = Arrays.stream(shape()).mapToInt(x -> (int) x).toArray();
            whole = new Volume(v.dtype(), shape, v.data());
        }
        int[] shape = whole.shape();
        if (start < 0 || count < 0 || start > shape[0] - count) {
            throw new IllegalArgumentException("slab " + start + ".." + (start + count) + " outside 0.." + shape[0]);
        }
        int[] at = new int[shape.length];
        at[0] = (int) start;
        int[] size = shape.clone();
        size[0] = count;
        Volume out = Volume.allocate(whole.dtype(), size);
        BoxCopy.copy(whole, at, out, new int[shape.length], size);
        return out;
    }

    @Override
    public void close() {
        in.close();
    }
}
