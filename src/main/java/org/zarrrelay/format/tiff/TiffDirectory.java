package org.zarrrelay.format.tiff;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One parsed IFD of a classic TIFF (TIFF 6.0 section 2) or a BigTIFF (TIFF Technical Note: BigTIFF):
 * the fields we use, by tag, read eagerly (they are small). Fields we do not use are only checked to
 * lie inside the file, never read, so a damaged private tag costs nothing and a crafted one cannot
 * make us allocate.
 */
final class TiffDirectory {
    /** Bytes of a classic IFD with one entry: the entry count, the entry, the offset of the next IFD. */
    static final int MIN_BYTES = 2 + 12 + 4;
    /** The same in a BigTIFF. */
    static final int MIN_BIG_BYTES = 8 + 20 + 8;
    /**
     * Texts longer than this are not read, only their length kept: a description is a few hundred
     * bytes (ImageJ) to a few MB (OME-XML of many thousand planes).
     */
    static final long MAX_TEXT_BYTES = 32L << 20;

    private final Map<Integer, long[]> numbers = new HashMap<>();
    private final Map<Integer, String> texts = new HashMap<>();
    private final Map<Integer, byte[]> bytes = new HashMap<>();
    private final Map<Integer, Long> oversized = new HashMap<>();
    final long next;

    private TiffDirectory(long next) {
        this.next = next;
    }

    /**
     * Reads the IFD at {@code offset}, keeping the fields whose tags are in {@code wanted}.
     *
     * @param number the IFD's place in the chain, from 1, for messages
     */
    static TiffDirectory read(TiffInput in, long offset, int number, Set<Integer> wanted) {
        String name = "image directory " + number;
        int countBytes = in.big ? 8 : 2;
        int entryBytes = in.big ? 20 : 12;
        int field = in.big ? 8 : 4;
        ByteBuffer head = in.structure(offset, countBytes, name);
        long n = in.big ? head.getLong() : head.getShort() & 0xffff;
        if (in.big && n > in.size / entryBytes) {  // a classic count (< 65536) cannot overflow what follows
            throw in.damaged("its " + name + " claims " + Long.toUnsignedString(n) + " entries at byte " + offset
                    + ", more than the file (" + in.size + " bytes) holds");
        }
        ByteBuffer b = in.structure(offset, countBytes + entryBytes * n + field, name + " (" + n + " entries)");
        int end = (int) (countBytes + entryBytes * n);
        TiffDirectory dir = new TiffDirectory(in.big ? unsigned(b.getLong(end)) : b.getInt(end) & 0xffffffffL);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int at = countBytes + entryBytes * i;
            int tag = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & 0xffff;
            long count = in.big ? unsigned(b.getLong(at + 4)) : b.getInt(at + 4) & 0xffffffffL;
            int valueField = at + (in.big ? 12 : 8);
            int size = typeSize(type);
            if (size == 0) {
                continue;  // a type after TIFF 6.0: readers must skip it (section 2)
            }
            String what = "tag " + tag + " in " + name;
            if (in.big && count > in.size) {  // keeps count * size from overflowing
                throw in.damaged("the value of " + what + " (" + Long.toUnsignedString(count) + " values of " + size
                        + " bytes) is larger than the file (" + in.size + " bytes)");
            }
            long length = count * size;
            boolean inline = length <= field;
            long valueAt = inline ? 0 : in.big ? unsigned(b.getLong(valueField)) : b.getInt(valueField) & 0xffffffffL;
            if (!inline && (valueAt > in.size || length > in.size - valueAt)) {
                throw in.damaged("the value of " + what + " at byte " + valueAt + " (" + length
                        + " bytes) reaches past the end of the file (" + in.size + " bytes)");
            }
            // a repeated tag breaks the rule that tags are unique and ascending; the first one counts
            if (!wanted.contains(tag) || !seen.add(tag)) {
                continue;
            }
            if (type == TiffTags.ASCII && length > MAX_TEXT_BYTES) {
                dir.oversized.put(tag, length);
                continue;
            }
            ByteBuffer value = inline ? b.duplicate().position(valueField).limit(valueField + (int) length).slice().order(in.order)
                    : in.structure(valueAt, length, "value of " + what);
            dir.put(tag, type, (int) count, value);
        }
        return dir;
    }

    /** An unsigned 8-byte offset or count; one past 2^63 lies past the end of any file, so it becomes the largest long. */
    private static long unsigned(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /**
     * Bytes per value of a field type (TIFF 6.0 section 2; 13 is IFD from TIFF Technical Note 1; 16-18
     * are BigTIFF's LONG8, SLONG8 and IFD8); 0 if unknown.
     */
    private static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    private void put(int tag, int type, int count, ByteBuffer value) {
        switch (type) {
            case 2 -> {
                byte[] s = new byte[count];
                value.get(s);
                int end = s.length;
                while (end > 0 && s[end - 1] == 0) {
                    end--;
                }
                texts.put(tag, new String(s, 0, end, StandardCharsets.ISO_8859_1));
            }
            case 1, 7 -> {
                byte[] s = new byte[count];
                value.get(s);
                bytes.put(tag, s);
            }
            default -> {
                boolean rational = type == 5 || type == 10;
                long[] v = new long[rational ? 2 * count : count];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (type) {
                        case 6 -> value.get();
                        case 3 -> value.getShort() & 0xffff;
                        case 8 -> value.getShort();
                        case 4, 5, 13 -> value.getInt() & 0xffffffffL;
                        case 16, 18 -> unsigned(value.getLong());
                        case 17 -> value.getLong();
                        case 12 -> (long) value.getDouble();
                        case 11 -> (long) value.getFloat();
                        default -> value.getInt();
                    };
                }
                numbers.put(tag, v);
            }
        }
    }

    long number(int tag, long dflt) {
        long[] v = numbers.get(tag);
        return v == null || v.length == 0 ? dflt : v[0];
    }

    long[] numbers(int tag) {
        return numbers.get(tag);
    }

    String text(int tag) {
        return texts.get(tag);
    }

    byte[] bytes(int tag) {
        return bytes.get(tag);
    }

    /** The length of a text field too long to be read (see {@link #MAX_TEXT_BYTES}), or 0. */
    long oversizedText(int tag) {
        return oversized.getOrDefault(tag, 0L);
    }

    boolean has(int tag) {
        return numbers.containsKey(tag) || texts.containsKey(tag) || bytes.containsKey(tag);
    }
}
