package org.zarrrelay.ome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

class DownsamplingTest {

    private static Volume of(DataType t, int[] shape, double... values) {
        Volume v = Volume.allocate(t, shape);
        for (int i = 0; i < values.length; i++) {
            v.setDouble(i, values[i]);
        }
        return v;
    }

    @Test
    void meanTruncatesIntegersAndAveragesOnlyExistingVoxelsAtTheEdge() {
        // 1 x 1 x 5 row, factor 2: blocks {1,2} {3,4} {9}
        Volume in = of(DataType.UINT16, new int[] {1, 1, 5}, 1, 2, 3, 4, 9);
        Volume out = Downsampling.MEAN.apply(in, new int[] {1, 1, 2});
        assertArrayEquals(new int[] {1, 1, 3}, out.shape());
        assertEquals(1, out.getLong(0), "1.5 truncates to 1");
        assertEquals(3, out.getLong(1), "3.5 truncates to 3");
        assertEquals(9, out.getLong(2), "the edge block holds one voxel, not 9/2");
    }

    @Test
    void meanOfNegativeIntegersTruncatesTowardZero() {
        Volume out = Downsampling.MEAN.apply(of(DataType.INT16, new int[] {1, 2}, -1, -2), new int[] {1, 2});
        assertEquals(-1, out.getLong(0), "-1.5 truncates to -1, as numpy's astype does");
    }

    @Test
    void meanKeepsFloats() {
        Volume out = Downsampling.MEAN.apply(of(DataType.FLOAT32, new int[] {2, 2}, 1, 2, 3, 5), new int[] {2, 2});
        assertEquals(2.75, out.getDouble(0), 1e-6);
    }

    @Test
    void modeTakesTheMostFrequentValueAndTheSmallestOnATie() {
        Volume in = of(DataType.UINT32, new int[] {2, 4}, 7, 7, 5, 9, 3, 7, 9, 5);
        Volume out = Downsampling.MODE.apply(in, new int[] {2, 2});
        assertEquals(7, out.getLong(0), "7 appears three times");
        assertEquals(5, out.getLong(1), "5 and 9 twice each: the smaller wins");
    }

    @Test
    void nearestTakesEachBlocksFirstVoxel() {
        Volume in = of(DataType.UINT8, new int[] {3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Volume out = Downsampling.NEAREST.apply(in, new int[] {2, 2});
        assertArrayEquals(new int[] {2, 2}, out.shape());
        assertEquals(1, out.getLong(0));
        assertEquals(3, out.getLong(1));
        assertEquals(7, out.getLong(2));
        assertEquals(9, out.getLong(3));
    }

    @Test
    void declaredMethodsWeReproduce() {
        assertEquals(Downsampling.MEAN, Downsampling.fromDeclared("local_mean"));
        assertEquals(Downsampling.NEAREST, Downsampling.fromDeclared("nearest"));
        assertEquals(null, Downsampling.fromDeclared("gaussian"));
    }
}
