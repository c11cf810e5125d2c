package org.zarrrelay.format.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds one image file directory (TIFF 6.0 section 2): entries sorted by tag, values of more than
 * four bytes placed after the entries, word-aligned, so the IFD is one contiguous block.
 */
final class IfdWriter {
    private record Entry(int tag, short type, int count, byte[] value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    IfdWriter shortValue(int tag, int v) {
        return add(tag, TiffTags.SHORT, 1, le(2).putShort((short) v).array());
    }

    IfdWriter longValue(int tag, long v) {
        return add(tag, TiffTags.LONG, 1, le(4).putInt((int) v).array());
    }

    IfdWriter rational(int tag, long numerator, long denominator) {
        return add(tag, TiffTags.RATIONAL, 1, le(8).putInt((int) numerator).putInt((int) denominator).array());
    }

    IfdWriter ascii(int tag, String text) {
        byte[] b = (text + "\0").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return add(tag, TiffTags.ASCII, b.length, b);
    }

    IfdWriter bytes(int tag, byte[] value) {
        return add(tag, TiffTags.BYTE, value.length, value);
    }

    IfdWriter longs(int tag, long... values) {
        ByteBuffer b = le(4 * values.length);
        for (long v : values) {
            b.putInt((int) v);
        }
        return add(tag, TiffTags.LONG, values.length, b.array());
    }

    private IfdWriter add(int tag, short type, int count, byte[] value) {
        entries.add(new Entry(tag, type, count, value));
        return this;
    }

    /** Bytes this IFD takes, values included. */
    int size() {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry e : entries) {
            if (e.value.length > 4) {
                size += (e.value.length + 1) & ~1;
            }
        }
        return size;
    }

    /** The IFD as it sits at file offset {@code at}, pointing to the next IFD at {@code next} (0: none). */
    byte[] toBytes(long at, long next) {
        entries.sort(Comparator.comparingInt(Entry::tag));
        ByteBuffer b = le(size());
        b.putShort((short) entries.size());
        long valueAt = at + 2 + 12L * entries.size() + 4;
        List<byte[]> outOfLine = new ArrayList<>();
        for (Entry e : entries) {
            b.putShort((short) e.tag).putShort(e.type).putInt(e.count);
            if (e.value.length <= 4) {
                byte[] inline = new byte[4];
                System.arraycopy(e.value, 0, inline, 0, e.value.length);
                b.put(inline);
            } else {
                b.putInt((int) valueAt);
                outOfLine.add(e.value);
                valueAt += (e.value.length + 1) & ~1;
            }
        }
        b.putInt((int) next);
        for (byte[] v : outOfLine) {
            b.put(v);
            if ((v.length & 1) == 1) {
                b.put((byte) 0);
            }
        }
        return b.array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
