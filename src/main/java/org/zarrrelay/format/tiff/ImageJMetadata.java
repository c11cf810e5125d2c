package org.zarrrelay.format.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ImageJ's private metadata block (tags 50838/50839, written by ij.io.TiffEncoder): a header of
 * the magic "IJIJ" and (type, count) pairs, then the blocks. We write and read the "info" block,
 * ImageJ's Info property, as UTF-16 in the file's byte order.
 */
final class ImageJMetadata {
    /** Header size for one block type: magic + (type, count). */
    static final int HEADER = 12;

    private ImageJMetadata() {
    }

    /** {header bytes, info bytes, header + info} for a little-endian file. */
    static byte[][] info(String text) {
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(TiffTags.IJ_MAGIC).putInt(TiffTags.IJ_INFO).putInt(1);
        ByteBuffer chars = ByteBuffer.allocate(2 * text.length()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < text.length(); i++) {
            chars.putChar(text.charAt(i));
        }
        byte[] all = new byte[HEADER + chars.capacity()];
        System.arraycopy(header.array(), 0, all, 0, HEADER);
        System.arraycopy(chars.array(), 0, all, HEADER, chars.capacity());
        return new byte[][] {header.array(), chars.array(), all};
    }

    /** The Info text in a metadata block, or null when there is none. */
    static String readInfo(long[] counts, byte[] data, ByteOrder order) {
        if (counts == null || counts.length < 2 || data == null || data.length < HEADER) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        if (b.getInt(0) != TiffTags.IJ_MAGIC) {
            return null;
        }
        if (counts[0] < 4 || counts[0] > data.length) {
            return null;  // a header ImageJ would not write; the Info is lost, the pixels are not
        }
        int types = (int) ((counts[0] - 4) / 8);
        int block = 1;
        long at = counts[0];
        for (int t = 0; t < types; t++) {
            int type = b.getInt(4 + 8 * t);
            int n = b.getInt(8 + 8 * t);
            for (int k = 0; k < n && block < counts.length; k++, block++) {
                if (type == TiffTags.IJ_INFO && at + counts[block] <= data.length) {
                    StringBuilder sb = new StringBuilder();
                    for (long i = at; i + 1 < at + counts[block]; i += 2) {
                        sb.append(b.getChar((int) i));
                    }
                    return sb.toString();
                }
                at += counts[block];
            }
        }
        return null;
    }
}
