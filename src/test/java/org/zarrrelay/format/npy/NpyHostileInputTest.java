package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;

/**
 * Small crafted or damaged npy files are refused with a message naming the file and what is wrong,
 * quickly and before anything is allocated from the sizes they state. Before, a header of 200,000
 * nested brackets ended the relay's thread with a StackOverflowError.
 */
class NpyHostileInputTest {
    private static final String DICT = "{'descr': '<u2', 'fortran_order': False, 'shape': ";

    @TempDir
    Path dir;

    @Test
    void bracketsNested200000Deep() throws IOException {
        String shape = "(".repeat(200_000) + ")".repeat(200_000);
        Path file = Files.write(dir.resolve("nested.npy"), versionTwo(DICT + shape + "}"));
        assertRefused(file, " has a damaged npy header: brackets nest more than 32 deep at character "
                + (DICT.length() + 31) + " in {'descr'");
    }

    @Test
    void aHeaderLongerThanTheFile() throws IOException {
        ByteBuffer v1 = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        v1.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) 60_000);
        Path file = Files.write(dir.resolve("long-header.npy"), v1.array());
        assertRefused(file, " is truncated: its npy header should be 60000 bytes long but the file ends after 200 bytes");
        ByteBuffer v2 = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(-1);
        Path huge = Files.write(dir.resolve("huge-header.npy"), v2.array());
        assertRefused(huge, " claims an npy header of 4294967295 bytes, more than the 1048576 zarr-relay accepts");
    }

    @Test
    void aShapeOfAPetabyteInTwoHundredBytes() throws IOException {
        byte[] header = NpyHeaderTest.handMade(DICT + "(1000000, 1000000, 1000)}");
        Path file = Files.write(dir.resolve("petabyte.npy"), Arrays.copyOf(header, 200));
        assertRefused(file, " is truncated: its header describes uint16 (1000000, 1000000, 1000), 2000000000000000 bytes"
                + " of data after byte " + header.length + ", but the file has only 200 bytes");
        Path overflow = Files.write(dir.resolve("overflow.npy"),
                NpyHeaderTest.handMade(DICT + "(4294967296, 4294967296, 4294967296)}"));
        assertRefused(overflow, " has a damaged npy header: 'shape' [4294967296, 4294967296, 4294967296] has more elements"
                + " than fit in 64 bits");
    }

    @Test
    void tenBytesAfterTheData() throws IOException {
        Path file = dir.resolve("extra.npy");
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT16, 3, 4));
        Files.write(file, new byte[10], StandardOpenOption.APPEND);
        assertRefused(file, " has 10 bytes after the array data (its header describes uint16 (3, 4), 24 bytes of data"
                + " after byte 128, file size 162)");
    }

    @Test
    void dataOneByteShort() throws IOException {
        Path file = dir.resolve("short.npy");
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT16, 3, 4));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        assertRefused(file, " is truncated: its header describes uint16 (3, 4), 24 bytes of data after byte 128, but the"
                + " file has only 151 bytes");
    }

    @Test
    void anEmptyFile() throws IOException {
        Path file = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertRefused(file, " is empty (0 bytes)");
    }

    /** A version-2.0 header (32-bit length) around an arbitrary dict text. */
    private static byte[] versionTwo(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(12 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(text.length).put(text);
        return buf.array();
    }

    /** Opening, and reading everything when opening succeeds, fails with a RelayException naming the file. */
    private static void assertRefused(Path file, String expected) {
        RelayException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(RelayException.class, () -> {
            try (VolumeReader r = new NpyFormat().open(file)) {
                r.readSlab(0, (int) r.shape()[0]);
            }
        }));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
