package org.zarrrelay.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Reads and writes of byte ranges of Java arrays through channels, at most {@link #PIECE} bytes per
 * call to the JDK, through one native buffer per thread, placed so that the kernel copies between
 * addresses at the same offset within a page.
 *
 * <p>Pieces: the JDK copies an array-backed buffer through a native buffer as large as the call,
 * and keeps that buffer for the thread afterwards. Writing a whole slab in one call therefore left a
 * slab-sized block of native memory (outside {@code -Xmx}) beside every thread that had written
 * one, and a new process paid for touching all of it: writing 32 MB in one call took 31–122 ms in
 * a fresh JVM on the project's VM, in 1 MB pieces 13 ms.
 *
 * <p>Placement: the kernel's copy between the page cache and a buffer ran twice as slow, or slower,
 * when the destination lay a few bytes (up to about 64) past the source within a page, on the
 * project's AMD EPYC VMs: 32 MB read from the page cache into a buffer 16 bytes past a page took
 * 17 ms, into one at the file data's own page offset 6.6 ms; 32 MB written after an 8-byte header
 * from a page-aligned buffer 20 ms, from one at the header's offset 10.8 ms. The JDK's buffers of 128
 * KB and more come 16 bytes past a page, and file data starts wherever its format puts it. So each
 * piece goes into this buffer at the offset within a page that its bytes have in the file.
 */
public final class ChannelIO {
    /** The most bytes handed to the JDK at once: large enough that the calls cost nothing next to the copying. */
    public static final int PIECE = 1 << 20;

    private static final int PAGE = 4096;

    /** Each thread's buffer: a piece at any offset within the first page; a thread that never reads or writes through here has none. */
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PIECE + 2 * PAGE).alignedSlice(PAGE));

    private ChannelIO() {
    }

    /**
     * This thread's buffer, cleared, positioned at the offset within a page that file position
     * {@code position} has (for the bytes from there on); package-private for tests.
     */
    static ByteBuffer placedFor(long position) {
        ByteBuffer buf = BUFFER.get();
        buf.clear().position((int) (position & (PAGE - 1)));
        return buf;
    }

    /** Writes all of {@code data} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, long position) throws IOException {
        write(channel, data, 0, data.length, position);
    }

    /** Writes all of {@code data[off, off + len)} at {@code position}, without moving the channel's position. */
    public static void write(FileChannel channel, byte[] data, int off, int len, long position) throws IOException {
        for (int at = off, end = off + len; at < end; ) {
            int n = Math.min(PIECE, end - at);
            long to = position + (at - off);
            ByteBuffer buf = filled(to, data, at, n);
            while (buf.hasRemaining()) {
                to += channel.write(buf, to);
            }
            at += n;
        }
    }

    /** Writes all of {@code data[off, off + len)} at the channel's position, which moves past them. */
    public static void write(WritableByteChannel channel, byte[] data, int off, int len) throws IOException {
        FileChannel file = channel instanceof FileChannel f ? f : null;
        for (int at = off, end = off + len; at < end; ) {
            int n = Math.min(PIECE, end - at);
            ByteBuffer buf = filled(file != null ? file.position() : 0, data, at, n);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            at += n;
        }
    }

    /** The buffer holding {@code data[at, at + n)}, placed for file position {@code position}, ready to be written. */
    private static ByteBuffer filled(long position, byte[] data, int at, int n) {
        ByteBuffer buf = placedFor(position);
        int start = buf.position();
        buf.put(data, at, n);
        return buf.flip().position(start);
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
            long from = position + (at - off);
            ByteBuffer buf = placedFor(from);
            int start = buf.position();
            buf.limit(start + Math.min(PIECE, end - at));
            boolean ended = false;
            while (buf.hasRemaining()) {
                if (channel.read(buf, from + (buf.position() - start)) < 0) {
                    ended = true;
                    break;
                }
            }
            int n = buf.position() - start;
            buf.get(start, data, at, n);
            at += n;
            if (ended) {
                return at - off;
            }
        }
        return len;
    }
}
