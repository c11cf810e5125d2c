package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** What our writer writes, our reader reads back: every type, 1 to 3 axes, the geometry, the unit and the job id. */
class NiftiRoundTripTest {
    private static final FileInfo GEOMETRY = new FileInfo("job-7", new double[] {2.0, 0.5, 0.25},
            new double[] {30.0, -20.5, 10.125}, "micrometer");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyTypeComesBackBitIdentical(DataType dtype) {
        Volume v = NiftiFiles.ramp(dtype, 4, 3, 5);
        Path file = NiftiFiles.write(dir.resolve(dtype.numpyName() + ".nii.gz"), v, GEOMETRY);
        try (VolumeReader r = new NiftiFormat().open(file)) {
            // bool has no NIfTI type that tools read: it is written as uint8 0/1
            DataType stored = dtype == DataType.BOOL ? DataType.UINT8 : dtype;
            assertEquals(stored, r.dtype());
            assertArrayEquals(new long[] {4, 3, 5}, r.shape());
            Volume back = r.readSlab(0, 4);
            assertArrayEquals(v.data(), back.data(), dtype.numpyName());
            assertArrayEquals(java.util.Arrays.copyOfRange(v.data(), 2 * 15 * dtype.size(), 3 * 15 * dtype.size()),
                    r.readSlab(2, 1).data(), "plane 2 alone");
            assertEquals(GEOMETRY, r.info());
        }
    }

    @Test
    void aDotNiiFileIsNotCompressedAndADotNiiGzOneIs() throws Exception {
        Volume v = NiftiFiles.ramp(DataType.UINT16, 3, 4, 5);
        Path plain = NiftiFiles.write(dir.resolve("plain.nii"), v, GEOMETRY);
        Path packed = NiftiFiles.write(dir.resolve("packed.NII.GZ"), v, GEOMETRY);
        byte[] head = java.nio.file.Files.readAllBytes(plain);
        assertEquals(348, java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0), "sizeof_hdr first");
        assertEquals(352 + v.data().length, head.length, "header, extension flags, voxels: nothing else");
        byte[] gz = java.nio.file.Files.readAllBytes(packed);
        assertEquals(0x1f8b, (gz[0] & 0xff) << 8 | gz[1] & 0xff, "gzip magic");
        assertTrue(NiftiFiles.readAll(plain).contentEquals(v));
        assertTrue(NiftiFiles.readAll(packed).contentEquals(v));
    }

    @Test
    void writtenInSeveralSlabs() {
        Volume v = NiftiFiles.ramp(DataType.INT16, 7, 6, 5);
        Path file = dir.resolve("slabs.nii.gz");
        try (var w = new NiftiFormat().create(file, DataType.INT16, new long[] {7, 6, 5}, GEOMETRY)) {
            for (int z = 0; z < 7; z += 3) {
                int n = Math.min(3, 7 - z);
                byte[] part = java.util.Arrays.copyOfRange(v.data(), z * 60, (z + n) * 60);
                w.writeSlab(new Volume(DataType.INT16, new int[] {n, 6, 5}, part));
            }
            w.commit();
        }
        assertTrue(NiftiFiles.readAll(file).contentEquals(v));
    }

    @Test
    void twoAxesAndOneAxis() {
        Volume plane = NiftiFiles.ramp(DataType.FLOAT32, 6, 9);
        FileInfo info2 = new FileInfo("j2", new double[] {0.5, 0.25}, new double[] {4.0, 8.0}, "millimeter");
        Path file = NiftiFiles.write(dir.resolve("plane.nii.gz"), plane, info2);
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertArrayEquals(new long[] {6, 9}, r.shape());
            assertTrue(r.readSlab(0, 6).contentEquals(plane));
            assertEquals(info2, r.info());
        }
        Volume line = NiftiFiles.ramp(DataType.UINT16, 11);
        FileInfo info1 = new FileInfo("j1", new double[] {3.0}, new double[] {-1.5}, "meter");
        Path lineFile = NiftiFiles.write(dir.resolve("line.nii.gz"), line, info1);
        try (VolumeReader r = new NiftiFormat().open(lineFile)) {
            assertArrayEquals(new long[] {11}, r.shape());
            assertTrue(r.readSlab(0, 11).contentEquals(line));
            assertEquals(info1, r.info());
        }
    }

    @Test
    void noGeometryComesBackAsUnitVoxelsAtZeroWithoutAUnit() {
        Volume v = NiftiFiles.ramp(DataType.UINT8, 2, 3, 4);
        Path file = NiftiFiles.write(dir.resolve("bare.nii.gz"), v, FileInfo.NONE);
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertEquals(new FileInfo(null, new double[] {1, 1, 1}, new double[] {0, 0, 0}, null), r.info());
        }
    }

    @Test
    void lengthUnitsNiftiLacksAreConvertedToTheNextLargerOne() {
        Volume v = NiftiFiles.ramp(DataType.UINT8, 2, 2, 2);
        FileInfo nm = new FileInfo(null, new double[] {500, 100, 100}, new double[] {1000, 250, -50}, "nanometer");
        FileInfo got = info(NiftiFiles.write(dir.resolve("nm.nii.gz"), v, nm));
        assertEquals("micrometer", got.unit());
        assertArrayEquals(new double[] {0.5, 0.1, 0.1}, got.voxelSize(), 1e-7);
        assertArrayEquals(new double[] {1.0, 0.25, -0.05}, got.origin(), 1e-7);
        FileInfo cm = new FileInfo(null, new double[] {1, 2, 3}, new double[] {0, 0, 0.5}, "centimeter");
        FileInfo gotCm = info(NiftiFiles.write(dir.resolve("cm.nii.gz"), v, cm));
        assertEquals("millimeter", gotCm.unit());
        assertArrayEquals(new double[] {10, 20, 30}, gotCm.voxelSize(), 1e-6);
        assertArrayEquals(new double[] {0, 0, 5}, gotCm.origin(), 1e-6);
        FileInfo pixel = new FileInfo(null, new double[] {1, 2, 3}, new double[] {4, 5, 6}, "pixel");
        FileInfo gotPixel = info(NiftiFiles.write(dir.resolve("px.nii.gz"), v, pixel));
        assertNull(gotPixel.unit(), "no length unit: written as unknown, numbers kept");
        assertArrayEquals(new double[] {1, 2, 3}, gotPixel.voxelSize());
    }

    private static FileInfo info(Path file) {
        try (VolumeReader r = new NiftiFormat().open(file)) {
            return r.info();
        }
    }
}
