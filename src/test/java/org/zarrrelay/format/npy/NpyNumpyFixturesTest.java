package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Files written by real numpy (tools/fixtures/make_npy.py), read by us, and ours compared with numpy's. */
class NpyNumpyFixturesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DataType.class)
    void readsNumpysFileOfEveryDtype(DataType dtype) {
        Volume v = NpyReader.read(NpyTestData.fixture(dtype.numpyName() + ".npy"));
        assertTrue(v.contentEquals(NpyTestData.pattern(dtype, 3, 4, 5)), dtype.numpyName());
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void writesTheSameBytesAsNumpySave(DataType dtype) throws IOException {
        Path ours = dir.resolve("ours.npy");
        NpyWriter.write(ours, NpyTestData.pattern(dtype, 3, 4, 5));
        assertArrayEquals(Files.readAllBytes(NpyTestData.fixture(dtype.numpyName() + ".npy")), Files.readAllBytes(ours));
    }

    @ParameterizedTest
    @CsvSource({"scalar_float64.npy, float64, ''", "vector_uint8.npy, uint8, 7", "empty_uint16.npy, uint16, 0 3"})
    void readsAndWritesOtherRanksLikeNumpy(String name, String dtype, String shapeText) throws IOException {
        int[] shape = shapeText.isBlank() ? new int[0]
                : java.util.Arrays.stream(shapeText.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        Volume expected = NpyTestData.pattern(DataType.fromNumpyName(dtype), shape);
        assertTrue(NpyReader.read(NpyTestData.fixture(name)).contentEquals(expected), name);
        Path ours = dir.resolve(name);
        NpyWriter.write(ours, expected);
        assertArrayEquals(Files.readAllBytes(NpyTestData.fixture(name)), Files.readAllBytes(ours), name);
    }

    @ParameterizedTest
    @CsvSource({"uint16_be.npy, uint16", "int32_be.npy, int32", "float32_be.npy, float32", "float64_be.npy, float64",
            "uint64_be.npy, uint64"})
    void readsBigEndianFiles(String name, String dtype) {
        try (NpyReader r = NpyReader.open(NpyTestData.fixture(name))) {
            assertTrue(r.header().bigEndian());
            assertEquals(">", r.header().descr().substring(0, 1));
            assertTrue(r.readAll().contentEquals(NpyTestData.pattern(DataType.fromNumpyName(dtype), 3, 4, 5)), name);
        }
    }

    @Test
    void readsFormatVersionsTwoAndThree() throws IOException {
        assertEquals(2, Files.readAllBytes(NpyTestData.fixture("v2_int16.npy"))[6]);
        assertTrue(NpyReader.read(NpyTestData.fixture("v2_int16.npy"))
                .contentEquals(NpyTestData.pattern(DataType.INT16, 2, 3, 4)));
        assertEquals(3, Files.readAllBytes(NpyTestData.fixture("v3_float32.npy"))[6]);
        assertTrue(NpyReader.read(NpyTestData.fixture("v3_float32.npy"))
                .contentEquals(NpyTestData.pattern(DataType.FLOAT32, 2, 3, 4)));
    }

    @Test
    void readsFortranOrderWhenItIsLaidOutAsCOrder() {
        try (NpyReader r = NpyReader.open(NpyTestData.fixture("fortran_row_int16.npy"))) {
            assertTrue(r.header().fortranOrder());
            assertTrue(r.readAll().contentEquals(NpyTestData.pattern(DataType.INT16, 1, 6)));
        }
    }
}
