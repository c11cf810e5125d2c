package org.zarrrelay.format.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.ChannelBoxes;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads {@code .npy} files into little-endian C-order {@link Volume}s, whole or one slab along axis
 * 0 at a time (positional reads, so memory stays bounded by the slab for imports of any size).
 * Big-endian files are converted; Fortran-order files are refused unless their layout equals C
 * order (at most one axis longer than 1).
 */
public final class NpyReader implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final ChannelBoxes boxes;

    private NpyReader(Path file, FileChannel channel, NpyHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.boxes = new ChannelBoxes(channel, header.dataOffset(), header.dtype(), header.shape());
    }

    /** Reads a whole file; it must fit one in-memory volume (under 2 GiB). */
    public static Volume read(Path file) {
        try (NpyReader reader = open(file)) {
            return reader.readAll();
        }
    }

    /** Opens a file and checks its header and size; read it with {@link #readSlab} or {@link #readAll}. */
    public static NpyReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RelayException("cannot read " + file + ": the file does not exist", e);
        } catch (IOException e) {
            throw new RelayException("cannot read " + file + ": " + e, e);
        }
        try {
            NpyHeader header = NpyHeader.read(channel, file);
            checkLayout(header, file);
            checkSize(header, channel.size(), file);
            return new NpyReader(file, channel, header);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new RelayException("cannot read " + file + ": " + e, e);
        }
    }

    private static void checkLayout(NpyHeader header, Path file) {
        if (!header.fortranOrder()) {
            return;
        }
        long longAxes = Arrays.stream(header.shape()).filter(s -> s > 1).count();
        if (longAxes > 1) {
            throw new NpyFormatException(file + " is stored in Fortran (column-major) order, which zarr-relay does not"
                    + " read: save it with numpy.ascontiguousarray, e.g. numpy.save(path, numpy.ascontiguousarray(a))");
        }
    }

    /**
     * The data must fill the file exactly. numpy.load refuses a shorter file too; it accepts a longer
     * one, but numpy.save never writes one, so extra bytes mean the header does not describe the data.
     */
    private static void checkSize(NpyHeader header, long size, Path file) {
        long following = size - header.dataOffset();   // the header is known to fit the file
        long dataBytes = header.dataBytes();
        String described = "its header describes " + header.dtype().numpyName() + " " + header.shapeText() + ", "
                + dataBytes + " bytes of data after byte " + header.dataOffset();
        if (following < dataBytes) {
            throw new NpyFormatException(file + " is truncated: " + described + ", but the file has only " + size
                    + " bytes; it was probably cut off while being copied or saved: save or copy it again");
        }
        if (following > dataBytes) {
            throw new NpyFormatException(file + " has " + (following - dataBytes) + " bytes after the array data ("
                    + described + ", file size " + size + "): it is damaged or not written by numpy.save; save it again");
        }
    }

    public NpyHeader header() {
        return header;
    }

    /** The whole array as one volume. */
    public Volume readAll() {
        long[] shape = header.shape();
        if (shape.length == 0) {
            Volume scalar = Volume.allocate(header.dtype());
            readInto(scalar.data(), header.dataOffset());
            return scalar;
        }
        return readSlab(0, toInt(shape[0], "axis 0"));
    }

    /**
     * Elements {@code [start0, start0 + count0)} along axis 0 with all of the other axes: a volume of
     * shape {@code [count0, shape[1], ...]}.
     */
    public Volume readSlab(long start0, int count0) {
        long[] shape = header.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException(file + " holds a single value (shape ()), which has no slabs: use readAll");
        }
        if (start0 < 0 || count0 < 0 || start0 + count0 > shape[0]) {
            throw new IllegalArgumentException("slab " + start0 + ":" + (start0 + count0) + " is outside axis 0 of "
                    + file + ", which has length " + shape[0]);
        }
        int[] slabShape = new int[shape.length];
        slabShape[0] = count0;
        long rowBytes = header.dtype().size();
        for (int d = 1; d < shape.length; d++) {
            slabShape[d] = toInt(shape[d], "axis " + d);
            rowBytes *= shape[d];
        }
        long slabBytes = rowBytes * count0;
        if (slabBytes > Integer.MAX_VALUE - 8) {
            throw new RelayException("a slab of " + count0 + " along axis 0 of " + file + " is " + slabBytes
                    + " bytes, more than one in-memory volume holds (2 GiB): read fewer than "
                    + Math.max(1, (Integer.MAX_VALUE - 8) / Math.max(1, rowBytes)) + " at a time");
        }
        Volume slab = Volume.allocate(header.dtype(), slabShape);
        readInto(slab.data(), header.dataOffset() + start0 * rowBytes);
        return slab;
    }

    private int toInt(long extent, String axis) {
        if (extent > Integer.MAX_VALUE) {
            throw new RelayException(axis + " of " + file + " is " + extent + " long, more than one in-memory volume holds:"
                    + " read it slab by slab along axis 0, or save smaller pieces");
        }
        return (int) extent;
    }

    private void readInto(byte[] data, long position) {
        try {
            int read = ChannelIO.read(channel, data, 0, data.length, position);
            if (read < data.length) {
                throw new NpyFormatException(file + " is truncated: it ended at byte " + (position + read)
                        + " while " + (data.length - read) + " more bytes of data were expected (did it change while being read?)");
            }
        } catch (IOException e) {
            throw new RelayException("cannot read " + file + ": " + e, e);
        }
        if (header.bigEndian()) {
            swapBytes(data, header.dtype());
        }
    }

    /** The box of {@code shape} at {@code offset}: one positional read per contiguous run of it. */
    public Volume readBox(long[] offset, int[] shape) {
        Volume box = Volume.allocate(header.dtype(), shape);
        try {
            boxes.read(offset, box);
        } catch (IOException e) {
            throw new NpyFormatException(file + " is truncated or unreadable (" + e.getMessage() + "); did it change while"
                    + " being read?", e);
        }
        if (header.bigEndian()) {
            swapBytes(box.data(), header.dtype());
        }
        return box;
    }

    /** Reverses the bytes of every element: big-endian to the little-endian a Volume holds. */
    static void swapBytes(byte[] data, DataType dtype) {
        int size = dtype.size();
        for (int at = 0; at < data.length; at += size) {
            for (int i = 0, j = at + size - 1, k = at; i < size / 2; i++, k++, j--) {
                byte t = data[k];
                data[k] = data[j];
                data[j] = t;
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new RelayException("cannot close " + file + ": " + e, e);
        }
    }
}
