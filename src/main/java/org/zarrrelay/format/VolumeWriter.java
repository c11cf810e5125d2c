package org.zarrrelay.format;

import org.zarrrelay.volume.Volume;

/** Writes a file slab by slab (along axis 0, in order); it appears under its name only on commit. */
public interface VolumeWriter extends AutoCloseable {

    void writeSlab(Volume slab);

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
