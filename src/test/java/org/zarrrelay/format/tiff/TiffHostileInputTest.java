package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;

/**
 * Small crafted or damaged TIFFs are refused with a message naming the file and what is wrong,
 * quickly and without a large allocation: never an Error, never another exception, never a hang.
 * Before, a 5 KB file whose directory chain pointed to itself ran the relay out of memory.
 */
class TiffHostileInputTest {
    /** A 4 x 4 uint8 plane at byte 8, its directory right after it. */
    private static final int DATA = 8;
    private static final int PLANE = 16;
    private static final int IFD = DATA + PLANE;
    private static final int IFD_BYTES = HostileTiff.plane(4, 4, DATA, PLANE).size();

    @TempDir
    Path dir;

    @Test
    void aDirectoryThatPointsToItself() throws IOException {
        Path file = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, DATA, PLANE), IFD)
                .write(dir.resolve("self-loop.tif"));
        assertRefused(file, "is damaged: its image directory chain loops: directory 1 points back to byte 24,"
                + " where directory 1 starts; save the image again from the tool that made it");
    }

    @Test
    void twoDirectoriesThatPointToEachOther() throws IOException {
        long second = IFD + IFD_BYTES;
        Path file = HostileTiff.of((int) second + IFD_BYTES, IFD)
                .directory(IFD, HostileTiff.plane(4, 4, DATA, PLANE), second)
                .directory(second, HostileTiff.plane(4, 4, DATA, PLANE), IFD)
                .write(dir.resolve("two-cycle.tif"));
        assertRefused(file, "its image directory chain loops: directory 2 points back to byte 24, where directory 1 starts");
    }

    @Test
    void aDirectoryClaimingMoreEntriesThanTheFileHolds() throws IOException {
        Path file = HostileTiff.of(100, 8).putShort(8, 65535).write(dir.resolve("65535-entries.tif"));
        assertRefused(file, "is damaged: its image directory 1 (65535 entries) at byte 8 (786426 bytes) reaches past"
                + " the end of the file (100 bytes)");
    }

    @Test
    void aDirectoryPastTheEndOfTheFile() throws IOException {
        Path first = HostileTiff.of(100, 5000).write(dir.resolve("first-past-end.tif"));
        assertRefused(first, "its image directory 1 is said to start at byte 5000, past the end of the file (100 bytes)");
        Path second = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, DATA, PLANE), 1L << 31)
                .write(dir.resolve("second-past-end.tif"));
        assertRefused(second, "its image directory 2 is said to start at byte 2147483648, past the end of the file (138 bytes)");
        Path inHeader = HostileTiff.of(100, 3).write(dir.resolve("in-header.tif"));
        assertRefused(inHeader, "its image directory 1 is said to start at byte 3, inside the 8-byte TIFF header");
    }

    @Test
    void aValuePastTheEndOfTheFile() throws IOException {
        IfdWriter ifd = HostileTiff.plane(4, 4, DATA, PLANE).ascii(TiffTags.IMAGE_DESCRIPTION, "a description that is"
                + " too long to sit inside its entry");
        HostileTiff tiff = HostileTiff.of(IFD + ifd.size(), IFD).directory(IFD, ifd, 0);
        Path file = tiff.putInt(tiff.valueFieldOf(IFD, TiffTags.IMAGE_DESCRIPTION), 1_000_000)
                .write(dir.resolve("value-past-end.tif"));
        assertRefused(file, "is damaged: the value of tag 270 in image directory 1 at byte 1000000 (");
        assertRefused(file, "bytes) reaches past the end of the file (" + Files.size(file) + " bytes)");
    }

    @Test
    void stripsPastTheEndOfTheFile() throws IOException {
        Path file = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, 5000, PLANE), 0)
                .write(dir.resolve("strip-past-end.tif"));
        assertRefused(file, "is damaged: strip 1 of image directory 1 at byte 5000 (16 bytes) reaches past the end of"
                + " the file (138 bytes)");
        Path big = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(30000, 30000, DATA, 900_000_000L), 0)
                .write(dir.resolve("plane-larger-than-file.tif"));
        assertRefused(big, "strip 1 of image directory 1 at byte 8 (900000000 bytes) reaches past the end of the file");
    }

    @Test
    void stripCountsThatLie() throws IOException {
        Path shortCounts = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, DATA, 10), 0)
                .write(dir.resolve("short-strips.tif"));
        assertRefused(shortCounts, "is damaged: the strips of image directory 1 hold 10 of the 16 bytes of a 4 x 4 uint8 plane");
        IfdWriter deflated = HostileTiff.plane(4, 4, DATA, 4_000_000_000L, 8);
        Path compressed = HostileTiff.of(IFD + deflated.size(), IFD).directory(IFD, deflated, 0)
                .write(dir.resolve("long-compressed-strip.tif"));
        assertRefused(compressed, "strip 1 of image directory 1 at byte 8 (4000000000 bytes) reaches past the end of the file");
    }

    @Test
    void anImageJDescriptionClaimingTwoBillionImages() throws IOException {
        IfdWriter ifd = HostileTiff.plane(4, 4, DATA, PLANE)
                .ascii(TiffTags.IMAGE_DESCRIPTION, "ImageJ=1.54p\nimages=2000000000\nslices=2000000000\nloop=false\n");
        Path file = HostileTiff.of(IFD + ifd.size(), IFD).directory(IFD, ifd, 0).write(dir.resolve("two-billion.tif"));
        assertRefused(file, "is damaged: its ImageJ description says images=2000000000, planes of 16 bytes from byte 8,"
                + " but the file (" + (IFD + ifd.size()) + " bytes) has room for only ");
    }

    @Test
    void planesLargerThanAnInt() throws IOException {
        Path file = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(65536, 65536, DATA, PLANE), 0)
                .write(dir.resolve("4-gigapixel.tif"));
        assertRefused(file, "has planes of 65536 x 65536 uint8 pixels, 4294967296 bytes each, more than zarr-relay holds"
                + " in memory at once (2 GiB)");
        IfdWriter deflated = HostileTiff.plane(40000, 40000, DATA, PLANE, 8);
        Path compressed = HostileTiff.of(IFD + deflated.size(), IFD).directory(IFD, deflated, 0)
                .write(dir.resolve("compressed-giant.tif"));
        assertRefused(compressed, "its compressed image directory 1 claims a plane of 40000 x 40000 uint8 pixels"
                + " (1600000000 bytes), more than 2048 times the whole file");
    }

    @Test
    void zeroOrMissingDimensions() throws IOException {
        Path zero = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(0, 4, DATA, PLANE), 0)
                .write(dir.resolve("zero-width.tif"));
        assertRefused(zero, "is damaged: its image directory 1 gives the image a width of 0 pixels");
        Path huge = HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 0xFFFF_FFFFL, DATA, PLANE), 0)
                .write(dir.resolve("huge-height.tif"));
        assertRefused(huge, "its image directory 1 gives the image a height of 4294967295 pixels");
        Path none = HostileTiff.of(100, 8).putShort(8, 0).write(dir.resolve("no-entries.tif"));
        assertRefused(none, "its image directory 1 gives the image a width of 0 pixels (the tag is missing)");
    }

    @Test
    void directoriesThatShareOneLargeValue() throws IOException {
        // every directory points its strip tables at the same 4000 bytes: each is valid, together they
        // would be read again and again; sound files never share them
        int strips = 1000;
        int table = 8;
        int first = table + 4 * strips;
        int entries = 2 + 12 * 5 + 4;
        int directories = 20;
        HostileTiff tiff = HostileTiff.of(first + directories * entries, first);
        for (int s = 0; s < strips; s++) {
            tiff.putInt(table + 4L * s, table);
        }
        for (int d = 0; d < directories; d++) {
            long at = first + (long) d * entries;
            IfdWriter ifd = new IfdWriter().longValue(TiffTags.IMAGE_WIDTH, 4).longValue(TiffTags.IMAGE_LENGTH, 4)
                    .shortValue(TiffTags.BITS_PER_SAMPLE, 8).longs(TiffTags.STRIP_OFFSETS, new long[strips])
                    .longs(TiffTags.STRIP_BYTE_COUNTS, new long[strips]);
            byte[] head = java.util.Arrays.copyOf(ifd.toBytes(at, d + 1 < directories ? at + entries : 0), entries);
            tiff.put(at, head);
            tiff.putInt(tiff.valueFieldOf(at, TiffTags.STRIP_OFFSETS), table);
            tiff.putInt(tiff.valueFieldOf(at, TiffTags.STRIP_BYTE_COUNTS), table);
        }
        Path file = tiff.write(dir.resolve("shared-values.tif"));
        assertRefused(file, "is damaged: its image directories and the values they point to add up to more than");
    }

    @Test
    void anEmptyFile() throws IOException {
        Path file = Files.write(dir.resolve("empty.tif"), new byte[0]);
        assertRefused(file, "is empty (0 bytes)");
    }

    @Test
    void brokenImageJMetadataCostsOnlyTheJobId() throws IOException {
        byte[] block = {'I', 'J', 'I', 'J', 'o', 'f', 'n', 'i', 1, 0, 0, 0, 'x', 0, 'y', 0};
        IfdWriter ifd = HostileTiff.plane(4, 4, DATA, PLANE)
                .longs(TiffTags.IJ_METADATA_BYTE_COUNTS, 1_000_000_000L, 4)
                .bytes(TiffTags.IJ_METADATA, block);
        byte[] plane = new byte[PLANE];
        for (int i = 0; i < PLANE; i++) {
            plane[i] = (byte) i;
        }
        Path file = HostileTiff.of(IFD + ifd.size(), IFD).put(DATA, plane).directory(IFD, ifd, 0)
                .write(dir.resolve("broken-ij-metadata.tif"));
        try (VolumeReader r = new TiffFormat().open(file)) {
            assertNull(r.info().jobId());
            assertArrayEquals(plane, r.readSlab(0, 4).data());
        }
    }

    /** Opening, and reading everything when opening succeeds, fails with a RelayException naming the file. */
    private static void assertRefused(Path file, String expected) {
        RelayException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(RelayException.class, () -> {
            try (VolumeReader r = new TiffFormat().open(file)) {
                r.readSlab(0, r.shape().length == 2 ? 1 : (int) r.shape()[0]);
            }
        }));
        assertTrue(e.getMessage().startsWith("TIFF file " + file + " "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
