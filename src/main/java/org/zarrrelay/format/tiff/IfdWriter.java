package org.zarrrelay.format.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds one image file directory (TIFF 6.0 section 2): entries sorted by tag, values longer than
 * the entry's value field placed after the entries, word-aligned, so the IFD is one contiguous
 * block. A classic IFD has a 2-byte entry count, 12-byte entries with a 4-byte value field and a
 * 4-byte link; a BigTIFF IFD (TIFF Technical Note: BigTIFF) an 8-byte count, 20-byte entries with
 * an 8-byte value field and an 8-byte link.
 */
final class IfdWriter {
    private record Entry(int tag, short type, long count, byte[] value) {
    }

    private final boolean big;
    private final List<Entry> entries = new ArrayList<>();

    /** A classic TIFF directory. */
    IfdWriter() {
        this(false);
    }

    IfdWriter(boolean bigTiff) {
        this.big = bigTiff;
    }

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
        return text(tag, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An ASCII field holding {@code text} as given (OME-XML puts UTF-8 there), NUL-terminated. */
    IfdWriter text(int tag, byte[] text) {
        byte[] b = java.util.Arrays.copyOf(text, text.length + 1);
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

    /**
     * File offsets or byte counts: LONG in a classic TIFF, where each must be below 4 GiB, and LONG8
     * in a BigTIFF.
     */
    IfdWriter offsets(int tag, long... values) {
        if (!big) {
            for (long v : values) {
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("offset " + v + " of tag " + tag + " does not fit a classic TIFF's"
                            + " 4 bytes: the writer must have chosen BigTIFF for this file");
                }
            }
            return longs(tag, values);
        }
        ByteBuffer b = le(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return add(tag, TiffTags.LONG8, values.length, b.array());
    }

    private IfdWriter add(int tag, short type, long count, byte[] value) {
        entries.add(new Entry(tag, type, count, value));
        return this;
    }

    private int valueField() {
        return big ? 8 : 4;
    }

    /** Bytes of the entry count, the entries and the link to the next IFD, before the out-of-line values. */
    private int headBytes() {
        return big ? 8 + 20 * entries.size() + 8 : 2 + 12 * entries.size() + 4;
    }

    /** Bytes this IFD takes, values included. */
    int size() {
        int size = headBytes();
        for (Entry e : entries) {
            if (e.value.length > valueField()) {
                size += (e.value.length + 1) & ~1;
            }
        }
        return size;
    }

    /** The IFD as it sits at file offset {@code at}, pointing to the next IFD at {@code next} (0: none). */
    byte[] toBytes(long at, long next) {
        entries.sort(Comparator.comparingInt(Entry::tag));
        ByteBuffer b = le(size());
        putOffset(b, entries.size(), big ? 8 : 2);
        long valueAt = at + headBytes();
        List<byte[]> outOfLine = new ArrayList<>();
        for (Entry e : entries) {
            b.putShort((short) e.tag).putShort(e.type);
            putOffset(b, e.count, big ? 8 : 4);
            if (e.value.length <= valueField()) {
                byte[] inline = new byte[valueField()];
                System.arraycopy(e.value, 0, inline, 0, e.value.length);
                b.put(inline);
            } else {
                putOffset(b, valueAt, valueField());
                outOfLine.add(e.value);
                valueAt += (e.value.length + 1) & ~1;
            }
        }
        putOffset(b, next, valueField());
        for (byte[] v : outOfLine) {
            b.put(v);
            if ((v.length & 1) == 1) {
                b.put((byte) 0);
            }
        }
        return b.array();
    }

    private static void putOffset(ByteBuffer b, long v, int bytes) {
        switch (bytes) {
            case 2 -> b.putShort((short) v);
            case 4 -> b.putInt((int) v);
            default -> b.putLong(v);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
