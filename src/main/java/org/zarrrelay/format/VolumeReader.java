package org.zarrrelay.format;

import java.util.Arrays;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Reads a file's volume slab by slab along axis 0, or box by box. */
public interface VolumeReader extends AutoCloseable {

    DataType dtype();

    long[] shape();

    /** What the file says besides voxels; {@link FileInfo#NONE} when nothing. */
    default FileInfo info() {
        return FileInfo.NONE;
    }

    /**
     * Whether the voxels are given with axes mirrored or swapped from how the file stores them,
     * because the file's orientation says it holds the export's grid turned (NIfTI).
     */
    default boolean turnsAxes() {
        return false;
    }

    /** Planes {@code [start, start + count)} of axis 0. */
    Volume readSlab(long start, int count);

    /**
     * Whether {@link #readBox} reads only the box's own bytes, so a region moved in tiles that are
     * not whole planes can be read from the file itself rather than from a staging copy.
     */
    default boolean readsBoxes() {
        return false;
    }

    /**
     * The box of {@code shape} at {@code offset}. Unless the format {@link #readsBoxes}, this reads
     * the box's whole planes and cuts the box out of them.
     */
    default Volume readBox(long[] offset, int[] shape) {
        Volume planes = readSlab(offset[0], shape[0]);
        if (Arrays.equals(planes.shape(), shape)) {
            return planes;
        }
        int[] from = new int[shape.length];
        for (int d = 1; d < shape.length; d++) {
            from[d] = Math.toIntExact(offset[d]);
        }
        Volume box = Volume.allocate(planes.dtype(), shape);
        BoxCopy.copy(planes, from, box, new int[shape.length], shape);
        return box;
    }

    @Override
    void close();
}
