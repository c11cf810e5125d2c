package org.zarrrelay.format;

import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Reads a file's volume slab by slab along axis 0. */
public interface VolumeReader extends AutoCloseable {

    DataType dtype();

    long[] shape();

    /** What the file says besides voxels; {@link FileInfo#NONE} when nothing. */
    default FileInfo info() {
        return FileInfo.NONE;
    }

    /** Planes {@code [start, start + count)} of axis 0. */
    Volume readSlab(long start, int count);

    @Override
    void close();
}
