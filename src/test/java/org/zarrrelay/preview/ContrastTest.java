package org.zarrrelay.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The gray levels of a picture span the 0.5th to 99.5th percentiles of its values. */
class ContrastTest {
    @Test
    void aFewExtremeValuesDoNotSetTheRange() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        values[999] = 1e9;  // one hot voxel
        Contrast c = Contrast.of(new GrayPlane(100, 10, values));
        assertEquals(4, c.low());
        assertEquals(995, c.high());
        assertEquals(0, c.gray(4));
        assertEquals(255, c.gray(995));
        assertEquals(255, c.gray(1e9));
        assertEquals(0, c.gray(-7));
        assertEquals(128, c.gray((4 + 995) / 2.0));
    }

    @Test
    void twoPlanesShareOneRange() {
        GrayPlane dark = new GrayPlane(2, 1, new double[] {0, 0});
        GrayPlane bright = new GrayPlane(2, 1, new double[] {100, 100});
        Contrast c = Contrast.of(dark, bright);
        assertEquals(0, c.gray(0));
        assertEquals(255, c.gray(100));
    }

    @Test
    void aFlatOrEmptyPlaneIsBlack() {
        Contrast flat = Contrast.of(new GrayPlane(2, 2, new double[] {7, 7, 7, 7}));
        assertEquals(0, flat.gray(7));
        Contrast nan = Contrast.of(new GrayPlane(1, 1, new double[] {Double.NaN}));
        assertEquals(0, nan.gray(Double.NaN));
    }
}
