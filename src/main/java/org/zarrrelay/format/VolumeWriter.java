package org.zarrrelay.format;

import org.zarrrelay.volume.Volume;

/** Writes a file slab by slab (along axis 0, in order); it appears under its name only on commit. */
public interface VolumeWriter extends AutoCloseable {

    void writeSlab(Volume slab);

    /** Finishes the file and moves it into place atomically. */
    void commit();

    /** Releases resources; without a prior commit the partial file is deleted. */
    @Override
    void close();
}
