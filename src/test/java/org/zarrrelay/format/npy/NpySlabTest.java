package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Writing and reading slab by slab along axis 0, so big regions never sit in memory whole. */
class NpySlabTest {
    private static final int[] SHAPE = {10, 6, 7};

    @TempDir
    Path dir;

    private final Volume whole = NpyTestData.pattern(DataType.UINT16, SHAPE);

    @Test
    void slabsWrittenInOrderMakeTheSameFileAsOneWrite() throws IOException {
        Path once = dir.resolve("once.npy");
        NpyWriter.write(once, whole);
        Path slabs = dir.resolve("slabs.npy");
        try (NpyWriter w = NpyWriter.open(slabs, DataType.UINT16, new long[] {10, 6, 7})) {
            w.writeSlab(slab(0, 3));
            w.writeSlab(slab(3, 0));
            w.writeSlab(slab(3, 1));
            w.writeSlab(slab(4, 6));
            assertFalse(Files.exists(slabs), "nothing is visible before commit");
            w.commit();
        }
        assertArrayEquals(Files.readAllBytes(once), Files.readAllBytes(slabs));
        assertEquals(List.of(once, slabs), listDir());
    }

    @Test
    void readSlabReturnsThoseRowsWithAllOtherAxes() {
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, whole);
        try (NpyReader r = NpyReader.open(file)) {
            assertEquals(NpyHeader.of(DataType.UINT16, 10, 6, 7), r.header());
            for (int[] range : new int[][] {{0, 10}, {0, 1}, {4, 3}, {9, 1}, {10, 0}}) {
                Volume got = r.readSlab(range[0], range[1]);
                assertArrayEquals(new int[] {range[1], 6, 7}, got.shape());
                assertTrue(got.contentEquals(slab(range[0], range[1])), range[0] + "+" + range[1]);
            }
        }
    }

    @Test
    void bigEndianSlabsAreConverted() {
        Path file = NpyTestData.fixture("uint16_be.npy");
        try (NpyReader r = NpyReader.open(file)) {
            assertTrue(r.header().bigEndian());
            Volume rows = r.readSlab(1, 2);
            Volume expected = Volume.allocate(DataType.UINT16, 2, 4, 5);
            BoxCopy.copy(NpyTestData.pattern(DataType.UINT16, 3, 4, 5), new int[] {1, 0, 0}, expected, new int[3],
                    new int[] {2, 4, 5});
            assertTrue(rows.contentEquals(expected));
        }
    }

    @Test
    void closingWithoutCommitDeletesTheTempFile() throws IOException {
        Path file = dir.resolve("abandoned.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {10, 6, 7})) {
            w.writeSlab(slab(0, 5));
            assertEquals(1, listDir().size(), "the temp file exists while writing");
        }
        assertEquals(List.of(), listDir());
    }

    @Test
    void closingWithoutCommitKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("kept.npy");
        NpyWriter.write(file, whole);
        byte[] before = Files.readAllBytes(file);
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {10, 6, 7})) {
            w.writeSlab(slab(0, 5));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void commitRefusesAnIncompleteFile() throws IOException {
        Path file = dir.resolve("short.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {10, 6, 7})) {
            w.writeSlab(slab(0, 4));
            IllegalStateException e = assertThrows(IllegalStateException.class, w::commit);
            assertEquals("cannot commit " + file.toAbsolutePath() + ": only 4 of its 10 rows along axis 0 were written",
                    e.getMessage());
        }
        assertEquals(List.of(), listDir());
    }

    @Test
    void slabsThatDoNotFitAreRefused() {
        Path file = dir.resolve("misfit.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {10, 6, 7})) {
            IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                    () -> w.writeSlab(Volume.allocate(DataType.UINT16, 2, 6, 8)));
            assertTrue(wrongShape.getMessage().startsWith("a uint16 slab of shape [2, 6, 8] does not fit "),
                    wrongShape.getMessage());
            assertTrue(wrongShape.getMessage().endsWith("(uint16 (10, 6, 7)) after 0 of its 10 rows along axis 0"),
                    wrongShape.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.writeSlab(Volume.allocate(DataType.INT16, 2, 6, 7)));
            assertThrows(IllegalArgumentException.class, () -> w.writeSlab(Volume.allocate(DataType.UINT16, 6, 7)));
            w.writeSlab(slab(0, 8));
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> w.writeSlab(slab(0, 3)));
            assertTrue(tooMany.getMessage().contains("after 8 of its 10 rows"), tooMany.getMessage());
            w.writeSlab(slab(8, 2));
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.writeSlab(slab(0, 1)));
        }
        assertTrue(NpyReader.read(file).contentEquals(whole));
    }

    @Test
    void slabRangesOutsideTheArrayAreRefused() {
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, whole);
        try (NpyReader r = NpyReader.open(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readSlab(8, 3));
            assertEquals("slab 8:11 is outside axis 0 of " + file + ", which has length 10", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.readSlab(-1, 1));
        }
        Path scalar = dir.resolve("s.npy");
        NpyWriter.write(scalar, NpyTestData.pattern(DataType.FLOAT32));
        try (NpyReader r = NpyReader.open(scalar)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readSlab(0, 1));
            assertTrue(e.getMessage().contains("holds a single value (shape ()), which has no slabs"), e.getMessage());
        }
    }

    private Volume slab(int start, int count) {
        Volume s = Volume.allocate(DataType.UINT16, count, SHAPE[1], SHAPE[2]);
        BoxCopy.copy(whole, new int[] {start, 0, 0}, s, new int[3], new int[] {count, SHAPE[1], SHAPE[2]});
        return s;
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
