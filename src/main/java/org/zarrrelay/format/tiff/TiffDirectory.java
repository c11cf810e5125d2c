package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One parsed IFD of a classic TIFF: its fields by tag, values read eagerly (they are small). */
final class TiffDirectory {
    private final Map<Integer, long[]> numbers = new HashMap<>();
    private final Map<Integer, String> texts = new HashMap<>();
    private final Map<Integer, byte[]> bytes = new HashMap<>();
    final long next;

    private TiffDirectory(long next) {
        this.next = next;
    }

    /** Reads the IFD at {@code offset}. */
    static TiffDirectory read(FileChannel ch, long offset, ByteOrder order) throws IOException {
        ByteBuffer countBuf = readAt(ch, offset, 2, order);
        int n = countBuf.getShort() & 0xffff;
        ByteBuffer b = readAt(ch, offset + 2, 12 * n + 4, order);
        List<int[]> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            raw.add(new int[] {b.getShort() & 0xffff, b.getShort() & 0xffff, b.getInt(), b.position()});
            b.position(b.position() + 4);
        }
        TiffDirectory dir = new TiffDirectory(b.getInt() & 0xffffffffL);
        for (int[] e : raw) {
            int tag = e[0];
            int type = e[1];
            long count = e[2] & 0xffffffffL;
            int size = switch (type) {
                case 1, 2, 6, 7 -> 1;
                case 3, 8 -> 2;
                case 4, 9, 11 -> 4;
                case 5, 10, 12 -> 8;
                default -> 0;
            };
            if (size == 0 || count * size > (64L << 20)) {
                continue;  // unknown type or implausibly large: not a field we use
            }
            int length = (int) (count * size);
            ByteBuffer value = length <= 4 ? b.duplicate().order(order).position(e[3]).limit(e[3] + length).slice().order(order)
                    : readAt(ch, b.duplicate().order(order).getInt(e[3]) & 0xffffffffL, length, order);
            switch (type) {
                case 2 -> {
                    byte[] s = new byte[length];
                    value.get(s);
                    int end = s.length;
                    while (end > 0 && s[end - 1] == 0) {
                        end--;
                    }
                    dir.texts.put(tag, new String(s, 0, end, StandardCharsets.ISO_8859_1));
                }
                case 1, 7 -> {
                    byte[] s = new byte[length];
                    value.get(s);
                    dir.bytes.put(tag, s);
                }
                default -> {
                    long[] v = new long[(int) count * (type == 5 || type == 10 ? 2 : 1)];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = switch (type) {
                            case 3 -> value.getShort() & 0xffff;
                            case 8 -> value.getShort();
                            case 4, 5 -> value.getInt() & 0xffffffffL;
                            case 9, 10 -> value.getInt();
                            default -> value.getInt();
                        };
                    }
                    dir.numbers.put(tag, v);
                }
            }
        }
        return dir;
    }

    static ByteBuffer readAt(FileChannel ch, long offset, int length, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long at = offset;
        while (b.hasRemaining()) {
            int r = ch.read(b, at);
            if (r < 0) {
                throw new IOException("the file ends at byte " + at + ", before the " + length + " bytes at " + offset);
            }
            at += r;
        }
        return b.flip().order(order);
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

    boolean has(int tag) {
        return numbers.containsKey(tag) || texts.containsKey(tag) || bytes.containsKey(tag);
    }
}
