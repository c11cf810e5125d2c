package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Our TIFF stacks open in ImageJ as calibrated stacks with the job id in Info, and ImageJ's saves read back. */
class TiffImageJTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Volume random(DataType t, int... shape) {
        Volume v = Volume.allocate(t, shape);
        Random rnd = new Random(t.ordinal());
        for (int i = 0; i < v.elementCount(); i++) {
            switch (t) {
                case FLOAT32 -> v.setDouble(i, rnd.nextGaussian() * 100);
                case INT16 -> v.setLong(i, rnd.nextInt(65536) - 32768);
                default -> v.setLong(i, rnd.nextInt(t == DataType.UINT8 ? 256 : 65536));
            }
        }
        return v;
    }

    private Path write(Volume v, String name, FileInfo info) {
        Path p = dir.resolve(name);
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = new TiffFormat().create(p, v.dtype(), shape, info)) {
            // two slabs, as an export does
            int half = v.shape(0) / 2;
            int plane = v.elementCount() / v.shape(0) * v.dtype().size();
            byte[] a = java.util.Arrays.copyOfRange(v.data(), 0, half * plane);
            byte[] b = java.util.Arrays.copyOfRange(v.data(), half * plane, v.data().length);
            w.writeSlab(new Volume(v.dtype(), new int[] {half, v.shape(1), v.shape(2)}, a));
            w.writeSlab(new Volume(v.dtype(), new int[] {v.shape(0) - half, v.shape(1), v.shape(2)}, b));
            w.commit();
        }
        return p;
    }

    private static Volume read(Path p) {
        try (VolumeReader r = new TiffFormat().open(p)) {
            return r.readSlab(0, (int) r.shape()[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT8", "UINT16", "INT16", "FLOAT32"})
    void imageJOpensOurStackAndWeReadImageJsSave(DataType t) {
        Volume v = random(t, 5, 7, 9);
        FileInfo info = new FileInfo("job-" + t.numpyName(), new double[] {2.0, 0.5, 0.25}, new double[] {10, 20, 30},
                "micrometer");
        Path ours = write(v, "ours.tif", info);

        ImagePlus imp = IJ.openImage(ours.toString());
        assertNotNull(imp);
        assertEquals(5, imp.getStackSize());
        assertEquals(9, imp.getWidth());
        assertEquals(7, imp.getHeight());
        assertEquals(t == DataType.UINT8 ? 8 : t == DataType.FLOAT32 ? 32 : 16, imp.getBitDepth());
        Calibration cal = imp.getCalibration();
        assertEquals(0.25, cal.pixelWidth, 1e-9);
        assertEquals(0.5, cal.pixelHeight, 1e-9);
        assertEquals(2.0, cal.pixelDepth, 1e-9);
        assertEquals("micron", cal.getUnit(), "ImageJ's name for micrometers");
        assertEquals(30.0, cal.getX(0), 1e-9, "physical x of the first voxel");
        assertEquals(20.0, cal.getY(0), 1e-9);
        assertEquals(10.0, cal.getZ(0), 1e-9);
        assertTrue(String.valueOf(imp.getProperty("Info")).contains("zarr-relay-job=job-" + t.numpyName()));
        // the values ImageJ shows are ours (getPixelValue applies the signed 16-bit calibration)
        for (int i : new int[] {0, 17, 314}) {
            int z = i / 63;
            int y = (i % 63) / 9;
            int x = i % 9;
            imp.setSlice(z + 1);
            assertEquals(v.getDouble(i), imp.getProcessor().getPixelValue(x, y), 1e-3, "voxel " + i);
        }

        Path saved = dir.resolve("saved by imagej.tif");
        assertTrue(new FileSaver(imp).saveAsTiffStack(saved.toString()));
        try (VolumeReader r = new TiffFormat().open(saved)) {
            assertEquals(t, r.dtype(), "ImageJ's file reads back as " + t.numpyName());
            assertArrayEquals(new long[] {5, 7, 9}, r.shape());
            assertEquals("job-" + t.numpyName(), r.info().jobId(), "the job id survived ImageJ's Save");
            assertArrayEquals(v.data(), r.readSlab(0, 5).data());
            // as a write-back too wide for whole planes reads it: a box alone, from the file
            assertTrue(r.readsBoxes(), "ImageJ saves uncompressed strips");
            Volume box = Volume.allocate(t, 3, 4, 5);
            BoxCopy.copy(v, new int[] {1, 2, 3}, box, new int[3], new int[] {3, 4, 5});
            assertArrayEquals(box.data(), r.readBox(new long[] {1, 2, 3}, new int[] {3, 4, 5}).data());
            assertArrayEquals(new double[] {2.0, 0.5, 0.25}, r.info().voxelSize(), 1e-6);
            assertEquals("micrometer", r.info().unit());
        }
        assertArrayEquals(v.data(), read(ours).data(), "and our own file reads back");
    }

    @Test
    void aSinglePlaneIsATwoDimensionalImage() {
        Path p = dir.resolve("plane.tif");
        Volume v = random(DataType.UINT16, 6, 8);
        try (VolumeWriter w = new TiffFormat().create(p, DataType.UINT16, new long[] {6, 8}, FileInfo.NONE)) {
            w.writeSlab(v);
            w.commit();
        }
        ImagePlus imp = IJ.openImage(p.toString());
        assertEquals(1, imp.getStackSize());
        try (VolumeReader r = new TiffFormat().open(p)) {
            assertArrayEquals(new long[] {6, 8}, r.shape());
            assertArrayEquals(v.data(), r.readSlab(0, (int) r.shape()[0]).data(), "the rows of the image");
        }
    }

    @Test
    void anUnfinishedExportLeavesNothing() throws Exception {
        Path p = dir.resolve("gone.tif");
        try (VolumeWriter w = new TiffFormat().create(p, DataType.UINT8, new long[] {4, 4, 4}, FileInfo.NONE)) {
            w.writeSlab(Volume.allocate(DataType.UINT8, 2, 4, 4));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file and no temporary file");
        }
    }
}
