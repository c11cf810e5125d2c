package org.zarrrelay.job;

import java.nio.file.Path;

/**
 * A write-back (or undo) refused because the result and the store both changed the same voxels
 * differently since the export; nothing was written. The mask marks those voxels (255) in a TIFF
 * of the result's shape.
 */
public class ConflictException extends RequestException {
    private final transient Path mask;

    public ConflictException(String message, Path mask) {
        super(message);
        this.mask = mask;
    }

    /** The conflict mask, or null when none could be written. */
    public Path mask() {
        return mask;
    }
}
