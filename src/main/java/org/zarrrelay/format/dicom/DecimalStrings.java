package org.zarrrelay.format.dicom;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Decimal String (DS) values, PS3.5 6.2: at most 16 characters, fixed point or with an exponent.
 * A number is written with as many significant digits as fit (a micrometre voxel in millimetres,
 * 0.000123456789, keeps all of them), so positions rebuilt from the text match the export's.
 */
final class DecimalStrings {
    static final int MAX_LENGTH = 16;

    private DecimalStrings() {
    }

    /** The shortest text of at most 16 characters closest to {@code v}. */
    static String format(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a DICOM decimal string cannot hold " + v);
        }
        if (v == 0) {
            return "0";  // also for -0.0
        }
        BigDecimal exact = BigDecimal.valueOf(v);
        for (int digits = MAX_LENGTH; digits > 0; digits--) {
            BigDecimal d = exact.round(new MathContext(digits)).stripTrailingZeros();
            String plain = d.toPlainString();
            if (plain.length() <= MAX_LENGTH) {
                return plain;
            }
            String scientific = scientific(d);
            if (scientific.length() <= MAX_LENGTH) {
                return scientific;
            }
        }
        throw new IllegalArgumentException(v + " does not fit a 16-character decimal string");
    }

    /** d.ddd...E[-]n; BigDecimal.toString writes plain text for exponents down to -6. */
    private static String scientific(BigDecimal d) {
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        return (d.signum() < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "E"
                + exponent;
    }

    /** Several values joined by the value separator. */
    static String format(double... values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : "\\").append(format(v));
        }
        return b.toString();
    }

    /**
     * The numbers of a DS (or IS) value, or null when it is empty.
     *
     * @throws NumberFormatException for text that is no number
     */
    static double[] parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split("\\\\", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            // Double.parseDouble also takes "NaN", "Infinity" and hex floats, which DS does not allow
            if (!p.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                throw new NumberFormatException("'" + p + "' is not a decimal number");
            }
            out[i] = Double.parseDouble(p);
            if (!Double.isFinite(out[i])) {
                throw new NumberFormatException("'" + p + "' is out of range");
            }
        }
        return out;
    }
}
