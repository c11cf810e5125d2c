package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Our OME-TIFF exports read back by our reader, for every type the format holds, as classic TIFF
 * and as BigTIFF (forced on a small file by lowering the limit), with the voxel size, origin, unit
 * and job id the export wrote.
 */
class OmeTiffRoundTripTest {
    @TempDir
    Path dir;

    private static final FileInfo INFO = new FileInfo("job-7", new double[] {2.0, 0.5, 0.25}, new double[] {-4, 10, 20.5},
            "micrometer");

    static Volume random(DataType t, int... shape) {
        Volume v = Volume.allocate(t, shape);
        Random rnd = new Random(t.ordinal() * 31L + shape.length);
        for (int i = 0; i < v.elementCount(); i++) {
            switch (t) {
                case FLOAT32, FLOAT64 -> v.setDouble(i, rnd.nextGaussian() * 1e3);
                case INT8 -> v.setLong(i, rnd.nextInt(256) - 128);
                case INT16 -> v.setLong(i, rnd.nextInt(65536) - 32768);
                case INT32 -> v.setLong(i, rnd.nextInt());
                case UINT32 -> v.setLong(i, rnd.nextInt() & 0xffffffffL);
                default -> v.setLong(i, rnd.nextInt(t == DataType.UINT8 ? 256 : 65536));
            }
        }
        return v;
    }

    /** Writes {@code v} in two slabs, as an export does. */
    static Path write(OmeTiffFormat format, Path p, Volume v, FileInfo info) {
        long[] shape = Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = format.create(p, v.dtype(), shape, info)) {
            if (v.shape().length == 3 && v.shape(0) > 1) {
                int half = v.shape(0) / 2;
                int plane = v.data().length / v.shape(0);
                w.writeSlab(new Volume(v.dtype(), new int[] {half, v.shape(1), v.shape(2)},
                        Arrays.copyOfRange(v.data(), 0, half * plane)));
                w.writeSlab(new Volume(v.dtype(), new int[] {v.shape(0) - half, v.shape(1), v.shape(2)},
                        Arrays.copyOfRange(v.data(), half * plane, v.data().length)));
            } else {
                w.writeSlab(v);
            }
            w.commit();
        }
        return p;
    }

    private static int magic(Path p) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p), 0, 4).order(ByteOrder.LITTLE_ENDIAN).getShort(2);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "FLOAT64"})
    void everyTypeReadsBackAsClassicTiffAndAsBigTiff(DataType t) throws IOException {
        Volume v = random(t, 5, 6, 7);
        for (long limit : new long[] {Long.MAX_VALUE, 0}) {
            Path p = write(new OmeTiffFormat(limit), dir.resolve(t.numpyName() + "-" + limit + ".ome.tif"), v, INFO);
            assertEquals(limit == 0 ? 43 : 42, magic(p));
            try (VolumeReader r = new OmeTiffFormat().open(p)) {
                assertEquals(t, r.dtype());
                assertArrayEquals(new long[] {5, 6, 7}, r.shape());
                assertArrayEquals(v.data(), r.readSlab(0, 5).data());
                int plane = 6 * 7 * t.size();
                assertArrayEquals(Arrays.copyOfRange(v.data(), 3 * plane, 5 * plane), r.readSlab(3, 2).data());
                assertEquals("job-7", r.info().jobId());
                assertArrayEquals(new double[] {2.0, 0.5, 0.25}, r.info().voxelSize());
                assertArrayEquals(new double[] {-4, 10, 20.5}, r.info().origin());
                assertEquals("micrometer", r.info().unit());
            }
        }
    }

    @Test
    void aSinglePlaneIsATwoDimensionalImage() {
        Volume v = random(DataType.UINT16, 9, 4);
        FileInfo info = new FileInfo("plane", new double[] {0.5, 0.25}, new double[] {1, 2}, "nanometer");
        Path p = write(new OmeTiffFormat(), dir.resolve("plane.ome.tif"), v, info);
        try (VolumeReader r = new OmeTiffFormat().open(p)) {
            assertArrayEquals(new long[] {9, 4}, r.shape());
            assertArrayEquals(v.data(), r.readSlab(0, (int) r.shape()[0]).data(), "the rows of the image");
            assertEquals(info, r.info());
        }
    }

    @Test
    void unitsOtherThanMicrometresKeepTheirName() {
        Volume v = random(DataType.UINT8, 2, 3, 4);
        for (String unit : new String[] {"nanometer", "millimeter", "meter", "angstrom", "inch"}) {
            FileInfo info = new FileInfo("u", new double[] {3, 2, 1}, new double[] {0, 0.5, 1e-3}, unit);
            Path p = write(new OmeTiffFormat(), dir.resolve(unit + ".ome.tif"), v, info);
            try (VolumeReader r = new OmeTiffFormat().open(p)) {
                assertEquals(info, r.info(), unit);
            }
        }
    }

    @Test
    void withoutALengthUnitNoPhysicalSizeIsClaimed() throws IOException {
        // OME-XML's PhysicalSize defaults to µm: a size in an unknown unit must not become micrometres
        Volume v = random(DataType.UINT8, 2, 3, 4);
        for (String unit : new String[] {null, "pixel"}) {
            Path p = write(new OmeTiffFormat(), dir.resolve("no-unit.ome.tif"), v,
                    new FileInfo("n", new double[] {3, 2, 1}, new double[] {0, 0, 0}, unit));
            assertTrue(!new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains("PhysicalSize"));
            try (VolumeReader r = new OmeTiffFormat().open(p)) {
                assertEquals(new FileInfo("n", null, null, null), r.info());
            }
        }
    }

    @Test
    void withoutAJobIdTheImageHasNoName() {
        Volume v = random(DataType.FLOAT32, 2, 3, 4);
        Path p = write(new OmeTiffFormat(), dir.resolve("anonymous.ome.tif"), v, FileInfo.NONE);
        try (VolumeReader r = new OmeTiffFormat().open(p)) {
            assertNull(r.info().jobId());
            assertEquals(FileInfo.NONE, r.info());
            assertArrayEquals(v.data(), r.readSlab(0, 2).data());
        }
    }

    @Test
    void aJobIdWithMarkupIsEscaped() {
        Volume v = random(DataType.UINT8, 2, 3, 4);
        String id = "a<b>&\"c'\td";
        Path p = write(new OmeTiffFormat(), dir.resolve("markup.ome.tif"), v, INFO.withJobId(id));
        try (VolumeReader r = new OmeTiffFormat().open(p)) {
            assertEquals(id, r.info().jobId());
        }
    }
}
