package org.zarrrelay.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A volume kept on disk as its raw C-order bytes, read and written one box at a time: the
 * staging file that lets a region be moved in tiles cut along every axis while a file format is
 * written or read in whole planes. Each box is one positional read or write per contiguous run
 * (a run spans every trailing axis the box covers whole). The file is opened with
 * DELETE_ON_CLOSE, which on Linux unlinks it at once: it takes disk space while open but has no
 * name, so even a killed process leaves nothing behind.
 */
public final class RawVolumeFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final DataType dtype;
    private final long[] shape;
    private final long[] strides;

    private RawVolumeFile(Path path, FileChannel channel, DataType dtype, long[] shape) {
        this.path = path;
        this.channel = channel;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.strides = new long[shape.length];
        long s = dtype.size();
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
    }

    /** Creates a new staging file in {@code dir}, holding zeros until boxes are written. */
    public static RawVolumeFile create(Path dir, String name, DataType dtype, long[] shape) {
        try {
            Path path = Files.createTempFile(dir, "." + name + ".", ".stage.tmp");
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            long bytes = Arrays.stream(shape).reduce(dtype.size(), (a, b) -> a * b);
            if (bytes > 0) {
                channel.write(ByteBuffer.allocate(1), bytes - 1);  // sparse: full length, no disk taken yet
            }
            return new RawVolumeFile(path, channel, dtype, shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging file in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public DataType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Writes {@code box} at {@code offset}. */
    public void write(long[] offset, Volume box) {
        transfer(offset, box, true);
    }

    /** Reads the box of {@code size} at {@code offset}. */
    public Volume read(long[] offset, int[] size) {
        Volume box = Volume.allocate(dtype, size);
        transfer(offset, box, false);
        return box;
    }

    /** Planes {@code [start, start + count)} of the first axis, whole. */
    public Volume readPlanes(long start, int count) {
        long[] at = new long[shape.length];
        at[0] = start;
        int[] size = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        size[0] = count;
        return read(at, size);
    }

    private void transfer(long[] offset, Volume box, boolean write) {
        int rank = shape.length;
        int[] size = box.shape();
        if (box.dtype() != dtype || offset.length != rank || size.length != rank) {
            throw new IllegalArgumentException("box " + Arrays.toString(size) + " of " + box.dtype().numpyName()
                    + " does not match the staged " + Arrays.toString(shape) + " " + dtype.numpyName());
        }
        for (int d = 0; d < rank; d++) {
            if (offset[d] < 0 || offset[d] + size[d] > shape[d]) {
                throw new IllegalArgumentException("box " + Arrays.toString(size) + " at " + Arrays.toString(offset)
                        + " is outside the staged " + Arrays.toString(shape));
            }
            if (size[d] == 0) {
                return;
            }
        }
        // trailing axes the box covers whole are contiguous on disk: one run
        int k = rank - 1;
        long run = size[k];
        while (k > 0 && size[k] == shape[k]) {
            k--;
            run *= size[k];
        }
        int runBytes = Math.toIntExact(run * dtype.size());
        int[] pos = new int[k];
        byte[] data = box.data();
        int at = 0;
        try {
            while (true) {
                long file = 0;
                for (int d = 0; d < rank; d++) {
                    file += (offset[d] + (d < k ? pos[d] : 0)) * strides[d];
                }
                ByteBuffer buf = ByteBuffer.wrap(data, at, runBytes);
                while (buf.hasRemaining()) {
                    int n = write ? channel.write(buf, file + buf.position() - at)
                            : channel.read(buf, file + buf.position() - at);
                    if (n < 0) {
                        throw new IOException("the staging file ended early");
                    }
                }
                at += runBytes;
                int d = k - 1;
                while (d >= 0 && ++pos[d] == size[d]) {
                    pos[d] = 0;
                    d--;
                }
                if (d < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("staging file " + path + ": " + e.getMessage()
                    + " (is the disk full? it needs " + Arrays.stream(shape).reduce(dtype.size(), (a, b) -> a * b)
                    + " bytes)", e);
        }
    }

    /** Closes and deletes the file. */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging file " + path + ": " + e.getMessage(), e);
        }
    }
}
