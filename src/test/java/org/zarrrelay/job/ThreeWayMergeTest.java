package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** The voxel rules of the three-way merge, one case per voxel of a 1x2x4 box. */
class ThreeWayMergeTest {
    private static Volume of(DataType t, double... values) {
        Volume v = Volume.allocate(t, 1, 2, values.length / 2);
        for (int i = 0; i < values.length; i++) {
            v.setDouble(i, values[i]);
        }
        return v;
    }

    @Test
    void eachVoxelTakesWhoeverChangedItAndCollisionsAreConflicts() {
        //                                  untouched, result only, store only, both same, both differ, ...
        Volume base = of(DataType.UINT16, 1, 2, 3, 4, 5, 6, 7, 8);
        Volume current = of(DataType.UINT16, 1, 2, 30, 40, 50, 6, 7, 8);
        Volume result = of(DataType.UINT16, 1, 20, 3, 40, 51, 6, 7, 80);
        ThreeWayMerge.Tally tally = new ThreeWayMerge.Tally();
        byte[] mask = new byte[8];
        ThreeWayMerge.merge(result, base, current, new long[] {10, 20, 30}, tally, mask);
        assertArrayEquals(of(DataType.UINT16, 1, 20, 30, 40, 51, 6, 7, 80).data(), result.data(),
                "result where it changed, store where only it changed");
        assertEquals(1, tally.conflicts);
        assertEquals(1, tally.kept, "one voxel came from the store");
        assertArrayEquals(new long[] {10, 21, 30}, tally.lo(), "voxel 4 is at row 1, column 0 of the box");
        assertArrayEquals(new long[] {11, 22, 31}, tally.hi());
        assertArrayEquals(new byte[] {0, 0, 0, 0, (byte) 255, 0, 0, 0}, mask);
    }

    @Test
    void valuesAreComparedBitForBit() {
        Volume base = of(DataType.FLOAT32, Double.NaN, 0.0, 1, 1);
        Volume current = of(DataType.FLOAT32, Double.NaN, 0.0, 1, 1);
        Volume result = of(DataType.FLOAT32, Double.NaN, -0.0, 1, 1);
        ThreeWayMerge.Tally tally = new ThreeWayMerge.Tally();
        ThreeWayMerge.merge(result, base, current, new long[3], tally, null);
        assertEquals(0, tally.conflicts);
        assertEquals(0, tally.kept, "NaN equals itself; nothing came from the store");
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits((float) result.getDouble(1)),
                "-0.0 is a change the result made");
        assertNull(tally.lo());
    }
}
