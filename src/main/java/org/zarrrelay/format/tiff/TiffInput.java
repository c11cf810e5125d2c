package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.ChannelIO;

/**
 * A classic TIFF or a BigTIFF open for reading, with its header checked. Every read of the file's structure (the
 * image directories and the values they point to) is checked against the file's real length before
 * a buffer is allocated, and all of them together are held to a budget: in a sound file they never
 * overlap, so they add up to less than the file; a chain that repeats or overlaps itself hits the
 * budget instead of making the reader allocate or read without end.
 */
final class TiffInput implements AutoCloseable {
    /** Room above the file's length for values that writers share between directories. */
    private static final int SHARING_FACTOR = 2;
    /** Sound files hold a few hundred bytes of structure per plane; this is thousands of times more. */
    static final long STRUCTURE_LIMIT = 64L << 20;
    private static final int BIG_HEADER = 16;

    final Path file;
    final long size;
    final ByteOrder order;
    final long firstDirectory;
    /** True for a BigTIFF: 8-byte offsets and counts, 20-byte directory entries. */
    final boolean big;
    private final FileChannel channel;
    private final long structureBudget;
    private long structureRead;

    private TiffInput(Path file, FileChannel channel, long size, ByteOrder order, boolean big, long firstDirectory) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.order = order;
        this.big = big;
        this.firstDirectory = firstDirectory;
        this.structureBudget = Math.min(STRUCTURE_LIMIT, SHARING_FACTOR * size);
    }

    /** Opens {@code file} and checks its 8-byte header; the caller closes the result. */
    static TiffInput open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RelayException("TIFF file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new RelayException("TIFF file " + file + " could not be opened: " + e.getMessage(), e);
        }
        try {
            return checkHeader(file, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static TiffInput checkHeader(Path file, FileChannel channel) {
        long size;
        ByteBuffer header = ByteBuffer.allocate(16);
        try {
            size = channel.size();
            if (size == 0) {
                throw new RelayException("TIFF file " + file + " is empty (0 bytes): it was probably cut off while"
                        + " being saved or copied; save or copy it again");
            }
            if (size < 8) {
                throw new RelayException("TIFF file " + file + " is not a TIFF file (it holds only " + size + " bytes)");
            }
            readFully(channel, header.limit((int) Math.min(16, size)), 0);
        } catch (IOException e) {
            throw new RelayException("TIFF file " + file + " could not be read: " + e.getMessage(), e);
        }
        ByteOrder order;
        if (header.get(0) == 'I' && header.get(1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (header.get(0) == 'M' && header.get(1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new RelayException("TIFF file " + file + " is not a TIFF file (it does not start with II or MM)");
        }
        header.order(order);
        int magic = header.getShort(2) & 0xffff;
        if (magic == TiffTags.BIG_MAGIC) {
            return bigTiff(file, channel, size, order, header);
        }
        if (magic != TiffTags.CLASSIC_MAGIC) {
            throw new RelayException("TIFF file " + file + " is not a TIFF file (magic number " + magic + " instead of 42,"
                    + " or 43 for a BigTIFF)");
        }
        return new TiffInput(file, channel, size, order, false, header.getInt(4) & 0xffffffffL);
    }

    /** A BigTIFF header: byte size of offsets (8), a zero word, the 8-byte offset of the first directory. */
    private static TiffInput bigTiff(Path file, FileChannel channel, long size, ByteOrder order, ByteBuffer header) {
        if (size < BIG_HEADER) {
            throw new RelayException("TIFF file " + file + " is damaged: it starts as a BigTIFF but holds only " + size
                    + " bytes, less than a BigTIFF header (16); save the image again from the tool that made it");
        }
        int offsetSize = header.getShort(4) & 0xffff;
        int zero = header.getShort(6) & 0xffff;
        if (offsetSize != 8 || zero != 0) {
            throw new RelayException("TIFF file " + file + " is damaged: its BigTIFF header gives offsets of " + offsetSize
                    + " bytes and a reserved word of " + zero + ", where BigTIFF has 8 and 0; save the image again from the"
                    + " tool that made it");
        }
        long first = header.getLong(8);
        // an unsigned offset past 2^63 lies past the end of any file: the directory check reports it
        return new TiffInput(file, channel, size, order, true, first < 0 ? Long.MAX_VALUE : first);
    }

    /** Bytes of the header: 8, or 16 for a BigTIFF. */
    int headerSize() {
        return big ? BIG_HEADER : 8;
    }

    /**
     * {@code length} bytes of directory or value data at {@code offset}, in the file's byte order.
     *
     * @param what what the bytes are, for the message, e.g. "image directory 2 (12 entries)"
     */
    ByteBuffer structure(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw damaged("its " + what + " at byte " + offset + " (" + length + " bytes) reaches past the end of the"
                    + " file (" + size + " bytes)");
        }
        if (length > structureBudget - structureRead) {
            throw damaged("its image directories and the values they point to add up to more than "
                    + structureBudget + " bytes (reached at the " + what + "): they point into the same bytes again and"
                    + " again, which no sound file does");
        }
        structureRead += length;
        ByteBuffer b = ByteBuffer.allocate((int) length);
        try {
            readFully(channel, b, offset);
        } catch (IOException e) {
            throw new RelayException("TIFF file " + file + " could not be read: " + e.getMessage(), e);
        }
        return b.flip().order(order);
    }

    /** Fills {@code dst[at, at + length)} from {@code offset}; the caller has checked that the bytes lie inside the file. */
    void read(byte[] dst, int at, int length, long offset) throws IOException {
        int read = ChannelIO.read(channel, dst, at, length, offset);
        if (read < length) {
            throw new IOException("the file ended at byte " + (offset + read) + " while it was being read (did it change?)");
        }
    }

    RelayException damaged(String what) {
        return damaged(what, null);
    }

    RelayException damaged(String what, Throwable cause) {
        return new RelayException("TIFF file " + file + " is damaged: " + what
                + "; save the image again from the tool that made it", cause);
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long offset) throws IOException {
        long at = offset;
        while (dst.hasRemaining()) {
            int r = channel.read(dst, at);
            if (r < 0) {
                throw new IOException("the file ended at byte " + at + " while it was being read (did it change?)");
            }
            at += r;
        }
    }

    private static void closeQuietly(FileChannel channel, RuntimeException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a file we only read: nothing is lost
        }
    }
}
