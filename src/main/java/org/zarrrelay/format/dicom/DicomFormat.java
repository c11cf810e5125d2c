package org.zarrrelay.format.dicom;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;

/**
 * DICOM series (PS3.10 files, https://www.dicomstandard.org/current) for medical viewers such as 3D
 * Slicer, Horos/OsiriX, ITK-SNAP or pydicom: an export is a folder of single-frame MR Images, one
 * per z slice ({@link MrImageHeader} says why MR); a return is such a folder, a {@code .zip} of
 * one, or one {@code .dcm} file, written by any tool in Explicit or Implicit VR Little Endian.
 */
public final class DicomFormat implements VolumeFormat {
    /**
     * The MR Image IOD fixes 16 bits per pixel: 8-bit types travel in it with Bits Stored 8, and
     * nothing wider fits. DICOM images hold integers, so no floating point.
     */
    static final Set<DataType> WRITABLE = EnumSet.of(DataType.UINT8, DataType.INT8, DataType.UINT16, DataType.INT16);

    @Override
    public String name() {
        return "dicom";
    }

    @Override
    public String extension() {
        return "dcm";
    }

    /** A zipped series, or a one-slice series as a single file; the folder form is found by {@link #isFolder}. */
    @Override
    public boolean matches(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".dcm");
    }

    @Override
    public boolean isFolder() {
        return true;
    }

    @Override
    public boolean supports(DataType dtype) {
        return WRITABLE.contains(dtype);
    }

    @Override
    public VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info) {
        return new DicomSeriesWriter(path, dtype, shape, info);
    }

    @Override
    public VolumeReader open(Path path) {
        return DicomSeriesReader.open(path);
    }

    static RelayException unsupported(DataType dtype) {
        if (dtype.isFloat()) {
            return new RelayException("DICOM images hold integers, not " + dtype.numpyName() + ": use nifti or npy for"
                    + " floating-point data");
        }
        return new RelayException("a DICOM series from zarr-relay holds uint8, int8, uint16 or int16 voxels (the MR Image"
                + " it writes has 16 bits per pixel), not " + dtype.numpyName() + ": use nifti or npy");
    }
}
