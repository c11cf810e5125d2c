package org.zarrrelay.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Reads and writes of byte ranges of Java arrays through channels, at most {@link #PIECE} bytes per
 * call to the JDK, through one page-aligned native buffer per thread.
 *
 * <p>Pieces: the JDK copies an array-backed buffer through a native buffer as large as the call,
 * and keeps that buffer for the thread afterwards. Writing a whole slab in one call therefore left a
 * slab-sized block of native memory (outside {@code -Xmx}) beside every thread that had written
 * one, and a new process paid for touching all of it: writing 32 MB in one call took 31–122 ms in
 * a fresh JVM on the project's VM, in 1 MB pieces 13 ms.
 *
 * <p>Our own buffer, aligned: the JDK's buffers of 128 KB and more come from {@code malloc}'s own
 * mappings, 16 bytes past a page boundary, and the kernel copies file data into such an address
 * 2.6 times slower than into an aligned one on the project's (AMD EPYC) VMs: reading 32 MB from the
 * page cache took 17 ms through the JDK's buffer, 6.6 ms through a page-aligned one. Writes take
 * the same time either way.
 */
public final class ChannelIO {
    /** The most bytes handed to the JDK at once: large enough that the calls cost nothing next to the copying. */
    public static final int PIECE = 1 << 20;

    private static final int PAGE = 4096;

    /** Each thread's piece buffer; a thread that never reads or writes through here has none. */
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PIECE + PAGE).alignedSlice(PAGE).limit(PIECE).slice());

    private ChannelIO() {
    }

    /** This thread's piece buffer (for tests). */
    static ByteBuffer threadBuffer() {
        return BUFFER.get();
    }

    /** Writes all of {@code data} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, long position) throws IOException {
        write(channel, data, 0, data.length, position);
    }

    /** Writes all of {@code data[off, off + len)} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, int off, int len, long position) throws IOException {
        ByteBuffer buf = BUFFER.get();
        for (int at = off, end = off + len; at < end; ) {
            int n = Math.min(PIECE, end - at);
            buf.clear();
            buf.put(data, at, n).flip();
            long to = position + (at - off);
            while (buf.hasRemaining()) {
                to += channel.write(buf, to);
            }
            at += n;
        }
    }

    /** Writes all of {@code data[off, off + len)} at the channel's position, which moves past them. */
    public static void write(WritableByteChannel channel, byte[] data, int off, int len) throws IOException {
        ByteBuffer buf = BUFFER.get();
        for (int at = off, end = off + len; at < end; ) {
            int n = Math.min(PIECE, end - at);
            buf.clear();
            buf.put(data, at, n).flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            at += n;
        }
    }

    /**
     * Fills {@code data[off, off + len)} from {@code position} on, without moving the channel's
     * position.
     *
     * @return how many bytes were read: {@code len}, or fewer when the file ended first
     */
    public static int read(FileChannel channel, byte[] data, int off, int len, long position) throws IOException {
        ByteBuffer buf = BUFFER.get();
        int at = off;
        int end = off + len;
        while (at < end) {
            buf.clear().limit(Math.min(PIECE, end - at));
            boolean ended = false;
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + (at - off) + buf.position()) < 0) {
                    ended = true;
                    break;
                }
            }
            int n = buf.position();
            buf.flip().get(data, at, n);
            at += n;
            if (ended) {
                return at - off;
            }
        }
        return len;
    }
}
