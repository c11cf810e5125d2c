package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;

class RegionTest {
    private static final long[] SHAPE = {100, 200, 300};

    @Test
    void parsesStartStopPerAxis() {
        Region r = Region.parse("40:50, 0:200,5:6", SHAPE);
        assertArrayEquals(new long[] {40, 0, 5}, r.offset());
        assertArrayEquals(new int[] {10, 200, 1}, r.shape());
        assertEquals("40:50,0:200,5:6", r.toString());
    }

    @Test
    void openEndsAndWholeAxes() {
        Region r = Region.parse(":10,:,290:", SHAPE);
        assertArrayEquals(new long[] {0, 0, 290}, r.offset());
        assertArrayEquals(new int[] {10, 200, 10}, r.shape());
    }

    @Test
    void aPlainIndexSelectsOneAndIsSqueezed() {
        Region r = Region.parse("3,10:20,0:5", SHAPE);
        assertArrayEquals(new int[] {1, 10, 5}, r.shape());
        assertArrayEquals(new int[] {10, 5}, r.squeezedShape());
        assertEquals("3,10:20,0:5", r.toString());
    }

    @Test
    void wrongRankSaysHowManyAxes() {
        RelayException e = assertThrows(RelayException.class, () -> Region.parse("0:1,0:1", SHAPE));
        assertTrue(e.getMessage().contains("has 2 axes but the array has 3"), e.getMessage());
    }

    @Test
    void outOfBoundsNamesTheAxisAndTheLimit() {
        RelayException e = assertThrows(RelayException.class, () -> Region.parse("0:10,190:201,0:1", SHAPE));
        assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("0:200"), e.getMessage());
    }

    @Test
    void emptyAndReversedRangesAreRefused() {
        assertThrows(RelayException.class, () -> Region.parse("5:5,0:1,0:1", SHAPE));
        assertThrows(RelayException.class, () -> Region.parse("6:5,0:1,0:1", SHAPE));
        assertThrows(RelayException.class, () -> Region.parse("", SHAPE));
    }

    @Test
    void garbageIsRefusedWithAnExample() {
        RelayException e = assertThrows(RelayException.class, () -> Region.parse("a:b,0:1,0:1", SHAPE));
        assertTrue(e.getMessage().contains("axis 0") && e.getMessage().contains("0:100"), e.getMessage());
    }
}
