package org.zarrrelay.format.ometiff;

import java.util.List;
import java.util.Locale;

/**
 * OME-XML's length units (the UnitsLength enumeration of the 2016-06 schema, written as symbols:
 * {@code µm}, {@code nm}, {@code Å}) against OME-NGFF's (UDUNITS-2 names: {@code micrometer}), with
 * their length in metres to convert between axes that name different units. {@code pixel} and
 * {@code reference frame} are no lengths: they have no entry.
 */
final class OmeUnits {
    /**
     * @param decimal the power of ten of an SI unit in metres (µm: -6), or {@link #NOT_DECIMAL}: sizes
     *                convert between SI units by one exact power of ten, so 2 µm is 2000 nm exactly
     */
    record Unit(String symbol, String ngff, double metres, int decimal) {
        Unit(String symbol, String ngff, int decimal) {
            this(symbol, ngff, Math.pow(10, decimal), decimal);
        }

        Unit(String symbol, String ngff, double metres) {
            this(symbol, ngff, metres, NOT_DECIMAL);
        }

        /** {@code v} of this unit in {@code target}. */
        double to(Unit target, double v) {
            if (decimal == NOT_DECIMAL || target.decimal == NOT_DECIMAL) {
                return v * (metres / target.metres);
            }
            int n = decimal - target.decimal;
            return n >= 0 ? v * Math.pow(10, n) : v / Math.pow(10, -n);  // one correctly rounded step
        }
    }

    static final int NOT_DECIMAL = Integer.MIN_VALUE;

    /** OME-XML's default for PhysicalSize units. */
    static final Unit MICROMETER = new Unit("\u00b5m", "micrometer", -6);

    private static final List<Unit> UNITS = List.of(
            new Unit("Ym", "yottameter", 24), new Unit("Zm", "zettameter", 21), new Unit("Em", "exameter", 18),
            new Unit("Pm", "petameter", 15), new Unit("Tm", "terameter", 12), new Unit("Gm", "gigameter", 9),
            new Unit("Mm", "megameter", 6), new Unit("km", "kilometer", 3), new Unit("hm", "hectometer", 2),
            new Unit("dam", "decameter", 1), new Unit("m", "meter", 0), new Unit("dm", "decimeter", -1),
            new Unit("cm", "centimeter", -2), new Unit("mm", "millimeter", -3), MICROMETER,
            new Unit("nm", "nanometer", -9), new Unit("pm", "picometer", -12), new Unit("fm", "femtometer", -15),
            new Unit("am", "attometer", -18), new Unit("zm", "zeptometer", -21), new Unit("ym", "yoctometer", -24),
            new Unit("\u00c5", "angstrom", -10), new Unit("in", "inch", 0.0254), new Unit("ft", "foot", 0.3048),
            new Unit("yd", "yard", 0.9144), new Unit("mi", "mile", 1609.344), new Unit("pc", "parsec", 3.0856775814913673e16));

    private OmeUnits() {
    }

    /** The unit of an OME-NGFF unit name (or a common spelling: micron, um, metre), or null for none OME-XML has. */
    static Unit ofNgff(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace("metre", "meter");
        if (n.equals("micron") || n.equals("um") || n.equals("\u00b5m") || n.equals("\u03bcm")) {
            return MICROMETER;
        }
        for (Unit u : UNITS) {
            if (u.ngff.equals(n)) {
                return u;
            }
        }
        return null;
    }

    /**
     * The unit of an OME-XML symbol, or null for {@code pixel}, {@code reference frame} and symbols
     * the schema does not have. Symbols are case-sensitive ({@code Mm} is a megametre, {@code mm} a
     * millimetre); the Greek mu that some writers put for the micro sign is accepted.
     */
    static Unit ofSymbol(String symbol) {
        String s = symbol.trim().replace('\u03bc', '\u00b5');
        for (Unit u : UNITS) {
            if (u.symbol.equals(s)) {
                return u;
            }
        }
        return null;
    }
}
