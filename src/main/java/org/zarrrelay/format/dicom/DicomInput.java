package org.zarrrelay.format.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.zarrrelay.RelayException;

/**
 * A little-endian byte stream over one file of a series whose length is known before reading, so
 * every length field can be checked against what is left before anything is allocated or skipped.
 */
final class DicomInput implements AutoCloseable {
    static final long UNDEFINED = 0xFFFF_FFFFL;

    private final InputStream in;
    private final long length;
    private final String name;
    private long position;

    DicomInput(InputStream in, long length, String name) {
        this.in = new BufferedInputStream(in, 16384);
        this.length = length;
        this.name = name;
    }

    long position() {
        return position;
    }

    long remaining() {
        return length - position;
    }

    int u16() throws IOException {
        byte[] b = bytes(2, "a 2-byte number");
        return (b[0] & 0xff) | (b[1] & 0xff) << 8;
    }

    long u32() throws IOException {
        byte[] b = bytes(4, "a 4-byte number");
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    /** A tag: group then element, each a little-endian 16-bit number. */
    int tag() throws IOException {
        int group = u16();
        return group << 16 | u16();
    }

    /** The group of the next tag, without consuming it; -1 at the end. */
    int peekGroup() throws IOException {
        if (remaining() < 2) {
            return -1;
        }
        in.mark(2);
        int lo = in.read();
        int hi = in.read();
        in.reset();
        if (hi < 0) {
            throw ended();
        }
        return lo | hi << 8;
    }

    /** {@code n} bytes; the caller has bounded {@code n} to a small size. */
    byte[] bytes(long n, String what) throws IOException {
        check(n, what);
        byte[] b = new byte[(int) n];
        int got = in.readNBytes(b, 0, b.length);
        position += got;
        if (got < n) {
            throw ended();
        }
        return b;
    }

    void skip(long n, String what) throws IOException {
        check(n, what);
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw ended();
                }
                s = 1;
            }
            left -= s;
            position += s;
        }
    }

    private void check(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw damaged(what + " at byte " + position + " needs " + n + " bytes, but the file ends after "
                    + remaining() + " more");
        }
    }

    private RelayException ended() {
        return damaged("it ended at byte " + position + " although it is " + length + " bytes long (did it change while"
                + " being read?)");
    }

    RelayException damaged(String what) {
        return HeaderParser.damaged(name, what);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // a file we only read: nothing is lost
        }
    }
}
