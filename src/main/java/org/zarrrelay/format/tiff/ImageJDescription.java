package org.zarrrelay.format.tiff;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ImageJ's ImageDescription: "key=value" lines starting with {@code ImageJ=}. ImageJ treats a file
 * whose description says {@code images=N} as N planes stored contiguously from the first strip,
 * reading only the first IFD, so our writer always lays planes out that way.
 */
final class ImageJDescription {
    private ImageJDescription() {
    }

    /**
     * @param origin physical position of the first voxel per file axis (z, y, x or y, x), or null;
     *               ImageJ keeps origins in pixels, negated: physical = (pixel - origin) * size
     * @param size   voxel size per file axis, or null
     */
    static String write(int images, double spacing, String unit, double[] origin, double[] size) {
        StringBuilder sb = new StringBuilder("ImageJ=1.54p\n");
        sb.append("images=").append(images).append('\n');
        if (images > 1) {
            sb.append("slices=").append(images).append('\n');
        }
        if (unit != null) {
            sb.append("unit=").append(toImageJUnit(unit)).append('\n');
        }
        if (spacing > 0) {
            sb.append("spacing=").append(spacing).append('\n');
        }
        if (origin != null && size != null && origin.length == size.length && origin.length >= 2) {
            int n = origin.length;
            sb.append("xorigin=").append(-origin[n - 1] / size[n - 1]).append('\n');
            sb.append("yorigin=").append(-origin[n - 2] / size[n - 2]).append('\n');
            if (n == 3 && size[0] > 0) {
                sb.append("zorigin=").append(-origin[0] / size[0]).append('\n');
            }
        }
        sb.append("loop=false\n");
        return sb.toString();
    }

    /** The key=value lines of an ImageJ description; empty for any other description. */
    static Map<String, String> parse(String description) {
        Map<String, String> values = new LinkedHashMap<>();
        if (description == null || !description.startsWith("ImageJ")) {
            return values;
        }
        for (String line : description.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /** ImageJ spells micrometers "micron" (and shows µm); NGFF uses UDUNITS names. */
    static String toImageJUnit(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "micrometer", "micrometre", "um", "µm" -> "micron";
            case "nanometer", "nanometre" -> "nm";
            case "millimeter", "millimetre" -> "mm";
            default -> unit;
        };
    }

    static String fromImageJUnit(String unit) {
        if (unit == null) {
            return null;
        }
        return switch (unit) {
            case "micron", "um", "\\u00B5m", "µm" -> "micrometer";
            case "nm" -> "nanometer";
            case "mm" -> "millimeter";
            default -> unit;
        };
    }
}
