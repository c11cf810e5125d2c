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
 * A volume kept on disk as its raw C-order bytes, read and written one box at a time
 * ({@link ChannelBoxes}): the staging file that lets a region be moved in tiles cut along every
 * axis while a file format is written or read in whole planes. The file is opened with
 * DELETE_ON_CLOSE, which on Linux unlinks it at once: it takes disk space while open but has no
 * name, so even a killed process leaves nothing behind.
 */
public final class RawVolumeFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final DataType dtype;
    private final long[] shape;
    private final ChannelBoxes boxes;

    private RawVolumeFile(Path path, FileChannel channel, DataType dtype, long[] shape) {
        this.path = path;
        this.channel = channel;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.boxes = new ChannelBoxes(channel, 0, dtype, shape);
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
        try {
            if (write) {
                boxes.write(offset, box);
            } else {
                boxes.read(offset, box);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("staging file " + path + ": " + e.getMessage()
                    + " (is the disk full? it needs " + boxes.bytes() + " bytes)", e);
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
