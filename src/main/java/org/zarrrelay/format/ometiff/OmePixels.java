package org.zarrrelay.format.ometiff;

import java.util.Map;
import java.util.Set;
import org.zarrrelay.volume.DataType;

/**
 * The required attributes of OME-XML's Pixels element, checked: the size of each of the five axes
 * and the order in which the planes (z, c, t) follow each other.
 *
 * @param dimensionOrder one of the six orders the schema allows, fastest axis first, e.g. XYZCT
 */
record OmePixels(String dimensionOrder, DataType type, int sizeX, int sizeY, int sizeZ, int sizeC, int sizeT) {
    private static final Set<String> ORDERS = Set.of("XYZCT", "XYZTC", "XYCTZ", "XYCZT", "XYTCZ", "XYTZC");

    static OmePixels of(Map<String, String> a) throws OmeXmlReader.Refusal {
        if (a.isEmpty()) {
            throw new OmeXmlReader.Refusal("its OME-XML has no Image with Pixels");
        }
        String order = required(a, "DimensionOrder");
        if (!ORDERS.contains(order)) {
            throw new OmeXmlReader.Refusal("its OME-XML gives DimensionOrder=\"" + order + "\", which is none of "
                    + String.join(", ", ORDERS.stream().sorted().toList()));
        }
        return new OmePixels(order, type(required(a, "Type")), size(a, "SizeX"), size(a, "SizeY"), size(a, "SizeZ"),
                size(a, "SizeC"), size(a, "SizeT"));
    }

    /** The planes the Pixels hold: SizeZ x SizeC x SizeT (the largest long when that overflows). */
    long planes() {
        try {
            return Math.multiplyExact((long) sizeZ * sizeC, sizeT);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The index of plane (z, c, t) in the order the planes follow each other. */
    long index(long z, long c, long t) {
        long index = 0;
        for (int i = 4; i >= 2; i--) {  // slowest axis first
            char axis = dimensionOrder.charAt(i);
            index = index * size(axis) + (axis == 'Z' ? z : axis == 'C' ? c : t);
        }
        return index;
    }

    private int size(char axis) {
        return axis == 'Z' ? sizeZ : axis == 'C' ? sizeC : sizeT;
    }

    private static DataType type(String type) throws OmeXmlReader.Refusal {
        return switch (type) {
            case "uint8" -> DataType.UINT8;
            case "int8" -> DataType.INT8;
            case "uint16" -> DataType.UINT16;
            case "int16" -> DataType.INT16;
            case "uint32" -> DataType.UINT32;
            case "int32" -> DataType.INT32;
            case "float" -> DataType.FLOAT32;
            case "double" -> DataType.FLOAT64;
            default -> throw new OmeXmlReader.Refusal("its OME-XML gives the pixels Type=\"" + type + "\", which zarr-relay"
                    + " does not read (it reads uint8, int8, uint16, int16, uint32, int32, float and double)");
        };
    }

    private static String required(Map<String, String> a, String name) throws OmeXmlReader.Refusal {
        String v = a.get(name);
        if (v == null) {
            throw new OmeXmlReader.Refusal("its OME-XML Pixels element has no " + name + ", which the schema requires");
        }
        return v.trim();
    }

    /** A PositiveInt: 1 to 2^31 - 1. */
    private static int size(Map<String, String> a, String name) throws OmeXmlReader.Refusal {
        String v = required(a, name);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OmeXmlReader.Refusal("its OME-XML gives " + name + "=\"" + v + "\", which is not a positive integer");
    }
}
