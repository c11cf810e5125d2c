package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * A 2D result stored transposed and mirrored (i along -y, j along x) is delivered in the export's
 * order, with the origin of the voxel delivered first; the 3D cases are in the nibabel fixtures.
 */
class NiftiReorientTest {
    @TempDir
    Path dir;

    @Test
    void aTransposedAndMirroredPlane() {
        int ny = 3;
        int nx = 4;
        Volume plane = NiftiFiles.ramp(DataType.INT16, ny, nx);  // the export's (y, x)
        // the file: i (extent ny, fastest) runs along -y, j (extent nx) along +x
        Volume stored = Volume.allocate(DataType.INT16, nx, ny);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int i = ny - 1 - y;
                stored.setLong(stored.index(x, i), plane.getLong(plane.index(y, x)));
            }
        }
        Path file = NiftiFiles.of(dir, stored, FileInfo.NONE)
                .putBytes(NiftiFiles.XYZT_UNITS, (byte) NiftiUnits.MICRON)
                .sform(new double[] {0, 0.5, 0, 10}, new double[] {-0.25, 0, 0, 20}, new double[] {0, 0, 1, 0})
                .write(dir.resolve("transposed.nii.gz"));
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertArrayEquals(new long[] {ny, nx}, r.shape());
            assertTrue(r.readSlab(0, ny).contentEquals(plane));
            assertEquals(plane.getLong(plane.index(2, 0)), r.readSlab(2, 1).getLong(0), "the last row alone");
            FileInfo info = r.info();
            assertArrayEquals(new double[] {0.25, 0.5}, info.voxelSize());
            // y runs backwards from 20: the first delivered row is the file's last i, at 20 - 0.25 * 2
            assertArrayEquals(new double[] {19.5, 10}, info.origin());
            assertEquals("micrometer", info.unit());
        }
    }
}
