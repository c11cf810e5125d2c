package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A TIFF of several GB written as a sparse file: its length set, then only the blocks a test cares
 * about written at their offsets (past 4 GiB where it matters). Takes no disk beyond those blocks on
 * file systems with holes, which every Linux file system the tests run on has.
 */
final class SparseTiff implements AutoCloseable {
    private final FileChannel channel;

    private SparseTiff(FileChannel channel) {
        this.channel = channel;
    }

    static SparseTiff create(Path file, long length) throws IOException {
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE);
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
        return new SparseTiff(c);
    }

    /** A classic little-endian header pointing to its first directory. */
    SparseTiff classicHeader(long firstDirectory) throws IOException {
        return put(0, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
                .putShort((short) 42).putInt((int) firstDirectory).array());
    }

    /** A BigTIFF little-endian header pointing to its first directory. */
    SparseTiff bigHeader(long firstDirectory) throws IOException {
        return put(0, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
                .putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(firstDirectory).array());
    }

    SparseTiff directory(long at, IfdWriter ifd, long next) throws IOException {
        return put(at, ifd.toBytes(at, next));
    }

    SparseTiff put(long at, byte[] block) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(block);
        long p = at;
        while (b.hasRemaining()) {
            p += channel.write(b, p);
        }
        return this;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
