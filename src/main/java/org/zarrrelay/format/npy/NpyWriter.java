package org.zarrrelay.format.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.volume.ChannelBoxes;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Writes {@code .npy} files (format 1.0, or 2.0 when the header needs it; little-endian, C order)
 * byte-identical to what numpy.save writes. A file appears complete or not at all: the bytes go to
 * a hidden temp file in the same directory, which {@link #commit} fsyncs and renames into place.
 * The temp name starts with a dot so drop-folder watchers (Camel's file consumer among them) skip
 * it. Slab by slab along axis 0, so an export never needs the whole region in memory:
 *
 * <pre>
 * try (NpyWriter w = NpyWriter.open(path, DataType.UINT16, new long[] {4000, 2048, 2048})) {
 *     for (...) w.writeSlab(slab);   // slabs of shape [n, 2048, 2048], in order
 *     w.commit();
 * }                                   // closing without commit deletes the temp file
 * </pre>
 */
public final class NpyWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final NpyHeader header;
    private final ChannelBoxes boxes;
    private long position;
    private long rowsWritten;
    private boolean finished;

    private NpyWriter(Path target, Path temp, FileChannel channel, NpyHeader header) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.header = header;
        this.position = header.dataOffset();
        this.boxes = new ChannelBoxes(channel, header.dataOffset(), header.dtype(), header.shape());
    }

    /** Writes a whole volume to {@code file}, replacing it atomically if it exists. */
    public static void write(Path file, Volume volume) {
        long[] shape = Arrays.stream(volume.shape()).asLongStream().toArray();
        try (NpyWriter writer = open(file, volume.dtype(), shape)) {
            writer.writeSlab(volume);
            writer.commit();
        }
    }

    /** Starts a file of the given type and shape; nothing is visible at {@code file} until {@link #commit}. */
    public static NpyWriter open(Path file, DataType dtype, long[] shape) {
        NpyHeader header = NpyHeader.of(dtype, shape);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = TempFiles.beside(target);
        FileChannel channel;
        try {
            // not Files.createTempFile: its mode 0600 would stay on the export, which others in the lab
            // must read; a new file gets the umask's mode, as the other formats' exports do
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new RelayException("cannot write " + file + ": the folder " + dir + " does not exist", e);
        } catch (IOException e) {
            throw new RelayException("cannot write " + file + ": cannot create a temp file in " + dir + ": " + e, e);
        }
        try {
            ChannelIO.write(channel, header.toBytes(), 0);
            return new NpyWriter(target, temp, channel, header);
        } catch (IOException e) {
            RelayException failure = new RelayException("cannot write " + file + ": " + e, e);
            TempFiles.discard(channel, temp, failure);
            throw failure;
        }
    }

    public NpyHeader header() {
        return header;
    }

    /**
     * Appends the next slab along axis 0: same type and rank as the file, same extents on the
     * other axes. For a file of shape {@code ()} the one slab is the single-value volume.
     */
    public void writeSlab(Volume slab) {
        if (finished) {
            throw new IllegalStateException("the npy writer for " + target + " is already committed or closed");
        }
        long[] shape = header.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long slabRows = shape.length == 0 ? 1 : slab.rank() > 0 ? slab.shape(0) : -1;
        boolean fits = slab.dtype() == header.dtype() && slab.rank() == shape.length && rowsWritten + slabRows <= rows
                && boxes.written() == 0;
        for (int d = 1; fits && d < shape.length; d++) {
            fits = slab.shape(d) == shape[d];
        }
        if (!fits) {
            throw new IllegalArgumentException("a " + slab.dtype().numpyName() + " slab of shape "
                    + Arrays.toString(slab.shape()) + " does not fit " + target + " (" + header.dtype().numpyName() + " "
                    + header.shapeText() + ") after " + rowsWritten + " of its " + rows + " rows along axis 0");
        }
        try {
            ChannelIO.write(channel, slab.data(), position);
        } catch (IOException e) {
            throw new RelayException("cannot write " + target + " (temp file " + temp + "): " + e, e);
        }
        position += slab.data().length;
        rowsWritten += slabRows;
    }

    /**
     * Writes the voxels of a box at {@code at} (slowest axis first) by position, instead of slabs: the
     * boxes of a file cover each voxel once, in any order.
     */
    public void writeBox(long[] at, Volume box) {
        if (finished || rowsWritten > 0) {
            throw new IllegalStateException("the npy writer for " + target + " is committed, closed or writing slabs");
        }
        try {
            boxes.write(at, box);
        } catch (IOException e) {
            throw new RelayException("cannot write " + target + " (temp file " + temp + "): " + e, e);
        }
    }

    /** The CRC-32 of the data, read back from the file. */
    public long voxelCrc32() {
        try {
            return boxes.crc32();
        } catch (IOException e) {
            throw new RelayException("cannot read back " + temp + ": " + e, e);
        }
    }

    /** Makes the file durable and renames it into place, replacing any file of that name. */
    public void commit() {
        commit(true);
    }

    /** Renames the file into place, replacing any file of that name; first makes it durable when {@code sync}. */
    public void commit(boolean sync) {
        if (finished) {
            throw new IllegalStateException("the npy writer for " + target + " is already committed or closed");
        }
        long rows = header.rank() == 0 ? 1 : header.shape()[0];
        if (rowsWritten != rows && boxes.written() != boxes.bytes()) {
            throw new IllegalStateException("cannot commit " + target + ": only " + rowsWritten + " of its " + rows
                    + " rows along axis 0 were written");
        }
        finished = true;
        try {
            if (sync) {
                channel.force(true);
            }
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            RelayException failure = new RelayException("cannot write " + target + ": " + e, e);
            TempFiles.discard(channel, temp, failure);
            throw failure;
        }
    }

    /** Deletes the temp file unless {@link #commit} succeeded. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        RelayException failure = new RelayException("cannot remove the unfinished " + temp + " for " + target);
        if (TempFiles.discard(channel, temp, failure)) {
            throw failure;
        }
    }
}
