package org.zarrrelay.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A volume held in a file as raw C-order bytes from {@code start} on, read and written one box at a
 * time: one positional read or write per contiguous run of the box (a run spans every trailing axis
 * the box covers whole). The staging file of tiled regions, and the voxels of an export whose format
 * stores them that way after a header (TIFF, npy, uncompressed NIfTI).
 */
public final class ChannelBoxes {

    private final FileChannel channel;
    private final long start;
    private final DataType dtype;
    private final long[] shape;
    private final long[] strides;
    private long written;

    public ChannelBoxes(FileChannel channel, long start, DataType dtype, long[] shape) {
        this.channel = channel;
        this.start = start;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.strides = new long[shape.length];
        long s = dtype.size();
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
    }

    /** Bytes of the whole volume. */
    public long bytes() {
        return Arrays.stream(shape).reduce(dtype.size(), (a, b) -> a * b);
    }

    /** Writes {@code box} at {@code offset}. */
    public void write(long[] offset, Volume box) throws IOException {
        transfer(offset, box, true);
        written += box.data().length;
    }

    /** Bytes written so far: as many as {@link #bytes} once boxes that cover each voxel once are all written. */
    public long written() {
        return written;
    }

    /** Reads {@code box.shape()} at {@code offset} into {@code box}. */
    public void read(long[] offset, Volume box) throws IOException {
        transfer(offset, box, false);
    }

    /** The CRC-32 of the whole volume's bytes in file order, read back from the file. */
    public long crc32() throws IOException {
        CRC32 crc = new CRC32();
        byte[] piece = new byte[(int) Math.min(ChannelIO.PIECE, Math.max(1, bytes()))];
        for (long at = 0, total = bytes(); at < total; ) {
            int want = (int) Math.min(piece.length, total - at);
            int read = ChannelIO.read(channel, piece, 0, want, start + at);
            if (read < want) {
                throw new IOException("the file ended at byte " + (start + at + read) + " of "
                        + (start + total) + " (was it changed while being written?)");
            }
            crc.update(piece, 0, read);
            at += read;
        }
        return crc.getValue();
    }

    private void transfer(long[] offset, Volume box, boolean write) throws IOException {
        int rank = shape.length;
        int[] size = box.shape();
        if (box.dtype() != dtype || offset.length != rank || size.length != rank) {
            throw new IllegalArgumentException("box " + Arrays.toString(size) + " of " + box.dtype().numpyName()
                    + " does not match the file's " + Arrays.toString(shape) + " " + dtype.numpyName());
        }
        for (int d = 0; d < rank; d++) {
            if (offset[d] < 0 || offset[d] + size[d] > shape[d]) {
                throw new IllegalArgumentException("box " + Arrays.toString(size) + " at " + Arrays.toString(offset)
                        + " is outside the file's " + Arrays.toString(shape));
            }
            if (size[d] == 0) {
                return;
            }
        }
        // trailing axes the box covers whole are contiguous on disk: one run
        int k = rank - 1;
        long run = rank == 0 ? 1 : size[k];
        while (k > 0 && size[k] == shape[k]) {
            k--;
            run *= size[k];
        }
        int runBytes = Math.toIntExact(run * dtype.size());
        int[] pos = new int[Math.max(k, 0)];
        byte[] data = box.data();
        int at = 0;
        while (true) {
            long file = start;
            for (int d = 0; d < rank; d++) {
                file += (offset[d] + (d < k ? pos[d] : 0)) * strides[d];
            }
            if (write) {
                ChannelIO.write(channel, data, at, runBytes, file);
            } else {
                int read = ChannelIO.read(channel, data, at, runBytes, file);
                if (read < runBytes) {
                    throw new IOException("the file ended at byte " + (file + read));
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
    }
}
