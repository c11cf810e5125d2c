package org.zarrrelay.format.nifti;

import java.nio.file.Path;
import org.zarrrelay.volume.DataType;

/**
 * The NIfTI {@code datatype} codes (nifti1.h, "NIFTI_TYPE_*"; NIfTI-2 uses the same codes) of the
 * types zarr-relay reads and writes. bool has no usable code (DT_BINARY, one bit per voxel, is
 * read by almost no tool), so bool regions are written as uint8 0/1.
 */
enum NiftiType {
    UINT8(2, DataType.UINT8),
    INT16(4, DataType.INT16),
    INT32(8, DataType.INT32),
    FLOAT32(16, DataType.FLOAT32),
    FLOAT64(64, DataType.FLOAT64),
    INT8(256, DataType.INT8),
    UINT16(512, DataType.UINT16),
    UINT32(768, DataType.UINT32),
    INT64(1024, DataType.INT64),
    UINT64(1280, DataType.UINT64);

    final short code;
    final DataType dtype;

    NiftiType(int code, DataType dtype) {
        this.code = (short) code;
        this.dtype = dtype;
    }

    short bitpix() {
        return (short) (dtype.size() * 8);
    }

    /** The code a region of this type is written with (bool as uint8). */
    static NiftiType forWriting(DataType dtype) {
        DataType stored = dtype == DataType.BOOL ? DataType.UINT8 : dtype;
        for (NiftiType t : values()) {
            if (t.dtype == stored) {
                return t;
            }
        }
        throw new IllegalStateException("no NIfTI code for " + dtype);
    }

    /** The type of a file's datatype code; other codes are refused with what they hold and what to do. */
    static NiftiType forCode(int code, Path file) {
        for (NiftiType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String what = switch (code) {
            case 1 -> "one-bit voxels (DT_BINARY), which almost no tool writes or reads";
            case 32, 1792, 2048 -> "complex numbers";
            case 128 -> "RGB colour voxels";
            case 2304 -> "RGBA colour voxels";
            case 1536 -> "128-bit floating-point numbers";
            case 0 -> "no data type (datatype 0, DT_UNKNOWN)";
            default -> "voxels of datatype code " + code + ", which is not a NIfTI type";
        };
        String advice = switch (code) {
            case 32, 1792, 2048 -> "save the magnitude, or the real and imaginary parts as separate float32 images";
            case 128, 2304 -> "convert it to one grey value per voxel, or save each channel as its own image";
            default -> "save it again as uint8, int16, uint16, int32 or float32";
        };
        return fail(file, "holds " + what + " (datatype " + code + "); zarr-relay reads uint8, int8, int16, uint16,"
                + " int32, uint32, int64, uint64, float32 and float64: " + advice);
    }

    private static NiftiType fail(Path file, String what) {
        throw new NiftiException("NIfTI file " + file + " " + what);
    }
}
