package org.zarrrelay.format.nifti;

import org.zarrrelay.ome.Units;

/**
 * The spatial part of NIfTI's {@code xyzt_units} (its low three bits: NIFTI_UNITS_METER 1, _MM 2,
 * _MICRON 3; 0 unknown). NIfTI has only these three lengths, so other OME-NGFF length units are
 * converted on export to the nearest one at or above them (nanometre and angstrom to micron,
 * centimetre to mm, kilometre to metre) and the numbers scaled to match.
 */
final class NiftiUnits {
    static final int UNKNOWN = 0;
    static final int METER = 1;
    static final int MM = 2;
    static final int MICRON = 3;
    private static final int SPACE_BITS = 0x07;

    /** A length unit as NIfTI writes it: its code and the factor to multiply lengths in the source unit by. */
    record Written(int code, double factor) {
        static final Written NONE = new Written(UNKNOWN, 1);
    }

    private NiftiUnits() {
    }

    /**
     * How lengths in the OME-NGFF {@code unit} are written. Units that are no length (none, pixel,
     * an unknown name) keep their numbers and are written as unknown: the numbers still place the
     * voxels relative to each other, and a reader sees that no length is claimed.
     */
    static Written forExport(String unit) {
        Double metres = Units.metres(unit);
        if (metres == null) {
            return Written.NONE;
        }
        int code = metres >= 1 ? METER : metres >= 1e-3 ? MM : MICRON;
        double factor = metres / metresOf(code);
        // exact for the three native units, so their numbers are written unchanged
        return new Written(code, code == METER && metres == 1 || code == MM && metres == 1e-3
                || code == MICRON && metres == 1e-6 ? 1 : factor);
    }

    /** The OME-NGFF name of a file's spatial unit, or null when it states none. */
    static String fromXyzt(int xyztUnits) {
        return switch (xyztUnits & SPACE_BITS) {
            case METER -> "meter";
            case MM -> "millimeter";
            case MICRON -> "micrometer";
            default -> null;
        };
    }

    private static double metresOf(int code) {
        return code == METER ? 1 : code == MM ? 1e-3 : 1e-6;
    }
}
