package org.zarrrelay.format.ometiff;

import java.util.Map;
import org.zarrrelay.format.FileInfo;

/**
 * A file's {@link FileInfo} from its OME-XML: the voxel size from the Pixels' PhysicalSize{Z,Y,X}
 * (unit default µm), the origin from the first Plane's Position{Z,Y,X} (unit default "reference
 * frame", which is no length, so a position without a unit is not an origin), both in the unit of
 * the x axis, and the job id from the Image's Name. Axes are (z, y, x), or (y, x) for one plane.
 */
final class OmeGeometry {
    private static final String[] AXES = {"Z", "Y", "X"};

    private OmeGeometry() {
    }

    static FileInfo info(OmeMetadata meta, boolean threeD) throws OmeXmlReader.Refusal {
        String[] axes = threeD ? AXES : new String[] {"Y", "X"};
        Map<String, String> pixels = meta.pixels();
        Map<String, String> plane = meta.firstPlane() == null ? Map.of() : meta.firstPlane();
        OmeUnits.Unit unit = unit(pixels, "PhysicalSizeX", OmeUnits.MICROMETER);
        if (unit == null || !pixels.containsKey("PhysicalSizeX")) {
            unit = plane.containsKey("PositionX") ? unit(plane, "PositionX", null) : null;
        }
        if (unit == null) {
            return new FileInfo(jobId(meta.imageName()), null, null, null);
        }
        double[] size = values(pixels, "PhysicalSize", axes, OmeUnits.MICROMETER, unit);
        double[] origin = values(plane, "Position", axes, null, unit);
        if (size != null) {
            for (int d = 0; d < size.length; d++) {
                if (!(size[d] > 0) || Double.isInfinite(size[d])) {
                    throw new OmeXmlReader.Refusal("its OME-XML gives PhysicalSize" + axes[d] + "=\""
                            + pixels.get("PhysicalSize" + axes[d]) + "\", which is not a positive size");
                }
            }
        }
        return new FileInfo(jobId(meta.imageName()), size, origin, size == null && origin == null ? null : unit.ngff());
    }

    /** The job id in an Image Name written by {@link OmeXmlWriter}, or null. */
    static String jobId(String imageName) {
        if (imageName == null || !imageName.startsWith(OmeXmlWriter.NAME_PREFIX)) {
            return null;
        }
        String id = imageName.substring(OmeXmlWriter.NAME_PREFIX.length()).trim();
        return id.isEmpty() ? null : id;
    }

    /**
     * {@code prefix + axis} for every axis, converted to {@code target}; null when one is missing or
     * its unit is no length. A value that is there must be a number, whatever the others.
     */
    private static double[] values(Map<String, String> a, String prefix, String[] axes, OmeUnits.Unit dflt,
                                   OmeUnits.Unit target) throws OmeXmlReader.Refusal {
        double[] v = new double[axes.length];
        boolean complete = true;
        for (int d = 0; d < axes.length; d++) {
            String name = prefix + axes[d];
            String text = a.get(name);
            OmeUnits.Unit unit = unit(a, name, dflt);
            if (text == null || unit == null) {
                complete = false;
                continue;
            }
            try {
                v[d] = unit.to(target, Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                v[d] = Double.NaN;
            }
            if (Double.isNaN(v[d])) {
                throw new OmeXmlReader.Refusal("its OME-XML gives " + name + "=\"" + text + "\", which is not a number");
            }
        }
        return complete ? v : null;
    }

    /** The unit of attribute {@code name} ({@code nameUnit}, else {@code dflt}); null when it is no length. */
    private static OmeUnits.Unit unit(Map<String, String> a, String name, OmeUnits.Unit dflt) {
        String symbol = a.get(name + "Unit");
        if (symbol == null) {
            return dflt;
        }
        OmeUnits.Unit u = OmeUnits.ofSymbol(symbol);
        return u != null ? u : OmeUnits.ofNgff(symbol);  // "um" and "micron" from writers that ignore the schema
    }
}
