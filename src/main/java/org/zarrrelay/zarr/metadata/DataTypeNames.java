package org.zarrrelay.zarr.metadata;

import java.nio.ByteOrder;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.UnsupportedFeatureException;

/** Zarr v2 type strings ({@code <u2}, {@code |b1}, {@code >f8}) to data types and byte order. */
final class DataTypeNames {
    private DataTypeNames() {
    }

    record V2Type(DataType dtype, ByteOrder order) {
    }

    static V2Type parseV2(String typestr, String where) {
        if (typestr.length() < 3) {
            throw unsupported(typestr, where);
        }
        char endian = typestr.charAt(0);
        String code = typestr.substring(1);
        DataType dtype = DataType.fromNumpyCode(code);
        if (dtype == null) {
            throw unsupported(typestr, where);
        }
        ByteOrder order = switch (endian) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw unsupported(typestr, where);
        };
        return new V2Type(dtype, order);
    }

    static String formatV2(DataType dtype, ByteOrder order) {
        String code = dtype.numpyCode();
        char endian = dtype.size() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return endian + code;
    }

    static DataType parseV3(String name, String where) {
        try {
            return DataType.fromNumpyName(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedFeatureException("data type '" + name + "' of " + where + " is not supported;"
                    + " supported: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64");
        }
    }

    private static UnsupportedFeatureException unsupported(String typestr, String where) {
        return new UnsupportedFeatureException("dtype '" + typestr + "' of " + where + " is not supported; supported:"
                + " |b1 |i1 |u1 and <i2 <u2 <i4 <u4 <i8 <u8 <f4 <f8 in either byte order (< or >)");
    }
}
