package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxCopyTest {

    private static Volume numbered(DataType t, int... shape) {
        Volume v = Volume.allocate(t, shape);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, i * 7L + 3);
        }
        return v;
    }

    @Test
    void copiesABoxElementByElementAsANaiveLoopWould() {
        Random rnd = new Random(1);
        for (DataType t : new DataType[] {DataType.UINT8, DataType.UINT16, DataType.FLOAT64}) {
            Volume src = numbered(t, 7, 9, 11);
            for (int trial = 0; trial < 50; trial++) {
                int[] size = {1 + rnd.nextInt(7), 1 + rnd.nextInt(9), 1 + rnd.nextInt(11)};
                int[] s0 = {rnd.nextInt(8 - size[0]), rnd.nextInt(10 - size[1]), rnd.nextInt(12 - size[2])};
                Volume dst = Volume.allocate(t, 8, 10, 12);
                int[] d0 = {rnd.nextInt(9 - size[0]), rnd.nextInt(11 - size[1]), rnd.nextInt(13 - size[2])};
                BoxCopy.copy(src, s0, dst, d0, size);
                for (int z = 0; z < 8; z++) {
                    for (int y = 0; y < 10; y++) {
                        for (int x = 0; x < 12; x++) {
                            boolean inside = z >= d0[0] && z < d0[0] + size[0] && y >= d0[1] && y < d0[1] + size[1]
                                    && x >= d0[2] && x < d0[2] + size[2];
                            double expected = inside
                                    ? src.getDouble(src.index(z - d0[0] + s0[0], y - d0[1] + s0[1], x - d0[2] + s0[2])) : 0;
                            assertEquals(expected, dst.getDouble(dst.index(z, y, x)), "at " + z + "," + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fillSetsOnlyTheBox() {
        Volume v = Volume.allocate(DataType.INT16, 4, 5, 6);
        Volume one = Volume.allocate(DataType.INT16, 1);
        one.setLong(0, -2);
        BoxCopy.fill(v, new int[] {1, 2, 3}, new int[] {2, 2, 3}, one.data());
        int set = 0;
        for (int i = 0; i < v.elementCount(); i++) {
            if (v.getLong(i) == -2) {
                set++;
            }
        }
        assertEquals(12, set);
        assertEquals(-2, v.getLong(v.index(2, 3, 5)));
        assertEquals(0, v.getLong(v.index(0, 3, 5)));
    }

    @Test
    void refusesABoxThatDoesNotFit() {
        Volume a = Volume.allocate(DataType.UINT8, 4, 4);
        Volume b = Volume.allocate(DataType.UINT8, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoxCopy.copy(a, new int[] {0, 0}, b, new int[] {1, 1}, new int[] {2, 2}));
        assertEquals(true, e.getMessage().contains("does not fit"));
    }
}
