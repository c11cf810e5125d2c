package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * An export whose file would pass the classic TIFF's 4 GiB is written as a BigTIFF rather than
 * refused (as it was before, with a hint to use npy). The limit is lowered here so a small file
 * takes the BigTIFF path; everything else about the stack (ImageJ description, Info, calibration)
 * is as in a classic file, and it reads back voxel for voxel.
 */
class TiffBigTiffWriteTest {
    @TempDir
    Path dir;

    private static final FileInfo INFO = new FileInfo("big-job", new double[] {2.0, 0.5, 0.25}, new double[] {1, 2, 3},
            "micrometer");

    private static Volume random(DataType t, int... shape) {
        Volume v = Volume.allocate(t, shape);
        Random rnd = new Random(t.ordinal());
        for (int i = 0; i < v.elementCount(); i++) {
            v.setDouble(i, t == DataType.FLOAT32 ? rnd.nextGaussian() : rnd.nextInt(t == DataType.UINT8 ? 256 : 30000));
        }
        return v;
    }

    private static Path write(TiffFormat format, Path p, Volume v, FileInfo info) {
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = format.create(p, v.dtype(), shape, info)) {
            w.writeSlab(v);
            w.commit();
        }
        return p;
    }

    private static int magic(Path p) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p), 0, 4).order(ByteOrder.LITTLE_ENDIAN).getShort(2);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT8", "UINT16", "INT16", "FLOAT32"})
    void aFilePastTheLimitIsABigTiffThatReadsBack(DataType t) throws IOException {
        Volume v = random(t, 4, 5, 7);
        Path p = write(new TiffFormat(0), dir.resolve("big.tif"), v, INFO);
        assertEquals(43, magic(p), "BigTIFF's version number");
        try (VolumeReader r = new TiffFormat().open(p)) {
            assertEquals(t, r.dtype());
            assertArrayEquals(new long[] {4, 5, 7}, r.shape());
            assertArrayEquals(v.data(), r.readSlab(0, 4).data());
            assertArrayEquals(java.util.Arrays.copyOfRange(v.data(), 2 * 35 * t.size(), 3 * 35 * t.size()),
                    r.readSlab(2, 1).data(), "one plane from the middle");
            assertEquals("big-job", r.info().jobId());
            assertArrayEquals(new double[] {2.0, 0.5, 0.25}, r.info().voxelSize(), 1e-6);
            assertEquals("micrometer", r.info().unit());
        }
    }

    @Test
    void everyDirectoryOfABigTiffIsInTheChain() throws IOException {
        // break the ImageJ description so the reader walks the BigTIFF directory chain instead
        Volume v = random(DataType.UINT16, 3, 4, 6);
        Path p = write(new TiffFormat(0), dir.resolve("chain.tif"), v, FileInfo.NONE);
        byte[] bytes = Files.readAllBytes(p);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("images=3");
        bytes[at] = 'X';
        Files.write(p, bytes);
        try (TiffPages pages = TiffPages.open(p)) {
            assertTrue(pages.bigTiff());
            assertEquals(3, pages.pageCount(), "three directories walked");
            assertEquals(3, pages.directoryCount());
        }
        try (VolumeReader r = new TiffFormat().open(p)) {
            assertArrayEquals(v.data(), r.readSlab(0, 3).data());
        }
    }

    @Test
    void aFileUnderTheLimitStaysClassic() throws IOException {
        Volume v = random(DataType.UINT8, 2, 3, 4);
        Path p = write(new TiffFormat(), dir.resolve("classic.tif"), v, INFO);
        assertEquals(42, magic(p));
        long size = Files.size(p);
        Path atLimit = write(new TiffFormat(size), dir.resolve("at-limit.tif"), v, INFO);
        assertEquals(42, magic(atLimit), "a file of exactly the limit's size is still classic");
        Path over = write(new TiffFormat(size - 1), dir.resolve("over.tif"), v, INFO);
        assertEquals(43, magic(over), "one byte more than the limit is BigTIFF");
    }

    @Test
    void theLimitCanBeLoweredForACommandLineRun() {
        String before = System.getProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY);
        try {
            System.setProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY, "1000");
            assertEquals(1000, TiffWriter.classicLimit());
            System.setProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY, "4GB");
            RelayException e = assertThrows(RelayException.class, TiffWriter::classicLimit);
            assertTrue(e.getMessage().contains(TiffWriter.CLASSIC_LIMIT_PROPERTY + "=4GB is not a byte count"), e.getMessage());
            System.clearProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY);
            assertEquals(TiffWriter.CLASSIC_LIMIT, TiffWriter.classicLimit());
        } finally {
            if (before == null) {
                System.clearProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY);
            } else {
                System.setProperty(TiffWriter.CLASSIC_LIMIT_PROPERTY, before);
            }
        }
    }
}
