package org.zarrrelay.format.npy;

import java.nio.file.Path;
import java.util.List;
import org.zarrrelay.volume.DataType;

/**
 * The {@code descr} of an npy header: numpy's {@code dtype.str}, a byte-order character
 * ({@code <} little, {@code >} big, {@code |} not applicable) followed by a kind letter and the item
 * size in bytes, e.g. {@code '<u2'}, {@code '|b1'}, {@code '>f8'}. See
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
final class NpyDescr {
    static final String SUPPORTED = "bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64";

    /** A supported descr, decoded. */
    record Decoded(DataType dtype, boolean bigEndian) {
    }

    private NpyDescr() {
    }

    /** The descr numpy writes for this type: {@code '|u1'}, {@code '<f4'}, {@code '>i8'}. */
    static String format(DataType dtype, boolean bigEndian) {
        String order = dtype.size() == 1 ? "|" : bigEndian ? ">" : "<";
        return order + dtype.numpyCode();
    }

    /**
     * Decodes a header's descr value.
     *
     * @throws NpyFormatException naming the file, the type found and how to convert it
     */
    static Decoded parse(Object descr, Path file) {
        if (descr instanceof List) {
            throw new NpyFormatException(file + " holds a structured array (numpy record fields " + descr
                    + "); zarr-relay reads plain arrays of one of " + SUPPORTED
                    + ": save each field on its own, e.g. numpy.save(path, a['fieldname'])");
        }
        if (!(descr instanceof String)) {
            throw new NpyFormatException(file + " has a damaged header: 'descr' is " + descr
                    + ", not a numpy type string such as '<u2'");
        }
        String s = (String) descr;
        boolean bigEndian = false;
        String body = s;
        if (!s.isEmpty() && "<>|=!".indexOf(s.charAt(0)) >= 0) {
            // '=' (native) never comes from numpy.save, which always writes '<' or '>'; treat it as
            // little-endian, the order of every platform numpy is commonly run on
            bigEndian = s.charAt(0) == '>' || s.charAt(0) == '!';
            body = s.substring(1);
        }
        DataType t = DataType.fromNumpyCode(body);
        if (t != null) {
            return new Decoded(t, bigEndian && t.size() > 1);
        }
        throw new NpyFormatException(file + " holds " + unsupportedWhat(s, body) + ", which zarr-relay does not"
                + " support (it reads " + SUPPORTED + "): " + advice(body));
    }

    private static String unsupportedWhat(String descr, String body) {
        char kind = body.isEmpty() ? '?' : body.charAt(0);
        String name = switch (kind) {
            case 'c' -> "complex numbers";
            case 'f' -> "floating-point numbers of " + size(body) + " bytes";
            case 'i', 'u' -> "integers of " + size(body) + " bytes";
            case 'O' -> "Python objects";
            case 'U', 'S', 'a' -> "text";
            case 'V' -> "raw bytes (numpy void)";
            case 'M' -> "datetimes";
            case 'm' -> "timedeltas";
            default -> "values of an unknown type";
        };
        return name + " (numpy type '" + descr + "')";
    }

    private static String size(String body) {
        return body.length() > 1 ? body.substring(1) : "?";
    }

    private static String advice(String body) {
        char kind = body.isEmpty() ? '?' : body.charAt(0);
        return switch (kind) {
            case 'c' -> "save the real and imaginary parts as separate float arrays, e.g. "
                    + "numpy.save(path, a.real.astype(numpy.float32))";
            case 'f' -> body.equals("f2") ? "convert it with a.astype(numpy.float32) and save again"
                    : "convert it with a.astype(numpy.float64) and save again";
            case 'O' -> "an object array holds Python objects, not numbers; convert it to a numeric array, e.g. "
                    + "numpy.save(path, numpy.asarray(a, dtype=numpy.float32))";
            case 'M', 'm' -> "convert it to integers with a.astype(numpy.int64) and save again";
            default -> "convert it with a.astype(...) to one of those types and save again with numpy.save";
        };
    }
}
