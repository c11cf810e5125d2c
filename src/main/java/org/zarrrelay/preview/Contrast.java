package org.zarrrelay.preview;

import java.util.Arrays;

/**
 * The value range mapped onto the 8-bit gray levels of a picture: values at or below {@code low}
 * are black, at or above {@code high} white, linear in between. Taken from percentiles rather than
 * the extremes, so a few hot voxels do not leave the rest of the picture dark.
 */
public record Contrast(double low, double high) {
    /** Percentiles taken for {@link #of}: 0.5 % of the voxels go black, 0.5 % white. */
    static final double CLIP = 0.005;

    public Contrast {
        if (!(low <= high)) {
            throw new IllegalArgumentException("a contrast range needs low <= high, not " + low + " and " + high);
        }
    }

    /** The range between the 0.5th and 99.5th percentiles of every value of the planes (NaN left out). */
    public static Contrast of(GrayPlane... planes) {
        int n = 0;
        for (GrayPlane p : planes) {
            n += p.values().length;
        }
        double[] all = new double[n];
        int k = 0;
        for (GrayPlane p : planes) {
            for (double v : p.values()) {
                if (!Double.isNaN(v)) {
                    all[k++] = v;
                }
            }
        }
        if (k == 0) {
            return new Contrast(0, 0);
        }
        Arrays.sort(all, 0, k);
        return new Contrast(all[(int) Math.floor(CLIP * (k - 1))], all[(int) Math.ceil((1 - CLIP) * (k - 1))]);
    }

    /** The gray level (0-255) of a value; every value is 0 when the range is empty (a flat picture). */
    int gray(double v) {
        if (high == low || Double.isNaN(v)) {
            return 0;
        }
        double g = Math.round((v - low) / (high - low) * 255);
        return (int) Math.max(0, Math.min(255, g));
    }
}
