package org.zarrrelay.format;

import java.nio.file.Path;
import org.zarrrelay.volume.DataType;

/**
 * A file format a region can be exported to and imported from. Files are written and read in
 * slabs along the first axis, so memory stays bounded by a slab whatever the region's size.
 */
public interface VolumeFormat {

    /** The name requests use, e.g. {@code npy}. */
    String name();

    /** The file extension, without the dot. */
    String extension();

    /** Whether a file of this name is of this format, by its extension. */
    default boolean matches(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith("." + extension());
    }

    /**
     * True when a file of this format is a folder (a DICOM series: one file per slice): it is
     * created under a temporary name and renamed into place whole, and {@link #open} takes the
     * folder (or the format's own archive of it, by its extension).
     */
    default boolean isFolder() {
        return false;
    }

    /** Whether files of this format can hold this type; when not, {@link #create} explains. */
    boolean supports(DataType dtype);

    /**
     * Starts a new file; nothing appears at {@code path} until {@link VolumeWriter#commit()}. Formats
     * store what of {@code info} they can hold and ignore the rest.
     */
    VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info);

    VolumeReader open(Path path);
}
