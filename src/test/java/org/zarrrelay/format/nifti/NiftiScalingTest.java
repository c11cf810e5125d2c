package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * scl_slope / scl_inter: voxels are scaled (and come out float64) only when the pair is not the
 * identity; a slope of 0 or a non-finite one means "no scaling" (nifti1.h), whatever the intercept.
 */
class NiftiScalingTest {
    private static final Volume RAW = NiftiFiles.ramp(DataType.INT16, 3, 2, 4);

    @TempDir
    Path dir;

    private Volume read(double slope, double inter, String name) {
        Path file = NiftiFiles.of(dir, RAW, FileInfo.NONE).putFloat(NiftiFiles.SCL_SLOPE, slope)
                .putFloat(NiftiFiles.SCL_INTER, inter).write(dir.resolve(name));
        try (VolumeReader r = new NiftiFormat().open(file)) {
            Volume v = r.readSlab(0, 3);
            assertEquals(r.dtype(), v.dtype());
            return v;
        }
    }

    @Test
    void slopeAndInterceptGiveFloat64Values() {
        Volume v = read(0.5, -10, "scaled.nii");
        assertEquals(DataType.FLOAT64, v.dtype());
        for (int i = 0; i < RAW.elementCount(); i++) {
            assertEquals(RAW.getDouble(i) * 0.5 - 10, v.getDouble(i), "voxel " + i);
        }
        Volume onlyInter = read(1, 1000, "shifted.nii.gz");
        assertEquals(DataType.FLOAT64, onlyInter.dtype());
        assertEquals(RAW.getDouble(5) + 1000, onlyInter.getDouble(5));
    }

    @Test
    void identityZeroAndNonFiniteSlopesLeaveTheStoredType() {
        assertTrue(read(1, 0, "identity.nii").contentEquals(RAW));
        assertTrue(read(0, 50, "zero-slope.nii").contentEquals(RAW), "slope 0: no scaling, the intercept ignored");
        assertTrue(read(Double.NaN, 3, "nan-slope.nii").contentEquals(RAW));
        assertTrue(read(Double.POSITIVE_INFINITY, 0, "inf-slope.nii").contentEquals(RAW));
        Volume nanInter = read(2, Double.NaN, "nan-inter.nii");
        assertEquals(RAW.getDouble(7) * 2, nanInter.getDouble(7), "a non-finite intercept counts as 0");
    }
}
