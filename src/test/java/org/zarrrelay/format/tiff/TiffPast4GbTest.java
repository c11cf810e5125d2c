package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;

/**
 * Returns larger than 4 GiB, as sparse files so nothing near that size is written: ImageJ's own
 * large stacks (a classic TIFF with one directory, {@code images=N} in the description, the planes
 * contiguous from a strip offset below 4 GiB and running past it) and BigTIFFs whose directories
 * and strips lie past 4 GiB.
 */
class TiffPast4GbTest {
    private static final long FOUR_GIB = 1L << 32;
    /** 1024 x 1024 uint8 planes: 1 MiB each. */
    private static final int SIDE = 1024;
    private static final long PLANE = (long) SIDE * SIDE;

    @TempDir
    Path dir;

    private static byte[] pattern(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** ImageJ's large-stack layout: one directory at byte 8, the planes from {@code dataAt} on. */
    private SparseTiff imageJStack(Path file, int images, long dataAt, long length) throws IOException {
        IfdWriter ifd = HostileTiff.plane(SIDE, SIDE, dataAt, PLANE)
                .ascii(TiffTags.IMAGE_DESCRIPTION, "ImageJ=1.54p\nimages=" + images + "\nslices=" + images
                        + "\nunit=micron\nspacing=2.5\nloop=false\n");
        return SparseTiff.create(file, length).classicHeader(8).directory(8, ifd, 0);
    }

    @Test
    void anImageJStackWhosePlanesRunPast4GiB() throws IOException {
        int images = 4200;
        long dataAt = 512;
        int past = 4100;
        assertTrue(dataAt + past * PLANE > FOUR_GIB, "the planted plane lies past 4 GiB");
        Path file = dir.resolve("imagej-large.tif");
        try (SparseTiff t = imageJStack(file, images, dataAt, dataAt + images * PLANE)) {
            t.put(dataAt, pattern(3, (int) PLANE)).put(dataAt + past * PLANE, pattern(7, (int) PLANE));
        }
        try (VolumeReader r = new TiffFormat().open(file)) {
            assertArrayEquals(new long[] {images, SIDE, SIDE}, r.shape());
            assertArrayEquals(pattern(3, (int) PLANE), r.readSlab(0, 1).data());
            assertArrayEquals(pattern(7, (int) PLANE), r.readSlab(past, 1).data(), "plane " + past + ", past 4 GiB");
            assertArrayEquals(new byte[(int) PLANE], r.readSlab(images - 1, 1).data(), "the last plane, never written");
            assertEquals("micrometer", r.info().unit());
        }
    }

    @Test
    void anImageJStackPast4GiBThatIsCutShortIsRefused() throws IOException {
        int images = 4200;
        long dataAt = 512;
        Path file = dir.resolve("imagej-cut.tif");
        imageJStack(file, images, dataAt, dataAt + images * PLANE - 1).close();
        RelayException e = assertThrows(RelayException.class, () -> new TiffFormat().open(file).close());
        assertTrue(e.getMessage().contains("its ImageJ description says images=4200, planes of 1048576 bytes from byte 512,"
                + " but the file (" + (dataAt + images * PLANE - 1) + " bytes) has room for only 4199 of them"), e.getMessage());
    }

    @Test
    void aBigTiffWithADirectoryAndAStripPast4GiB() throws IOException {
        int side = 64;
        long plane = 2L * side * side;
        IfdWriter first = bigPlane(side, 16 + 400, plane);
        long secondStrip = FOUR_GIB + 123_456_790L;
        long second = secondStrip + plane + 1000;
        IfdWriter last = bigPlane(side, secondStrip, plane);
        Path file = dir.resolve("big.tif");
        try (SparseTiff t = SparseTiff.create(file, second + last.size())) {
            t.bigHeader(16).directory(16, first, second).directory(second, last, 0)
                    .put(16 + 400, pattern(1, (int) plane)).put(secondStrip, pattern(2, (int) plane));
        }
        try (VolumeReader r = new TiffFormat().open(file)) {
            assertArrayEquals(new long[] {2, side, side}, r.shape());
            assertArrayEquals(pattern(1, (int) plane), r.readSlab(0, 1).data());
            assertArrayEquals(pattern(2, (int) plane), r.readSlab(1, 1).data(), "the plane past 4 GiB");
        }
        try (TiffPages pages = TiffPages.open(file)) {
            assertTrue(pages.bigTiff());
            assertEquals(1, pages.directoryOf(1));
        }
    }

    private static IfdWriter bigPlane(int side, long stripAt, long stripBytes) {
        return new IfdWriter(true)
                .longValue(TiffTags.IMAGE_WIDTH, side)
                .longValue(TiffTags.IMAGE_LENGTH, side)
                .shortValue(TiffTags.BITS_PER_SAMPLE, 16)
                .shortValue(TiffTags.PHOTOMETRIC, 1)
                .offsets(TiffTags.STRIP_OFFSETS, stripAt)
                .longValue(TiffTags.ROWS_PER_STRIP, side)
                .offsets(TiffTags.STRIP_BYTE_COUNTS, stripBytes);
    }
}
