package org.zarrrelay.format.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0, spec:
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 *
 * <pre>
 * \x93NUMPY  major minor  header-length (uint16 LE in 1.0, uint32 LE in 2.0/3.0)
 * {'descr': '&lt;u2', 'fortran_order': False, 'shape': (40, 50, 60), }   padded with spaces, ends '\n'
 * </pre>
 *
 * <p>{@code dataOffset} is where the array's bytes begin. Byte order and layout are recorded as
 * read; {@link NpyReader} converts big-endian data and refuses Fortran order.
 */
public record NpyHeader(DataType dtype, long[] shape, boolean fortranOrder, boolean bigEndian, long dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads magic + length + header to a multiple of this so the data can be memory-mapped aligned. */
    private static final int ALIGN = 64;
    /**
     * numpy (since 1.24) leaves room after the dict for axis 0 to grow to this many digits, so a
     * header can be rewritten in place; matching it keeps our files byte-identical to numpy.save's.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Headers of plain arrays are ~128 bytes; a larger length field means a damaged file. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative extent in npy shape " + Arrays.toString(shape));
            }
        }
        if (dataOffset < 0) {
            throw new IllegalArgumentException("npy data offset must be >= 0, got " + dataOffset);
        }
        // byte order means nothing for one-byte types; numpy writes '|' for them
        bigEndian = bigEndian && dtype.size() > 1;
    }

    /** The header numpy.save would write for a little-endian C-order array; dataOffset is its length. */
    public static NpyHeader of(DataType dtype, long... shape) {
        NpyHeader provisional = new NpyHeader(dtype, shape, false, false, 0);
        return new NpyHeader(dtype, shape, false, false, provisional.toBytes().length);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The numpy type string of this header, e.g. {@code <u2}. */
    public String descr() {
        return NpyDescr.format(dtype, bigEndian);
    }

    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Bytes of array data that follow the header. */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), (long) dtype.size());
    }

    /** The shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (40, 50)}. */
    public String shapeText() {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            sb.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return sb.append(')').toString();
    }

    /**
     * The header bytes exactly as numpy.save writes them: format 1.0, or 2.0 when the header does
     * not fit 1.0's 16-bit length. {@code dataOffset} is not consulted; the result's length is it.
     */
    public byte[] toBytes() {
        String dict = "{'descr': '" + descr() + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shapeText() + ", }";
        if (shape.length > 0) {
            long growAxis = shape[fortranOrder ? shape.length - 1 : 0];
            dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growAxis).length()));
        }
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int lengthBytes = 2;
        int padded = paddedLength(text.length, lengthBytes);
        if (padded > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            padded = paddedLength(text.length, lengthBytes);
        }
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            out.putShort((short) padded);
        } else {
            out.putInt(padded);
        }
        out.put(text);
        while (out.position() < out.capacity() - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Length of dict + spaces + newline, so that the whole header ends on a multiple of 64. */
    private static int paddedLength(int textLength, int lengthBytes) {
        int withNewline = textLength + 1;
        int pad = ALIGN - (MAGIC.length + 2 + lengthBytes + withNewline) % ALIGN;
        return withNewline + pad;
    }

    /**
     * Reads and checks the header at the start of {@code channel}.
     *
     * @param file named in every error message
     * @throws NpyFormatException when the file is not an npy file, its header is damaged or
     *     truncated, or it holds a type zarr-relay does not support
     */
    public static NpyHeader read(FileChannel channel, Path file) {
        try {
            long size = channel.size();
            if (size == 0) {
                throw new NpyFormatException(file + " is empty (0 bytes): it was probably cut off while being saved or"
                        + " copied; save or copy it again");
            }
            byte[] prefix = readAt(channel, 0, (int) Math.min(size, 12));
            checkMagic(prefix, file);
            int major = prefix[6] & 0xff;
            int minor = prefix[7] & 0xff;
            if (!(minor == 0 && (major == 1 || major == 2 || major == 3))) {
                throw new NpyFormatException(file + " uses npy format version " + major + "." + minor
                        + "; zarr-relay reads versions 1.0, 2.0 and 3.0: save it with numpy.save from NumPy 1.x or 2.x");
            }
            int prefixLength = major == 1 ? 10 : 12;
            if (prefix.length < prefixLength) {
                throw new NpyFormatException(file + " is truncated: it ends after " + size
                        + " bytes, inside the npy header; save or copy it again");
            }
            ByteBuffer lengthField = ByteBuffer.wrap(prefix, 8, prefixLength - 8).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? lengthField.getShort() & 0xffffL : lengthField.getInt() & 0xffffffffL;
            if (headerLength > MAX_HEADER_BYTES) {
                throw new NpyFormatException(file + " claims an npy header of " + headerLength + " bytes, more than the "
                        + MAX_HEADER_BYTES + " zarr-relay accepts: the file is damaged; save the array again with"
                        + " numpy.save(path, array)");
            }
            if (prefixLength + headerLength > size) {
                throw new NpyFormatException(file + " is truncated: its npy header should be " + headerLength
                        + " bytes long but the file ends after " + size + " bytes; save or copy it again");
            }
            byte[] raw = readAt(channel, prefixLength, (int) headerLength);
            String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return fromDict(text, file, prefixLength + headerLength);
        } catch (IOException e) {
            throw new RelayException("cannot read the npy header of " + file + ": " + e, e);
        }
    }

    private static void checkMagic(byte[] prefix, Path file) {
        boolean magic = prefix.length >= 8;
        for (int i = 0; magic && i < MAGIC.length; i++) {
            magic = prefix[i] == MAGIC[i];
        }
        if (magic) {
            return;
        }
        if (prefix.length >= 4 && prefix[0] == 'P' && prefix[1] == 'K' && prefix[2] == 3 && prefix[3] == 4) {
            throw new NpyFormatException(file + " is a zip archive (an .npz from numpy.savez?), not a .npy file:"
                    + " save a single array with numpy.save(path, array)");
        }
        throw new NpyFormatException(file + " is not a NumPy .npy file: it does not start with the npy magic bytes"
                + " \\x93NUMPY" + (prefix.length < 8 ? " (it has only " + prefix.length + " bytes)" : "")
                + ": save the array with numpy.save(path, array)");
    }

    private static NpyHeader fromDict(String text, Path file, long dataOffset) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage(), text);
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw damaged(file, "it is not a dictionary", text);
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw damaged(file, "it lacks the key '" + key + "'", text);
            }
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw damaged(file, "it has the unexpected key '" + key + "' (numpy writes only descr, fortran_order"
                        + " and shape)", text);
            }
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw damaged(file, "'fortran_order' is not True or False", text);
        }
        long[] shape = shape(dict.get("shape"), file, text);
        NpyDescr.Decoded type = NpyDescr.parse(dict.get("descr"), file);
        return new NpyHeader(type.dtype(), shape, fortran, type.bigEndian(), dataOffset);
    }

    private static long[] shape(Object value, Path file, String text) {
        if (!(value instanceof List<?> list)) {
            throw damaged(file, "'shape' is not a tuple of integers", text);
        }
        long[] shape = new long[list.size()];
        for (int d = 0; d < shape.length; d++) {
            if (!(list.get(d) instanceof Long n) || n < 0) {
                throw damaged(file, "'shape' has " + list.get(d) + " on axis " + d + ", not a count >= 0", text);
            }
            shape[d] = n;
        }
        try {
            new NpyHeader(DataType.FLOAT64, shape, false, false, 0).dataBytes();
        } catch (ArithmeticException e) {
            throw damaged(file, "'shape' " + list + " has more elements than fit in 64 bits", text);
        }
        return shape;
    }

    private static NpyFormatException damaged(Path file, String what, String text) {
        String shown = text.strip();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "...";
        }
        return new NpyFormatException(file + " has a damaged npy header: " + what + " in " + shown
                + "; save the array again with numpy.save(path, array)");
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && dtype == h.dtype && Arrays.equals(shape, h.shape)
                && fortranOrder == h.fortranOrder && bigEndian == h.bigEndian && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), fortranOrder, bigEndian, dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + descr() + " " + shapeText() + (fortranOrder ? " fortran" : "") + " data at " + dataOffset + "]";
    }
}
