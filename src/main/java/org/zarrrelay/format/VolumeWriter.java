package org.zarrrelay.format;

import org.zarrrelay.volume.Volume;

/**
 * Writes a file slab by slab (along axis 0, in order), or, where {@link #writesBoxes}, box by box in
 * any order; it appears under its name only on commit.
 */
public interface VolumeWriter extends AutoCloseable {

    void writeSlab(Volume slab);

    /**
     * Whether {@link #writeBox} works: the format keeps the voxels as one raw C-order run, so a region
     * moved in tiles that are not whole planes goes straight into the file rather than through a
     * staging file.
     */
    default boolean writesBoxes() {
        return false;
    }

    /**
     * Writes the voxels of a box at {@code at} (the file's axes, slowest first). A file is written
     * either in slabs or in boxes that together cover every voxel once, in any order.
     */
    default void writeBox(long[] at, Volume box) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes whole planes only");
    }

    /** The CRC-32 of the voxels in file order, read back from the file: for a file written in boxes. */
    default long voxelCrc32() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes whole planes only");
    }

    /** Finishes the file, syncs it to disk, and moves it into place atomically. */
    default void commit() {
        commit(true);
    }

    /**
     * Finishes the file and moves it into place atomically. With {@code sync} false its data may
     * still be only in the page cache when its name appears, so a power loss can leave it torn;
     * the caller records that (see {@code ExportService}).
     */
    void commit(boolean sync);

    /** Releases resources; without a prior commit the partial file is deleted. */
    @Override
    void close();
}
