package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;

class CastsTest {

    @Test
    void losslessWhenEveryValueFits() {
        assertTrue(Casts.isLossless(DataType.UINT8, DataType.UINT16));
        assertTrue(Casts.isLossless(DataType.UINT8, DataType.INT16));
        assertTrue(Casts.isLossless(DataType.UINT16, DataType.INT32));
        assertTrue(Casts.isLossless(DataType.INT16, DataType.FLOAT32));
        assertTrue(Casts.isLossless(DataType.UINT32, DataType.FLOAT64));
        assertTrue(Casts.isLossless(DataType.FLOAT32, DataType.FLOAT64));
        assertTrue(Casts.isLossless(DataType.BOOL, DataType.UINT8));
    }

    @Test
    void lossyWhenSomeValueDoesNot() {
        assertFalse(Casts.isLossless(DataType.UINT16, DataType.INT16), "40000 does not fit int16");
        assertFalse(Casts.isLossless(DataType.INT8, DataType.UINT8), "negative values");
        assertFalse(Casts.isLossless(DataType.INT32, DataType.FLOAT32), "2^24 + 1 is not a float32");
        assertFalse(Casts.isLossless(DataType.FLOAT32, DataType.UINT16));
        assertFalse(Casts.isLossless(DataType.FLOAT64, DataType.FLOAT32));
        assertFalse(Casts.isLossless(DataType.UINT8, DataType.BOOL));
    }

    private static Volume floats(double... v) {
        Volume f = Volume.allocate(DataType.FLOAT32, v.length);
        for (int i = 0; i < v.length; i++) {
            f.setDouble(i, v[i]);
        }
        return f;
    }

    @Test
    void clampTruncatesAndRoundRoundsBothWithinRange() {
        Volume in = floats(-3.7, 2.5, 3.5, 70000, Double.NaN, 12.9);
        Volume clamped = Casts.convert(in, DataType.UINT16, Casts.Mode.CLAMP);
        assertEquals(0, clamped.getLong(0));
        assertEquals(2, clamped.getLong(1));
        assertEquals(3, clamped.getLong(2));
        assertEquals(65535, clamped.getLong(3));
        assertEquals(0, clamped.getLong(4), "NaN becomes 0");
        assertEquals(12, clamped.getLong(5));
        Volume rounded = Casts.convert(in, DataType.UINT16, Casts.Mode.ROUND);
        assertEquals(2, rounded.getLong(1), "ties to even");
        assertEquals(4, rounded.getLong(2), "ties to even");
        assertEquals(13, rounded.getLong(5));
        Volume signed = Casts.convert(floats(-40000, -3.7), DataType.INT16, Casts.Mode.CLAMP);
        assertEquals(-32768, signed.getLong(0));
        assertEquals(-3, signed.getLong(1), "toward zero");
    }

    @Test
    void aLossyCastWithoutAModeIsRefused() {
        RelayException e = assertThrows(RelayException.class,
                () -> Casts.convert(floats(1), DataType.UINT8, Casts.Mode.LOSSLESS));
        assertTrue(e.getMessage().contains("clamp") && e.getMessage().contains("round"), e.getMessage());
    }

    @Test
    void losslessCastsKeepValues() {
        Volume u8 = Volume.allocate(DataType.UINT8, 3);
        u8.setLong(0, 255);
        u8.setLong(1, 0);
        u8.setLong(2, 128);
        Volume i16 = Casts.convert(u8, DataType.INT16, Casts.Mode.LOSSLESS);
        assertEquals(255, i16.getLong(0));
        assertEquals(128, i16.getLong(2));
        Volume f = Casts.convert(u8, DataType.FLOAT32, Casts.Mode.LOSSLESS);
        assertEquals(255.0, f.getDouble(0));
    }
    private static Volume longs(DataType t, long... v) {
        Volume out = Volume.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) {
            out.setLong(i, v[i]);
        }
        return out;
    }

    private static long[] longsOf(Volume v) {
        long[] out = new long[v.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getLong(i);
        }
        return out;
    }

    @Test
    void castsBetween64BitIntegersKeepEveryValueThatFitsAndClampTheRest() {
        long big = (1L << 53) + 1;  // not a double
        assertEquals(java.util.List.of(big, (1L << 62) + 1, 0L), java.util.Arrays.stream(longsOf(Casts.convert(
                longs(DataType.INT64, big, (1L << 62) + 1, -1), DataType.UINT64, Casts.Mode.CLAMP))).boxed().toList());
        assertEquals(java.util.List.of(big, Long.MAX_VALUE, Long.MAX_VALUE), java.util.Arrays.stream(longsOf(Casts.convert(
                longs(DataType.UINT64, big, Long.MAX_VALUE, -1L), DataType.INT64, Casts.Mode.ROUND))).boxed().toList(),
                "2^64 - 1 clamps to int64's largest");
        assertEquals(java.util.List.of(255L, 0L, 7L), java.util.Arrays.stream(longsOf(Casts.convert(
                longs(DataType.UINT64, -1L, 0, 7), DataType.UINT8, Casts.Mode.CLAMP))).boxed().toList());
    }

    @Test
    void floatsAboveUint64sRangeClampToItsLargest() {
        Volume f = Volume.allocate(DataType.FLOAT64, 4);
        f.setDouble(0, Double.POSITIVE_INFINITY);
        f.setDouble(1, Math.pow(2, 64));
        f.setDouble(2, Math.pow(2, 63));
        f.setDouble(3, -1);
        long[] u = longsOf(Casts.convert(f, DataType.UINT64, Casts.Mode.CLAMP));
        assertEquals(-1L, u[0], "2^64 - 1, all bits set");
        assertEquals(-1L, u[1]);
        assertEquals(Long.MIN_VALUE, u[2], "2^63 exactly");
        assertEquals(0L, u[3]);
    }
}
