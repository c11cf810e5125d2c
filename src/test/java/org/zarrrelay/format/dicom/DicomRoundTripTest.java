package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** What our writer exports, our reader reads back: voxels, type, shape and geometry (in mm). */
class DicomRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT8", "INT8", "UINT16", "INT16"})
    void everySupportedTypeWithGeometryInMicrometres(DataType dtype) {
        Volume v = DicomTestData.pattern(dtype, 5, 6, 7);
        FileInfo info = new FileInfo("job-" + dtype.numpyName(), new double[] {2.0, 0.325, 0.1625},
                new double[] {-12.0, 3.25, 1625.0}, "micrometer");
        Path series = DicomTestData.write(dir.resolve("job"), v, info, 2);
        try (VolumeReader r = new DicomFormat().open(series)) {
            assertEquals(dtype, r.dtype());
            assertArrayEquals(new long[] {5, 6, 7}, r.shape());
            assertTrue(r.readSlab(0, 5).contentEquals(v));
            assertArrayEquals(Arrays.copyOfRange(v.data(), 2 * 42 * dtype.size(), 4 * 42 * dtype.size()), r.readSlab(2, 2).data());
            assertEquals("millimeter", r.info().unit());
            assertEquals("job-" + dtype.numpyName(), r.info().jobId());
            assertArrayEquals(new double[] {0.002, 0.000325, 0.0001625}, r.info().voxelSize(), 1e-15);
            assertArrayEquals(new double[] {-0.012, 0.00325, 1.625}, r.info().origin(), 1e-15);
        }
    }

    @Test
    void slabSizesDoNotChangeTheSeries() {
        Volume v = DicomTestData.pattern(DataType.UINT16, 4, 3, 5);
        for (int slab : new int[] {1, 3, 4}) {
            try (VolumeReader r = new DicomFormat().open(DicomTestData.write(dir.resolve("s" + slab), v, FileInfo.NONE, slab))) {
                assertTrue(r.readSlab(0, 4).contentEquals(v), "slabs of " + slab);
            }
        }
    }

    @Test
    void withoutGeometrySlicesAreOneMillimetreApartFromZero() {
        Volume v = DicomTestData.pattern(DataType.INT16, 3, 2, 2);
        try (VolumeReader r = new DicomFormat().open(DicomTestData.write(dir.resolve("plain"), v, FileInfo.NONE, 3))) {
            assertArrayEquals(new double[] {1, 1, 1}, r.info().voxelSize());
            assertArrayEquals(new double[] {0, 0, 0}, r.info().origin());
            assertEquals(null, r.info().jobId(), "no job, no id");
        }
    }

    /** A 2D export arrives as bands of rows and is one file; it reads back as (y, x), by rows too. */
    @Test
    void aTwoDimensionalExportIsASeriesOfOneFile() throws Exception {
        Volume v = DicomTestData.pattern(DataType.UINT8, 9, 4);
        FileInfo info = new FileInfo("flat", new double[] {0.5, 0.25}, new double[] {10, 20}, "millimeter");
        Path series = DicomTestData.write(dir.resolve("flat"), v, info, 4);
        try (var files = java.nio.file.Files.list(series)) {
            assertEquals(1, files.count());
        }
        try (VolumeReader r = new DicomFormat().open(series)) {
            assertArrayEquals(new long[] {9, 4}, r.shape());
            assertTrue(r.readSlab(0, 9).contentEquals(v));
            assertArrayEquals(Arrays.copyOfRange(v.data(), 8, 20), r.readSlab(2, 3).data());
            assertArrayEquals(new double[] {0.5, 0.25}, r.info().voxelSize());
            assertArrayEquals(new double[] {10, 20}, r.info().origin());
        }
    }

    /** One slice of a 3D export keeps its z axis: the file states Spacing Between Slices. */
    @Test
    void aThreeDimensionalExportOfOneSliceStaysThreeDimensional() {
        Volume v = DicomTestData.pattern(DataType.UINT16, 1, 3, 4);
        FileInfo info = new FileInfo("one", new double[] {4, 0.5, 0.5}, new double[] {8, 0, 0}, "millimeter");
        try (VolumeReader r = new DicomFormat().open(DicomTestData.write(dir.resolve("one"), v, info, 1))) {
            assertArrayEquals(new long[] {1, 3, 4}, r.shape());
            assertArrayEquals(new double[] {4, 0.5, 0.5}, r.info().voxelSize());
            assertArrayEquals(new double[] {8, 0, 0}, r.info().origin());
            assertTrue(r.readSlab(0, 1).contentEquals(v));
        }
    }

    /** A series of one file can also be returned as that file, e.g. IMG0001.dcm itself. */
    @Test
    void aSingleFileIsASeriesOfOne() {
        Volume v = DicomTestData.pattern(DataType.INT16, 5, 3);
        Path series = DicomTestData.write(dir.resolve("f"), v, new FileInfo("f", null, null, null), 5);
        try (VolumeReader r = new DicomFormat().open(series.resolve("IMG0001.dcm"))) {
            assertArrayEquals(new long[] {5, 3}, r.shape());
            assertTrue(r.readSlab(0, 5).contentEquals(v));
        }
    }
}
