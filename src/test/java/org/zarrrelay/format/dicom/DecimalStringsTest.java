package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DS values: at most 16 characters, as many significant digits as fit, and only the number forms DS allows. */
class DecimalStringsTest {
    @Test
    void shortestTextThatFits() {
        assertEquals("0", DecimalStrings.format(-0.0));
        assertEquals("0.1", DecimalStrings.format(0.1));
        assertEquals("-12", DecimalStrings.format(-12.0));
        assertEquals("0.000123456789", DecimalStrings.format(0.123456789 / 1000), "micrometres in mm keep every digit");
        assertEquals("1.2345678901E-10", DecimalStrings.format(1.2345678901234e-10));
        assertEquals("1E20", DecimalStrings.format(1e20));
        assertEquals("0.33333333333333", DecimalStrings.format(1.0 / 3));
        assertEquals("-1.8137644739E-5", DecimalStrings.format(-1.8137644739401827E-5), "more digits with an exponent");
        assertEquals("0.003\\1.5", DecimalStrings.format(0.003, 1.5));
    }

    @Test
    void everyValueFitsAndParsesBackClosely() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            double v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(30) - 15);
            String s = DecimalStrings.format(v);
            assertTrue(s.length() <= 16, s);
            double back = DecimalStrings.parse(s)[0];
            assertEquals(v, back, Math.abs(v) * 1e-9, s);
        }
    }

    @Test
    void parsesOnlyDecimalNumbers() {
        assertArrayEquals(new double[] {1, -0.5, 2e-3, 0.25}, DecimalStrings.parse(" 1\\-.5\\2E-3 \\+0.25 "));
        assertNull(DecimalStrings.parse("  "));
        for (String bad : new String[] {"NaN", "Infinity", "0x1p3", "1,5", "abc", "1e999"}) {
            assertThrows(NumberFormatException.class, () -> DecimalStrings.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> DecimalStrings.format(Double.NaN));
    }
}
