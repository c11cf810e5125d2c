package org.zarrrelay.format.nifti;

/**
 * The uncompressed bytes of a NIfTI file, read at positions: a plain file directly, a gzip file
 * as a stream (forwards; a jump back starts the stream again).
 */
interface VoxelSource extends AutoCloseable {

    /** Fills {@code dst[off, off + len)} from {@code position} of the uncompressed file. */
    void read(long position, byte[] dst, int off, int len);

    @Override
    void close();
}
