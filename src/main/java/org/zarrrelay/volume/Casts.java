package org.zarrrelay.volume;

import org.zarrrelay.RelayException;

/**
 * Converts voxels between data types. A cast is lossless when every value of the source type
 * exists in the target type (uint8 into uint16, int16 into float32); any other cast changes
 * values and is done only when asked: {@link Mode#CLAMP} truncates toward zero and clamps to the
 * target's range, {@link Mode#ROUND} rounds to nearest (ties to even) and clamps. NaN becomes 0 in
 * integer targets.
 */
public final class Casts {
    public enum Mode { LOSSLESS, CLAMP, ROUND }

    private Casts() {
    }

    public static boolean isLossless(DataType from, DataType to) {
        if (from == to || from == DataType.BOOL) {
            return true;
        }
        if (to == DataType.BOOL) {
            return false;
        }
        if (to.isFloat()) {
            int mantissa = to == DataType.FLOAT32 ? 24 : 53;
            if (from.isFloat()) {
                return from.size() <= to.size();
            }
            return bits(from) <= mantissa;
        }
        if (from.isFloat()) {
            return false;
        }
        boolean fromSigned = from.kind() == DataType.Kind.SIGNED;
        boolean toSigned = to.kind() == DataType.Kind.SIGNED;
        if (fromSigned && !toSigned) {
            return false;
        }
        int valueBits = bits(from);
        int room = toSigned ? to.size() * 8 - 1 : to.size() * 8;
        return valueBits <= room;
    }

    /** Magnitude bits of an integer type (sign excluded). */
    private static int bits(DataType t) {
        return t.kind() == DataType.Kind.SIGNED ? t.size() * 8 - 1 : t.size() * 8;
    }

    /** Converts {@code src} to {@code to}; a lossy cast with {@link Mode#LOSSLESS} is an error. */
    public static Volume convert(Volume src, DataType to, Mode mode) {
        DataType from = src.dtype();
        if (from == to) {
            return src;
        }
        if (mode == Mode.LOSSLESS && !isLossless(from, to)) {
            throw new RelayException("converting " + from.numpyName() + " to " + to.numpyName() + " would change values:"
                    + " ask for \"cast\": \"clamp\" or \"round\" to allow it");
        }
        Volume out = Volume.allocate(to, src.shape());
        int n = src.elementCount();
        if (to.isFloat() || (from.isInteger() && isLossless(from, to) && from != DataType.UINT64)) {
            if (to.isFloat()) {
                for (int i = 0; i < n; i++) {
                    out.setDouble(i, src.getDouble(i));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out.setLong(i, src.getLong(i));
                }
            }
            return out;
        }
        if (from.isInteger() && to.isInteger()) {
            // exactly, in 64-bit integers: through a double, values above 2^53 would lose their last bits
            long lo = (long) min(to);
            long hi = to == DataType.UINT64 ? -1L : (long) max(to);  // -1: all 64 bits, 2^64 - 1 unsigned
            for (int i = 0; i < n; i++) {
                long v = src.getLong(i);
                if (from == DataType.UINT64) {
                    out.setLong(i, to == DataType.UINT64 || Long.compareUnsigned(v, hi) <= 0 ? v : hi);
                } else if (to == DataType.UINT64) {
                    out.setLong(i, Math.max(0, v));
                } else {
                    out.setLong(i, Math.max(lo, Math.min(hi, v)));
                }
            }
            return out;
        }
        double lo = min(to);
        double hi = max(to);
        for (int i = 0; i < n; i++) {
            double v = src.getDouble(i);
            if (Double.isNaN(v)) {
                v = 0;
            } else {
                v = mode == Mode.ROUND ? Math.rint(v) : (v < 0 ? Math.ceil(v) : Math.floor(v));
                v = Math.max(lo, Math.min(hi, v));
            }
            if (to == DataType.INT64 && v >= 9.223372036854775807E18) {
                out.setLong(i, Long.MAX_VALUE);
            } else if (to == DataType.UINT64 && v >= 1.8446744073709551615E19) {
                out.setLong(i, -1L);  // 2^64 - 1: a double that large is 2^64, one past the range
            } else {
                out.setDouble(i, v);
            }
        }
        return out;
    }

    /** Smallest value of an integer or bool type. */
    public static double min(DataType t) {
        return switch (t) {
            case BOOL, UINT8, UINT16, UINT32, UINT64 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    /** Largest value of an integer or bool type. */
    public static double max(DataType t) {
        return switch (t) {
            case BOOL -> 1;
            case UINT8 -> 255;
            case UINT16 -> 65535;
            case UINT32 -> 4294967295.0;
            case UINT64 -> 18446744073709551615.0;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }
}
