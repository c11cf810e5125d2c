package org.zarrrelay.format;

import java.util.Arrays;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A reader whose leading axes of extent 1 are left out: tools built on ITK save a 2D slice as a 3D
 * image of depth 1, which is the same voxels as the 2D file that was exported.
 */
public final class SqueezedReader implements VolumeReader {
    private final VolumeReader in;
    private final int dropped;
    private Volume whole;

    private SqueezedReader(VolumeReader in, int dropped) {
        this.in = in;
        this.dropped = dropped;
    }

    /** The reader with its leading extent-1 axes dropped until it has {@code rank} axes, or as it is when it cannot. */
    public static VolumeReader toRank(VolumeReader in, int rank) {
        long[] shape = in.shape();
        int drop = shape.length - rank;
        if (drop <= 0) {
            return in;
        }
        for (int d = 0; d < drop; d++) {
            if (shape[d] != 1) {
                return in;
            }
        }
        return new SqueezedReader(in, drop);
    }

    @Override
    public DataType dtype() {
        return in.dtype();
    }

    @Override
    public long[] shape() {
        long[] s = in.shape();
        return Arrays.copyOfRange(s, dropped, s.length);
    }

    @Override
    public FileInfo info() {
        FileInfo i = in.info();
        return new FileInfo(i.jobId(), drop(i.voxelSize()), drop(i.origin()), i.unit());
    }

    private double[] drop(double[] perAxis) {
        return perAxis == null || perAxis.length <= dropped ? null : Arrays.copyOfRange(perAxis, dropped, perAxis.length);
    }

    /** The underlying file has one plane along its first axis: read it once, then cut rows out of it. */
    @Override
    public Volume readSlab(long start, int count) {
        if (whole == null) {
            Volume v = in.readSlab(0, 1);
            int[] shape = Arrays.stream(shape()).mapToInt(x -> (int) x).toArray();
            whole = new Volume(v.dtype(), shape, v.data());
        }
        int[] shape = whole.shape();
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
