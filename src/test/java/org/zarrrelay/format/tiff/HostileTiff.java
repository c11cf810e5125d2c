package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Little-endian TIFF files put together block by block at chosen offsets, so that a test can make a
 * file lie in exactly one way: a directory pointing where it should not, a count that is too large.
 */
final class HostileTiff {
    private final byte[] bytes;

    private HostileTiff(int length, long firstDirectory) {
        bytes = new byte[length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I').putShort((short) 42)
                .putInt((int) firstDirectory);
    }

    /** A file of {@code length} zero bytes after a header whose first directory is at {@code firstDirectory}. */
    static HostileTiff of(int length, long firstDirectory) {
        return new HostileTiff(length, firstDirectory);
    }

    /** The same with a 16-byte BigTIFF header. */
    static HostileTiff bigOf(int length, long firstDirectory) {
        HostileTiff t = new HostileTiff(length, 0);
        ByteBuffer.wrap(t.bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(2, (short) 43).putShort(4, (short) 8)
                .putShort(6, (short) 0).putLong(8, firstDirectory);
        return t;
    }

    /** The directory of an uncompressed 8-bit grayscale plane held in one strip, in a BigTIFF. */
    static IfdWriter bigPlane(long width, long height, long stripOffset, long stripBytes) {
        return new IfdWriter(true)
                .longValue(TiffTags.IMAGE_WIDTH, width)
                .longValue(TiffTags.IMAGE_LENGTH, height)
                .shortValue(TiffTags.BITS_PER_SAMPLE, 8)
                .shortValue(TiffTags.PHOTOMETRIC, 1)
                .offsets(TiffTags.STRIP_OFFSETS, stripOffset)
                .longValue(TiffTags.ROWS_PER_STRIP, height)
                .offsets(TiffTags.STRIP_BYTE_COUNTS, stripBytes);
    }

    /** The directory of an uncompressed 8-bit grayscale plane held in one strip. */
    static IfdWriter plane(long width, long height, long stripOffset, long stripBytes) {
        return plane(width, height, stripOffset, stripBytes, 1);
    }

    /** The same with a TIFF compression scheme (8: deflate). */
    static IfdWriter plane(long width, long height, long stripOffset, long stripBytes, int compression) {
        return new IfdWriter()
                .longValue(TiffTags.IMAGE_WIDTH, width)
                .longValue(TiffTags.IMAGE_LENGTH, height)
                .shortValue(TiffTags.BITS_PER_SAMPLE, 8)
                .shortValue(TiffTags.COMPRESSION, compression)
                .shortValue(TiffTags.PHOTOMETRIC, 1)
                .longValue(TiffTags.STRIP_OFFSETS, stripOffset)
                .shortValue(TiffTags.SAMPLES_PER_PIXEL, 1)
                .longValue(TiffTags.ROWS_PER_STRIP, height)
                .longValue(TiffTags.STRIP_BYTE_COUNTS, stripBytes);
    }

    /** Places {@code ifd} at {@code at}, its next-directory pointer set to {@code next}. */
    HostileTiff directory(long at, IfdWriter ifd, long next) {
        return put(at, ifd.toBytes(at, next));
    }

    HostileTiff put(long at, byte[] block) {
        System.arraycopy(block, 0, bytes, (int) at, block.length);
        return this;
    }

    HostileTiff putShort(long at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort((int) at, (short) value);
        return this;
    }

    HostileTiff putLong(long at, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, value);
        return this;
    }

    HostileTiff putInt(long at, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at, (int) value);
        return this;
    }

    /** Byte offset of the value field of {@code tag} in the directory at {@code at}. */
    int valueFieldOf(long at, int tag) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getShort((int) at) & 0xffff;
        for (int i = 0; i < n; i++) {
            int entry = (int) at + 2 + 12 * i;
            if ((b.getShort(entry) & 0xffff) == tag) {
                return entry + 8;
            }
        }
        throw new IllegalArgumentException("no tag " + tag + " in the directory at " + at);
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes);
    }
}
