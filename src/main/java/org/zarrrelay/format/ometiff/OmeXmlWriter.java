package org.zarrrelay.format.ometiff;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.volume.DataType;

/**
 * The OME-XML of an export (schema http://www.openmicroscopy.org/Schemas/OME/2016-06): one Image
 * named after the job, its Pixels in XYZCT order with one Channel, one TiffData per plane (IFD n
 * holds z = n; Bio-Formats reads files without per-plane TiffData on a slow path) and, when the
 * origin is known, one Plane per z with the stage position of its first voxel.
 *
 * <p>Written by hand rather than with {@code org.openmicroscopy:ome-xml}: the document is a few
 * fixed elements, and that library would add a dependency of several MB (and its own model
 * classes) to emit them. What the schema requires and we rely on: the element order
 * Channel, TiffData, Plane inside Pixels; IDs of the form {@code Image:0}, {@code Pixels:0},
 * {@code Channel:0:0}; Size* positive integers; PhysicalSize* positive (xsd:float, which
 * accepts Java's {@code 1.0E-4}); units from UnitsLength ({@code µm}, so the text is UTF-8);
 * attribute text escaped.
 */
final class OmeXmlWriter {
    static final String NAMESPACE = "http://www.openmicroscopy.org/Schemas/OME/2016-06";
    /** The Image's Name starts with this, followed by the job id, so the id travels inside the file. */
    static final String NAME_PREFIX = "zarr-relay job ";

    private OmeXmlWriter() {
    }

    /**
     * @param shape (z, y, x) or (y, x)
     * @param info  voxel size and origin per file axis, their unit, the job id; parts may be null
     */
    static byte[] write(DataType dtype, long[] shape, FileInfo info) {
        int n = shape.length;
        long planes = n == 3 ? shape[0] : 1;
        double[] size = info.voxelSize();
        double[] origin = info.origin();
        OmeUnits.Unit unit = OmeUnits.ofNgff(info.unit());
        boolean sized = unit != null && size != null && size.length == n;
        // positions of later planes follow from the z size, so both are needed
        boolean placed = sized && origin != null && origin.length == n && finite(origin);

        StringBuilder x = new StringBuilder(512 + (int) planes * (placed ? 200 : 80));
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<OME xmlns=\"").append(NAMESPACE).append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"").append(NAMESPACE).append(' ').append(NAMESPACE).append("/ome.xsd\"")
                .append(" UUID=\"urn:uuid:").append(UUID.randomUUID()).append("\" Creator=\"zarr-relay\">\n");
        x.append("<Image ID=\"Image:0\"");
        if (info.jobId() != null) {
            attribute(x, "Name", NAME_PREFIX + info.jobId());
        }
        x.append(">\n<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\"");
        attribute(x, "Type", pixelType(dtype));
        attribute(x, "SizeX", Long.toString(shape[n - 1]));
        attribute(x, "SizeY", Long.toString(shape[n - 2]));
        attribute(x, "SizeZ", Long.toString(planes));
        x.append(" SizeC=\"1\" SizeT=\"1\" BigEndian=\"false\" Interleaved=\"false\"");
        attribute(x, "SignificantBits", Integer.toString(8 * dtype.size()));
        if (sized) {
            physicalSize(x, "X", size[n - 1], unit);
            physicalSize(x, "Y", size[n - 2], unit);
            if (n == 3) {
                physicalSize(x, "Z", size[0], unit);
            }
        }
        x.append(">\n<Channel ID=\"Channel:0:0\" SamplesPerPixel=\"1\"/>\n");
        for (long z = 0; z < planes; z++) {
            x.append("<TiffData IFD=\"").append(z).append("\" FirstZ=\"").append(z)
                    .append("\" FirstC=\"0\" FirstT=\"0\" PlaneCount=\"1\"/>\n");
        }
        if (placed) {
            for (long z = 0; z < planes; z++) {
                x.append("<Plane TheZ=\"").append(z).append("\" TheC=\"0\" TheT=\"0\"");
                position(x, "X", origin[n - 1], unit);
                position(x, "Y", origin[n - 2], unit);
                if (n == 3) {
                    position(x, "Z", origin[0] + z * size[0], unit);
                }
                x.append("/>\n");
            }
        }
        x.append("</Pixels>\n</Image>\n</OME>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** OME's PixelType for each type an OME-TIFF export holds. */
    static String pixelType(DataType dtype) {
        return switch (dtype) {
            case UINT8 -> "uint8";
            case INT8 -> "int8";
            case UINT16 -> "uint16";
            case INT16 -> "int16";
            case UINT32 -> "uint32";
            case INT32 -> "int32";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            default -> throw new IllegalArgumentException("OME-TIFF exports do not hold " + dtype.numpyName());
        };
    }

    /** PhysicalSize is a PositiveFloat: a size that is not one is left out rather than made invalid. */
    private static void physicalSize(StringBuilder x, String axis, double v, OmeUnits.Unit unit) {
        if (v > 0 && Double.isFinite(v)) {
            attribute(x, "PhysicalSize" + axis, Double.toString(v));
            attribute(x, "PhysicalSize" + axis + "Unit", unit.symbol());
        }
    }

    /** A Plane's position needs its unit: the schema's default is the abstract "reference frame". */
    private static void position(StringBuilder x, String axis, double v, OmeUnits.Unit unit) {
        attribute(x, "Position" + axis, Double.toString(v));
        attribute(x, "Position" + axis + "Unit", unit.symbol());
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void attribute(StringBuilder x, String name, String value) {
        x.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> x.append("&amp;");
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '"' -> x.append("&quot;");
                // white space in an attribute is normalised to a space unless written as a reference
                case '\t', '\n', '\r' -> x.append("&#").append((int) c).append(';');
                default -> x.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);  // not allowed in XML 1.0
            }
        }
        x.append('"');
    }
}
