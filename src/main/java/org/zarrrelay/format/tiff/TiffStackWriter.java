package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Writes a z-stack as a little-endian baseline TIFF that ImageJ/Fiji opens as a stack: planes
 * uncompressed and contiguous from byte 8 (ImageJ reads an ImageJ-described stack that way), one
 * IFD per plane after the data (so every other reader sees every page), ImageJ's description with
 * images/slices/unit/spacing, the pixel size as resolution, and the job id in ImageJ's Info
 * property, which ImageJ keeps across Save. Planes are streamed as slabs arrive, so memory stays
 * bounded. Hand-written rather than through ImageIO because ImageIO writers neither guarantee that
 * layout nor write ImageJ's private tags, and TwelveMonkeys cannot write float32.
 */
final class TiffStackWriter implements VolumeWriter {
    private static final long LIMIT = 0xFFFF_FFFFL;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final DataType dtype;
    private final int planes;
    private final int height;
    private final int width;
    private final long planeBytes;
    private final FileInfo info;
    private long planesWritten;
    private boolean committed;

    TiffStackWriter(Path target, DataType dtype, long[] shape, FileInfo info) {
        if (shape.length != 2 && shape.length != 3) {
            throw new RelayException("a TIFF stack holds 2 or 3 axes (z, y, x), but the region has " + shape.length
                    + " (shape " + Arrays.toString(shape) + "): select single indices for the other axes, or use npy");
        }
        if (!TiffFormat.WRITABLE.contains(dtype)) {
            throw new RelayException("TIFF for ImageJ holds uint8, uint16, int16 or float32 voxels, not " + dtype.numpyName()
                    + ": ask for \"format\": \"npy\" instead");
        }
        this.target = target;
        this.dtype = dtype;
        this.planes = shape.length == 3 ? Math.toIntExact(shape[0]) : 1;
        this.height = Math.toIntExact(shape[shape.length - 2]);
        this.width = Math.toIntExact(shape[shape.length - 1]);
        this.planeBytes = (long) height * width * dtype.size();
        this.info = info == null ? FileInfo.NONE : info;
        if (8 + planes * planeBytes + planes * 512L + 65536 > LIMIT) {
            throw new RelayException("the region is " + (planes * planeBytes >> 20) + " MB, more than a classic TIFF"
                    + " holds (4 GB): export it in parts, or as npy");
        }
        this.temp = target.resolveSibling("." + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.write(ByteBuffer.allocate(8), 0);  // header, completed on commit
            channel.position(8);
        } catch (IOException e) {
            throw new RelayException("cannot create " + temp + ": " + e.getMessage() + " — check the folder is writable", e);
        }
    }

    @Override
    public void writeSlab(Volume slab) {
        int[] s = slab.shape();
        boolean fits = slab.dtype() == dtype && s[s.length - 1] == width && s[s.length - 2] == height
                && s.length == (planes > 1 || s.length == 3 ? 3 : 2);
        int count = s.length == 3 ? s[0] : 1;
        if (!fits || planesWritten + count > planes) {
            throw new IllegalArgumentException("slab " + slab + " does not continue a " + dtype.numpyName() + " stack of "
                    + planes + " x " + height + " x " + width + " at plane " + planesWritten);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(slab.data());
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new RelayException("cannot write " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
        planesWritten += count;
    }

    @Override
    public void commit() {
        if (planesWritten != planes) {
            throw new IllegalStateException("only " + planesWritten + " of " + planes + " planes were written");
        }
        try {
            long at = 8 + planes * planeBytes;
            List<byte[]> ifds = new ArrayList<>();
            for (int p = 0; p < planes; p++) {
                IfdWriter ifd = plane(p);
                long next = p + 1 < planes ? at + ifd.size() : 0;
                ifds.add(ifd.toBytes(at, next));
                at = next;
            }
            for (byte[] ifd : ifds) {
                ByteBuffer b = ByteBuffer.wrap(ifd);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) (8 + planes * planeBytes));
            channel.write(header.flip(), 0);
            channel.force(false);  // data on disk before the rename makes it visible: never a named half file
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new RelayException("cannot finish " + target + ": " + e.getMessage(), e);
        }
    }

    private IfdWriter plane(int p) {
        int bits = dtype.size() * 8;
        int sampleFormat = dtype.isFloat() ? TiffTags.FLOAT : dtype.kind() == DataType.Kind.SIGNED ? TiffTags.SIGNED
                : TiffTags.UNSIGNED;
        IfdWriter ifd = new IfdWriter()
                .longValue(TiffTags.NEW_SUBFILE_TYPE, 0)
                .longValue(TiffTags.IMAGE_WIDTH, width)
                .longValue(TiffTags.IMAGE_LENGTH, height)
                .shortValue(TiffTags.BITS_PER_SAMPLE, bits)
                .shortValue(TiffTags.COMPRESSION, 1)
                .shortValue(TiffTags.PHOTOMETRIC, 1)
                .longValue(TiffTags.STRIP_OFFSETS, 8 + p * planeBytes)
                .shortValue(TiffTags.SAMPLES_PER_PIXEL, 1)
                .longValue(TiffTags.ROWS_PER_STRIP, height)
                .longValue(TiffTags.STRIP_BYTE_COUNTS, planeBytes)
                .shortValue(TiffTags.SAMPLE_FORMAT, sampleFormat);
        double[] size = info.voxelSize();
        if (size != null && size.length >= 2 && size[size.length - 1] > 0 && size[size.length - 2] > 0) {
            resolution(ifd, TiffTags.X_RESOLUTION, size[size.length - 1]);
            resolution(ifd, TiffTags.Y_RESOLUTION, size[size.length - 2]);
            ifd.shortValue(TiffTags.RESOLUTION_UNIT, 1);
        }
        if (p == 0) {
            double spacing = size != null && size.length == 3 ? size[0] : 0;
            ifd.ascii(TiffTags.IMAGE_DESCRIPTION, ImageJDescription.write(planes, spacing, info.unit(), info.origin(), size));
            if (info.jobId() != null) {
                byte[][] meta = ImageJMetadata.info(TiffFormat.JOB_KEY + "=" + info.jobId() + "\n");
                ifd.longs(TiffTags.IJ_METADATA_BYTE_COUNTS, ImageJMetadata.HEADER, meta[1].length);
                ifd.bytes(TiffTags.IJ_METADATA, meta[2]);
            }
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
