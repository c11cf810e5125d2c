package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyDtypeComesBackBitIdentical(DataType dtype) {
        Volume v = NpyTestData.pattern(dtype, 6, 7, 9);
        Path file = dir.resolve(dtype.numpyName() + ".npy");
        NpyWriter.write(file, v);
        Volume back = NpyReader.read(file);
        assertTrue(back.contentEquals(v), dtype.numpyName());
    }

    @Test
    void everyRankIncludingScalarsAndEmptyArrays() {
        for (int[] shape : new int[][] {{}, {11}, {3, 5}, {2, 3, 4, 5}, {0, 4}, {4, 0, 2}}) {
            Volume v = NpyTestData.pattern(DataType.INT32, shape);
            Path file = dir.resolve("a.npy");
            NpyWriter.write(file, v);
            Volume back = NpyReader.read(file);
            assertArrayEquals(shape, back.shape());
            assertTrue(back.contentEquals(v));
        }
    }

    @Test
    void bigEndianFilesAreConvertedToLittleEndian() throws IOException {
        Volume v = NpyTestData.pattern(DataType.FLOAT64, 3, 4);
        NpyHeader big = new NpyHeader(DataType.FLOAT64, new long[] {3, 4}, false, true, 0);
        byte[] data = v.data().clone();
        NpyReader.swapBytes(data, DataType.FLOAT64);
        Path file = dir.resolve("big.npy");
        Files.write(file, concat(big.toBytes(), data));
        Volume back = NpyReader.read(file);
        assertTrue(back.contentEquals(v));
        assertEquals(-11 / 4.0, back.getDouble(0));
    }

    @Test
    void overwritesAnExistingFileAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("out.npy");
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT8, 100));
        Volume second = NpyTestData.pattern(DataType.UINT16, 2, 2);
        NpyWriter.write(file, second);
        assertTrue(NpyReader.read(file).contentEquals(second));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
