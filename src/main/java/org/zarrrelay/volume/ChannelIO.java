package org.zarrrelay.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Reads and writes of byte ranges of Java arrays through channels, at most {@link #PIECE} bytes per
 * call to the JDK.
 *
 * <p>The JDK copies an array-backed buffer through a native buffer as large as the call, and keeps
 * that buffer for the thread afterwards. Writing a whole slab in one call therefore left a
 * slab-sized block of native memory (outside {@code -Xmx}) beside every thread that had written
 * one, and a new process paid for touching all of it: writing 32 MB in one call took 31–122 ms in
 * a fresh JVM on the project's VM, in 1 MB pieces 13 ms. With pieces, a thread keeps at most one
 * piece-sized buffer.
 */
public final class ChannelIO {
    /** The most bytes handed to the JDK at once: large enough that the calls cost nothing next to the copying. */
    public static final int PIECE = 1 << 20;

    private ChannelIO() {
    }

    /** Writes all of {@code data} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, long position) throws IOException {
        write(channel, data, 0, data.length, position);
    }

    /** Writes all of {@code data[off, off + len)} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, int off, int len, long position) throws IOException {
        // buffers wrap the array, so a buffer's position is an index into data: byte i goes to position + (i - off)
        for (int at = off, end = off + len; at < end; ) {
            ByteBuffer buf = ByteBuffer.wrap(data, at, Math.min(PIECE, end - at));
            while (buf.hasRemaining()) {
                channel.write(buf, position + buf.position() - off);
            }
            at = buf.position();
        }
    }

    /** Writes all of {@code data[off, off + len)} at the channel's position, which moves past them. */
    public static void write(WritableByteChannel channel, byte[] data, int off, int len) throws IOException {
        for (int at = off, end = off + len; at < end; ) {
            ByteBuffer buf = ByteBuffer.wrap(data, at, Math.min(PIECE, end - at));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            at = buf.position();
        }
    }

    /**
     * Fills {@code data[off, off + len)} from {@code position} on, without moving the channel's
     * position.
     *
     * @return how many bytes were read: {@code len}, or fewer when the file ended first
     */
    public static int read(FileChannel channel, byte[] data, int off, int len, long position) throws IOException {
        int at = off;
        int end = off + len;
        while (at < end) {
            ByteBuffer buf = ByteBuffer.wrap(data, at, Math.min(PIECE, end - at));
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position() - off) < 0) {
                    return buf.position() - off;
                }
            }
            at = buf.position();
        }
        return len;
    }
}
