package org.zarrrelay.ome;

import java.util.Locale;

/**
 * Lengths of the units OME-NGFF names (UDUNITS-2 names such as {@code micrometer}) and of the
 * short forms tools write ({@code um}, {@code µm}, {@code mm}), in metres, so that a voxel size
 * written in millimetres by ITK can be compared with one in micrometres from the export.
 */
public final class Units {
    private Units() {
    }

    /** Metres per unit, or null for units that are no length (pixel, unknown, none). */
    public static Double metres(String unit) {
        if (unit == null) {
            return null;
        }
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "meter", "metre", "m" -> 1.0;
            case "centimeter", "centimetre", "cm" -> 1e-2;
            case "millimeter", "millimetre", "mm" -> 1e-3;
            case "micrometer", "micrometre", "micron", "um", "\u00b5m", "\u03bcm" -> 1e-6;
            case "nanometer", "nanometre", "nm" -> 1e-9;
            case "angstrom", "\u00e5" -> 1e-10;
            case "picometer", "picometre", "pm" -> 1e-12;
            case "kilometer", "kilometre", "km" -> 1e3;
            default -> null;
        };
    }
}
