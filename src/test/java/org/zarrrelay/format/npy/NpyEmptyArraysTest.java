package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Arrays of no axes or no elements, which numpy.save writes, read back as such rather than failing on a size of 0. */
class NpyEmptyArraysTest {
    @TempDir
    Path dir;

    @Test
    void aZeroDimensionalArrayIsOneValue() {
        Path file = dir.resolve("scalar.npy");
        Volume value = Volume.allocate(DataType.UINT16);
        value.setLong(0, 7);
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[0])) {
            w.writeSlab(value);
            w.commit();
        }
        Volume read = NpyReader.read(file);
        assertEquals(0, read.rank());
        assertEquals(7, read.getLong(0));
        try (VolumeReader r = new NpyFormat().open(file)) {
            assertArrayEquals(new long[0], r.shape());
        }
    }

    @Test
    void arraysWithAnAxisOfLengthZero() {
        for (long[] shape : new long[][] {{0, 3}, {3, 0}, {0}}) {
            Path file = dir.resolve("empty.npy");
            try (NpyWriter w = NpyWriter.open(file, DataType.FLOAT32, shape)) {
                if (shape[0] > 0) {
                    w.writeSlab(Volume.allocate(DataType.FLOAT32, (int) shape[0], (int) shape[1]));
                }
                w.commit();
            }
            try (VolumeReader r = new NpyFormat().open(file)) {
                assertArrayEquals(shape, r.shape());
                Volume slab = r.readSlab(0, (int) shape[0]);
                assertEquals(0, slab.data().length);
                assertEquals(shape.length, slab.rank());
            }
        }
    }
}
