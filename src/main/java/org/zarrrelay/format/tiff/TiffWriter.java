package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.ChannelBoxes;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Streams a z-stack into a little-endian TIFF: the planes uncompressed and contiguous after the
 * header (ImageJ reads an ImageJ-described stack that way), then one IFD per plane (so every other
 * reader sees every page), the pixel size as resolution, and what the flavour adds to the first IFD
 * (ImageJ's description and Info, or OME-XML). Memory stays bounded by a slab.
 *
 * <p>A file that would pass 4 GiB is written as a BigTIFF (TIFF Technical Note: BigTIFF: 16-byte
 * header, 8-byte offsets, LONG8 strip offsets), which tifffile and Bio-Formats read; ImageJ 1.x's
 * own reader does not. The size is known before the first plane (the IFDs' sizes do not depend on
 * the offsets they hold), so the choice is made up front.
 */
public final class TiffWriter implements VolumeWriter {
    /** The largest classic TIFF: every offset it holds must fit 4 bytes. */
    public static final long CLASSIC_LIMIT = 0xFFFF_FFFFL;
    /**
     * System property: a file larger than this many bytes is written as BigTIFF (default
     * {@link #CLASSIC_LIMIT}). Lower it to try BigTIFF exports without writing 4 GiB.
     */
    public static final String CLASSIC_LIMIT_PROPERTY = "zarr-relay.tiff.classic-limit";

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final DataType dtype;
    private final int planes;
    private final int height;
    private final int width;
    private final long planeBytes;
    private final double[] voxelSize;
    private final Consumer<IfdWriter> firstPage;
    private final boolean big;
    private final ChannelBoxes boxes;
    private long planesWritten;
    private boolean committed;

    /**
     * @param voxelSize    per file axis (slowest first), or null; the last two become the resolution
     * @param firstPage    adds the flavour's tags to the first IFD
     * @param classicLimit files larger than this are written as BigTIFF
     */
    TiffWriter(Path target, DataType dtype, long[] shape, double[] voxelSize, Consumer<IfdWriter> firstPage,
               long classicLimit) {
        if (shape.length != 2 && shape.length != 3) {
            throw new RelayException("a TIFF stack holds 2 or 3 axes (z, y, x), but the region has " + shape.length
                    + " (shape " + Arrays.toString(shape) + "): select single indices for the other axes, or use npy");
        }
        this.target = target;
        this.dtype = dtype;
        this.planes = shape.length == 3 ? Math.toIntExact(shape[0]) : 1;
        this.height = Math.toIntExact(shape[shape.length - 2]);
        this.width = Math.toIntExact(shape[shape.length - 1]);
        this.planeBytes = (long) height * width * dtype.size();
        this.voxelSize = voxelSize == null ? null : voxelSize.clone();
        this.firstPage = firstPage;
        this.big = classicSize() > Math.min(classicLimit, CLASSIC_LIMIT);
        this.temp = TempFiles.beside(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel.write(ByteBuffer.allocate(headerSize()), 0);  // header, completed on commit
            channel.position(headerSize());
        } catch (IOException e) {
            throw new RelayException("cannot create " + temp + ": " + e.getMessage() + " — check the folder is writable", e);
        }
        this.boxes = new ChannelBoxes(channel, headerSize(), dtype, shape);
    }

    /**
     * A TIFF stack whose first IFD carries {@code description} (e.g. UTF-8 OME-XML) as its
     * ImageDescription, for formats built on TIFF.
     */
    public static TiffWriter withDescription(Path target, DataType dtype, long[] shape, double[] voxelSize,
                                             byte[] description, long classicLimit) {
        byte[] text = description.clone();
        return new TiffWriter(target, dtype, shape, voxelSize, ifd -> ifd.text(TiffTags.IMAGE_DESCRIPTION, text),
                classicLimit);
    }

    /** The classic-TIFF limit in force: {@link #CLASSIC_LIMIT_PROPERTY} if set, else {@link #CLASSIC_LIMIT}. */
    public static long classicLimit() {
        String v = System.getProperty(CLASSIC_LIMIT_PROPERTY);
        if (v == null || v.isBlank()) {
            return CLASSIC_LIMIT;
        }
        try {
            long limit = Long.parseLong(v.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the property's name
        }
        throw new RelayException("system property " + CLASSIC_LIMIT_PROPERTY + "=" + v + " is not a byte count: give the"
                + " file size (0 or more bytes) above which TIFF exports are written as BigTIFF, or leave it out");
    }

    private int headerSize() {
        return big ? 16 : 8;
    }

    /** The whole file's size as a classic TIFF: header, planes, IFDs with their values. */
    private long classicSize() {
        // an IFD's size does not depend on the numbers it holds: sized with zeros
        long ifds = plane(0, false, 0, 0).size() + (planes > 1 ? (planes - 1L) * plane(1, false, 0, 0).size() : 0);
        return 8 + planes * planeBytes + ifds;
    }

    @Override
    public void writeSlab(Volume slab) {
        int[] s = slab.shape();
        boolean fits = slab.dtype() == dtype && s[s.length - 1] == width && s[s.length - 2] == height
                && s.length == (planes > 1 || s.length == 3 ? 3 : 2);
        int count = s.length == 3 ? s[0] : 1;
        if (!fits || planesWritten + count > planes || boxes.written() > 0) {
            throw new IllegalArgumentException("slab " + slab + " does not continue a " + dtype.numpyName() + " stack of "
                    + planes + " x " + height + " x " + width + " at plane " + planesWritten);
        }
        try {
            ChannelIO.write(channel, slab.data(), 0, slab.data().length);
        } catch (IOException e) {
            throw new RelayException("cannot write " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
        planesWritten += count;
    }

    @Override
    public boolean writesBoxes() {
        return true;
    }

    @Override
    public void writeBox(long[] at, Volume box) {
        if (planesWritten > 0) {
            throw new IllegalStateException("a TIFF is written in slabs or in boxes, not both: " + planesWritten
                    + " planes of " + target + " went as slabs");
        }
        try {
            boxes.write(at, box);
        } catch (IOException e) {
            throw new RelayException("cannot write " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
    }

    @Override
    public long voxelCrc32() {
        try {
            return boxes.crc32();
        } catch (IOException e) {
            throw new RelayException("cannot read back " + temp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(boolean sync) {
        if (planesWritten != planes && boxes.written() != boxes.bytes()) {
            throw new IllegalStateException("only " + planesWritten + " of " + planes + " planes (" + boxes.written() + " bytes in"
                    + " boxes) were written");
        }
        try {
            long first = headerSize() + planes * planeBytes;
            channel.position(first);  // after slabs it is there already; boxes are written by position
            long at = first;
            for (int p = 0; p < planes; p++) {
                IfdWriter ifd = plane(p, big, headerSize() + p * planeBytes, planeBytes);
                long next = p + 1 < planes ? at + ifd.size() : 0;
                ByteBuffer b = ByteBuffer.wrap(ifd.toBytes(at, next));
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                at = next;
            }
            ByteBuffer header = ByteBuffer.allocate(headerSize()).order(ByteOrder.LITTLE_ENDIAN);
            header.put((byte) 'I').put((byte) 'I');
            if (big) {
                header.putShort((short) TiffTags.BIG_MAGIC).putShort((short) 8).putShort((short) 0).putLong(first);
            } else {
                header.putShort((short) TiffTags.CLASSIC_MAGIC).putInt((int) first);
            }
            channel.write(header.flip(), 0);
            if (sync) {
                channel.force(false);  // data on disk before the rename makes it visible: never a named half file
            }
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new RelayException("cannot finish " + target + ": " + e.getMessage(), e);
        }
    }

    private IfdWriter plane(int p, boolean asBig, long stripOffset, long stripBytes) {
        int bits = dtype.size() * 8;
        int sampleFormat = dtype.isFloat() ? TiffTags.FLOAT : dtype.kind() == DataType.Kind.SIGNED ? TiffTags.SIGNED
                : TiffTags.UNSIGNED;
        IfdWriter ifd = new IfdWriter(asBig)
                .longValue(TiffTags.NEW_SUBFILE_TYPE, 0)
                .longValue(TiffTags.IMAGE_WIDTH, width)
                .longValue(TiffTags.IMAGE_LENGTH, height)
                .shortValue(TiffTags.BITS_PER_SAMPLE, bits)
                .shortValue(TiffTags.COMPRESSION, 1)
                .shortValue(TiffTags.PHOTOMETRIC, 1)
                .offsets(TiffTags.STRIP_OFFSETS, stripOffset)
                .shortValue(TiffTags.SAMPLES_PER_PIXEL, 1)
                .longValue(TiffTags.ROWS_PER_STRIP, height)
                .offsets(TiffTags.STRIP_BYTE_COUNTS, stripBytes)
                .shortValue(TiffTags.SAMPLE_FORMAT, sampleFormat);
        double[] size = voxelSize;
        if (size != null && size.length >= 2 && size[size.length - 1] > 0 && size[size.length - 2] > 0) {
            resolution(ifd, TiffTags.X_RESOLUTION, size[size.length - 1]);
            resolution(ifd, TiffTags.Y_RESOLUTION, size[size.length - 2]);
            ifd.shortValue(TiffTags.RESOLUTION_UNIT, 1);
        }
        if (p == 0) {
            firstPage.accept(ifd);
        }
        return ifd;
    }

    /** Pixels per unit as a rational, scaled as ImageJ does so small and large sizes both keep precision. */
    private static void resolution(IfdWriter ifd, int tag, double voxelSize) {
        double perUnit = 1.0 / voxelSize;
        double scale = perUnit > 1000 ? 1000 : 1_000_000;
        ifd.rational(tag, Math.round(perUnit * scale), (long) scale);
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do: the temporary name is hidden and not the export's
            }
        }
    }
}
