package org.zarrrelay.format;

import java.util.List;
import java.util.Locale;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.nifti.NiftiFormat;
import org.zarrrelay.format.dicom.DicomFormat;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.format.ometiff.OmeTiffFormat;
import org.zarrrelay.format.tiff.TiffFormat;

/** The formats zarr-relay can write and read, by name. Immutable. */
public final class Formats {
    /** OME-TIFF first: its files also end in .tif, and {@link #forPath} takes the first claimant. */
    private static final List<VolumeFormat> ALL = List.of(new OmeTiffFormat(), new TiffFormat(), new NpyFormat(),
            new NiftiFormat(), new DicomFormat());

    private Formats() {
    }

    public static List<VolumeFormat> all() {
        return ALL;
    }

    public static VolumeFormat byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (VolumeFormat f : ALL) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new RelayException("format '" + name + "' is not supported; supported formats: "
                + String.join(", ", ALL.stream().map(VolumeFormat::name).toList()));
    }

    /** The format of a file (from its extension) or of a folder (the one folder format). */
    public static VolumeFormat forPath(java.nio.file.Path path) {
        if (java.nio.file.Files.isDirectory(path)) {
            for (VolumeFormat f : ALL) {
                if (f.isFolder()) {
                    return f;
                }
            }
            throw new RelayException(path + " is a folder, and no format zarr-relay reads is a folder: return a file");
        }
        return forFile(path.getFileName().toString());
    }

    /** The format of a file, from its extension. */
    public static VolumeFormat forFile(String fileName) {
        return claimant(fileName).orElseThrow(() -> new RelayException("cannot tell the format of '" + fileName
                + "' from its extension; supported: " + String.join(", ", ALL.stream().map(f -> "." + f.extension()).toList())));
    }

    /**
     * The ending that gives a file name its format, as written ({@code cells.ome.tif} → {@code .ome.tif},
     * {@code my.data.nii.gz} → {@code .nii.gz}), if a format claims the name.
     */
    public static java.util.Optional<String> suffix(String fileName) {
        return claimant(fileName).flatMap(f -> {
            for (int dot = fileName.lastIndexOf('.'); dot > 0; dot = fileName.lastIndexOf('.', dot - 1)) {
                if (f.matches(fileName.substring(dot))) {
                    return java.util.Optional.of(fileName.substring(dot));
                }
            }
            return java.util.Optional.empty();
        });
    }

    /** The format whose extension the file name has, if any. */
    public static java.util.Optional<VolumeFormat> claimant(String fileName) {
        return ALL.stream().filter(f -> f.matches(fileName)).findFirst();
    }
}
