package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawVolumeFileTest {
    @TempDir
    Path dir;

    @Test
    void boxesWrittenInAnyOrderReadBackAsTheVolume() {
        Volume whole = Volume.allocate(DataType.INT16, 5, 7, 9);
        new Random(3).ints(whole.elementCount()).forEach(new java.util.function.IntConsumer() {
            int i;

            public void accept(int v) {
                whole.setLong(i++, (short) v);
            }
        });
        Path path;
        try (RawVolumeFile f = RawVolumeFile.create(dir, "v", DataType.INT16, new long[] {5, 7, 9})) {
            path = f.path();
            assertTrue(path.getFileName().toString().startsWith(".v."), path.toString());
            assertFalse(Files.exists(path), "on Linux the file has no name while open: a killed process leaves none");
            // boxes of 2 x 3 x 4 (clipped), the last ones first
            for (int z = 4; z >= 0; z -= 2) {
                for (int y = 6; y >= 0; y -= 3) {
                    for (int x = 0; x < 9; x += 4) {
                        int[] at = {Math.max(0, z - 1), Math.max(0, y - 2), x};
                        int[] size = {z - at[0] + 1, y - at[1] + 1, Math.min(4, 9 - x)};
                        Volume box = Volume.allocate(DataType.INT16, size);
                        BoxCopy.copy(whole, at, box, new int[3], size);
                        f.write(new long[] {at[0], at[1], at[2]}, box);
                    }
                }
            }
            assertArrayEquals(whole.data(), f.read(new long[3], new int[] {5, 7, 9}).data());
            Volume part = Volume.allocate(DataType.INT16, 3, 2, 5);
            BoxCopy.copy(whole, new int[] {1, 4, 2}, part, new int[3], part.shape());
            assertArrayEquals(part.data(), f.read(new long[] {1, 4, 2}, new int[] {3, 2, 5}).data());
            assertThrows(IllegalArgumentException.class, () -> f.read(new long[] {4, 0, 0}, new int[] {2, 1, 1}));
        }
        assertFalse(Files.exists(path));
    }
}
