package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * BigTIFF's 8-byte counts and offsets can claim far more than a classic TIFF's: crafted or damaged
 * BigTIFFs are refused with the reason before anything is allocated (this class also runs in a
 * 32 MB heap), and never overflow a size computation.
 */
class BigTiffHostileInputTest {
    /** A 4 x 4 uint8 plane at byte 16 with its directory right after it. */
    private static final int DATA = 16;
    private static final int PLANE = 16;
    private static final int IFD = DATA + PLANE;
    private static final int IFD_BYTES = HostileTiff.bigPlane(4, 4, DATA, PLANE).size();

    @TempDir
    Path dir;

    @Test
    void aSoundSmallBigTiffReads() throws IOException {
        byte[] plane = new byte[PLANE];
        for (int i = 0; i < PLANE; i++) {
            plane[i] = (byte) (i + 1);
        }
        Path file = HostileTiff.bigOf(IFD + IFD_BYTES, IFD).put(DATA, plane)
                .directory(IFD, HostileTiff.bigPlane(4, 4, DATA, PLANE), 0).write(dir.resolve("sound.tif"));
        try (VolumeReader r = new TiffFormat().open(file)) {
            assertArrayEquals(plane, r.readSlab(0, 4).data(), "its 4 rows");
        }
    }

    @Test
    void headersThatAreNotBigTiffs() throws IOException {
        byte[] shortHeader = {'I', 'I', 43, 0, 8, 0, 0, 0, 0, 0, 0, 0};
        Path tooShort = Files.write(dir.resolve("short.tif"), shortHeader);
        assertRefused(tooShort, "is damaged: it starts as a BigTIFF but holds only 12 bytes, less than a BigTIFF header (16)");
        Path offsets4 = HostileTiff.bigOf(100, 16).putShort(4, 4).write(dir.resolve("offsets4.tif"));
        assertRefused(offsets4, "its BigTIFF header gives offsets of 4 bytes and a reserved word of 0, where BigTIFF has 8"
                + " and 0");
    }

    @Test
    void directoriesOutsideTheFile() throws IOException {
        Path inHeader = HostileTiff.bigOf(100, 10).write(dir.resolve("in-header.tif"));
        assertRefused(inHeader, "its image directory 1 is said to start at byte 10, inside the 16-byte BigTIFF header");
        Path past = HostileTiff.bigOf(100, -8).write(dir.resolve("past-2-63.tif"));
        assertRefused(past, "its image directory 1 is said to start at byte " + Long.MAX_VALUE + ", past the end of the file");
        Path loop = HostileTiff.bigOf(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.bigPlane(4, 4, DATA, PLANE), IFD)
                .write(dir.resolve("loop.tif"));
        assertRefused(loop, "its image directory chain loops: directory 1 points back to byte 32, where directory 1 starts");
    }

    @Test
    void countsNoFileHolds() throws IOException {
        Path entries = HostileTiff.bigOf(100, 16).putLong(16, 1L << 40).write(dir.resolve("entries.tif"));
        assertRefused(entries, "is damaged: its image directory 1 claims 1099511627776 entries at byte 16, more than the file"
                + " (100 bytes) holds");
        HostileTiff tiff = HostileTiff.bigOf(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.bigPlane(4, 4, DATA, PLANE), 0);
        // the count of the first entry (ImageWidth) follows its tag and type
        Path values = tiff.putLong(IFD + 8 + 4, 1L << 62).write(dir.resolve("values.tif"));
        assertRefused(values, "the value of tag 256 in image directory 1 (4611686018427387904 values of 4 bytes) is larger"
                + " than the file");
        Path strip = HostileTiff.bigOf(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.bigPlane(4, 4, 1L << 40, PLANE), 0)
                .write(dir.resolve("strip.tif"));
        assertRefused(strip, "strip 1 of image directory 1 at byte 1099511627776 (16 bytes) reaches past the end of the file");
    }

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
