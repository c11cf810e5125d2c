package org.zarrrelay.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrException;

/**
 * Converts a JSON {@code fill_value} to one element's bytes and back. Both Zarr versions write
 * non-finite floats as the strings "NaN", "Infinity", "-Infinity"; v3 also allows the raw bit
 * pattern as a hex string ("0x7fc00000"). A v2 {@code null} means "no fill value": missing chunks
 * are then undefined in the spec, and we read them as zeros, as zarr-python does in practice.
 */
public final class FillValues {
    private FillValues() {
    }

    public static byte[] parse(JsonNode json, DataType dtype, String where) {
        Volume one = Volume.allocate(dtype, 1);
        if (json == null || json.isNull() || json.isMissingNode()) {
            return one.data();
        }
        try {
            if (json.isBoolean()) {
                one.setLong(0, json.asBoolean() ? 1 : 0);
            } else if (json.isTextual()) {
                parseText(json.asText(), dtype, one);
            } else if (json.isIntegralNumber()) {
                BigInteger v = json.bigIntegerValue();
                if (dtype.isFloat()) {
                    one.setDouble(0, v.doubleValue());
                } else {
                    one.setLong(0, v.longValue());
                }
            } else if (json.isNumber()) {
                if (!dtype.isFloat() && json.asDouble() != Math.rint(json.asDouble())) {
                    throw new ZarrException("fill_value " + json + " of " + where + " is not an integer but the data type is "
                            + dtype.numpyName());
                }
                one.setDouble(0, json.asDouble());
            } else {
                throw new ZarrException("fill_value " + json + " of " + where + " is not a number, boolean or string");
            }
        } catch (NumberFormatException e) {
            throw new ZarrException("fill_value " + json + " of " + where + " is not a valid " + dtype.numpyName(), e);
        }
        return one.data();
    }

    private static void parseText(String text, DataType dtype, Volume one) {
        switch (text) {
            case "NaN" -> one.setDouble(0, Double.NaN);
            case "Infinity" -> one.setDouble(0, Double.POSITIVE_INFINITY);
            case "-Infinity" -> one.setDouble(0, Double.NEGATIVE_INFINITY);
            default -> {
                if (text.startsWith("0x")) {
                    long bits = Long.parseUnsignedLong(text.substring(2), 16);
                    byte[] data = one.data();
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (bits >>> (8 * i));
                    }
                } else {
                    one.setDouble(0, Double.parseDouble(text));
                }
            }
        }
    }

    /** The JSON spelling of a fill element. */
    public static JsonNode format(byte[] element, DataType dtype) {
        Volume one = new Volume(dtype, new int[] {1}, element.clone());
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (dtype.kind()) {
            case BOOL -> f.booleanNode(one.getLong(0) != 0);
            case SIGNED -> f.numberNode(one.getLong(0));
            case UNSIGNED -> dtype == DataType.UINT64
                    ? f.numberNode(new BigInteger(Long.toUnsignedString(one.getLong(0))))
                    : f.numberNode(one.getLong(0));
            case FLOAT -> {
                double v = one.getDouble(0);
                if (Double.isNaN(v)) {
                    yield f.textNode("NaN");
                } else if (Double.isInfinite(v)) {
                    yield f.textNode(v > 0 ? "Infinity" : "-Infinity");
                } else {
                    yield f.numberNode(v);
                }
            }
        };
    }
}
