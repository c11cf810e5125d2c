package org.zarrrelay.format.tiff;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads a grayscale TIFF stack slab by slab: ImageJ stacks (planes contiguous after the first
 * strip, as ImageJ's own reader assumes) and general multi-page files. Uncompressed strips are read
 * directly; compressed or tiled pages go through ImageIO (TwelveMonkeys). ImageJ saves signed 16-bit
 * images as unsigned with a calibration offset of -32768; such files read back as int16.
 */
final class TiffStackReader implements VolumeReader {
    private record Page(int ifdIndex, long[] offsets, long[] counts, boolean direct) {
    }

    private final Path file;
    private final FileChannel channel;
    private final ByteOrder order;
    private final List<Page> pages = new ArrayList<>();
    private final DataType stored;
    private final DataType dtype;
    private final int width;
    private final int height;
    private final FileInfo info;
    private ImageReader imageIo;

    TiffStackReader(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 8) {
                channel.close();
                throw fail("is not a TIFF file (it holds only " + size + " bytes)");
            }
            ByteBuffer header = TiffDirectory.readAt(channel, 0, 8, ByteOrder.LITTLE_ENDIAN);
            byte b0 = header.get(0);
            byte b1 = header.get(1);
            if (b0 == 'I' && b1 == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (b0 == 'M' && b1 == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw fail("is not a TIFF file (it does not start with II or MM)");
            }
            header.order(order);
            int magic = header.getShort(2) & 0xffff;
            if (magic == 43) {
                throw fail("is a BigTIFF, which is not supported yet: save it as a regular TIFF (under 4 GB) or as npy");
            }
            if (magic != 42) {
                throw fail("is not a TIFF file (magic number " + magic + " instead of 42)");
            }
            List<TiffDirectory> dirs = new ArrayList<>();
            for (long at = header.getInt(4) & 0xffffffffL; at != 0 && dirs.size() < 1_000_000; ) {
                TiffDirectory d = TiffDirectory.read(channel, at, order);
                dirs.add(d);
                at = d.next;
            }
            if (dirs.isEmpty()) {
                throw fail("has no images");
            }
            TiffDirectory first = dirs.get(0);
            width = (int) first.number(TiffTags.IMAGE_WIDTH, 0);
            height = (int) first.number(TiffTags.IMAGE_LENGTH, 0);
            stored = sampleType(first);
            Map<String, String> ij = ImageJDescription.parse(first.text(TiffTags.IMAGE_DESCRIPTION));
            int images = Integer.parseInt(ij.getOrDefault("images", "1"));
            long planeBytes = (long) width * height * stored.size();
            if (images > 1 && direct(first)) {
                long start = first.numbers(TiffTags.STRIP_OFFSETS)[0];
                for (int i = 0; i < images; i++) {
                    pages.add(new Page(0, new long[] {start + i * planeBytes}, new long[] {planeBytes}, true));
                }
            } else {
                for (int i = 0; i < dirs.size(); i++) {
                    TiffDirectory d = dirs.get(i);
                    if ((d.number(TiffTags.NEW_SUBFILE_TYPE, 0) & 1) != 0) {
                        continue;  // a reduced-resolution copy (thumbnail), not a plane
                    }
                    if (d.number(TiffTags.IMAGE_WIDTH, 0) != width || d.number(TiffTags.IMAGE_LENGTH, 0) != height
                            || sampleType(d) != stored) {
                        throw fail("has pages of different sizes or types (page " + i + "): save it as one stack");
                    }
                    pages.add(new Page(i, d.numbers(TiffTags.STRIP_OFFSETS), d.numbers(TiffTags.STRIP_BYTE_COUNTS), direct(d)));
                }
            }
            dtype = signedByCalibration(ij) ? DataType.INT16 : stored;
            info = info(first, ij);
        } catch (IOException e) {
            closeQuietly();
            throw fail("could not be read: " + e.getMessage());
        } catch (NumberFormatException e) {
            closeQuietly();
            throw fail("has an ImageJ description with a bad number: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // already failing with a clearer message
        }
    }

    /** ImageJ keeps signed 16-bit data as unsigned plus a -32768 calibration offset. */
    private boolean signedByCalibration(Map<String, String> ij) {
        if (stored != DataType.UINT16 || !ij.containsKey("c0")) {
            return false;
        }
        return Double.parseDouble(ij.get("c0")) == -32768 && Double.parseDouble(ij.getOrDefault("c1", "1")) == 1;
    }

    private FileInfo info(TiffDirectory first, Map<String, String> ij) {
        String text = ImageJMetadata.readInfo(first.numbers(TiffTags.IJ_METADATA_BYTE_COUNTS), first.bytes(TiffTags.IJ_METADATA),
                order);
        String jobId = null;
        if (text != null) {
            for (String line : text.split("\n")) {
                String l = line.trim();
                if (l.startsWith(TiffFormat.JOB_KEY + "=")) {
                    jobId = l.substring(TiffFormat.JOB_KEY.length() + 1).trim();
                }
            }
        }
        double[] size = null;
        long[] xr = first.numbers(TiffTags.X_RESOLUTION);
        long[] yr = first.numbers(TiffTags.Y_RESOLUTION);
        if (xr != null && yr != null && xr[0] != 0 && yr[0] != 0) {
            double px = (double) xr[1] / xr[0];
            double py = (double) yr[1] / yr[0];
            size = pages.size() > 1 ? new double[] {Double.parseDouble(ij.getOrDefault("spacing", "1")), py, px}
                    : new double[] {py, px};
        }
        return new FileInfo(jobId, size, null, ImageJDescription.fromImageJUnit(ij.get("unit")));
    }

    private boolean direct(TiffDirectory d) {
        return d.number(TiffTags.COMPRESSION, 1) == 1 && !d.has(TiffTags.TILE_WIDTH)
                && d.number(TiffTags.PLANAR_CONFIGURATION, 1) == 1 && d.numbers(TiffTags.STRIP_OFFSETS) != null;
    }

    private DataType sampleType(TiffDirectory d) {
        long spp = d.number(TiffTags.SAMPLES_PER_PIXEL, 1);
        if (spp != 1) {
            throw fail("has " + spp + " samples per pixel (colour); zarr-relay reads grayscale stacks: in Fiji use"
                    + " Image > Type > 8-bit, 16-bit or 32-bit before saving");
        }
        long bits = d.number(TiffTags.BITS_PER_SAMPLE, 1);
        long format = d.number(TiffTags.SAMPLE_FORMAT, TiffTags.UNSIGNED);
        DataType t = null;
        if (format == TiffTags.FLOAT) {
            t = bits == 32 ? DataType.FLOAT32 : bits == 64 ? DataType.FLOAT64 : null;
        } else if (format == TiffTags.UNSIGNED || format == TiffTags.SIGNED) {
            boolean signed = format == TiffTags.SIGNED;
            t = switch ((int) bits) {
                case 8 -> signed ? DataType.INT8 : DataType.UINT8;
                case 16 -> signed ? DataType.INT16 : DataType.UINT16;
                case 32 -> signed ? DataType.INT32 : DataType.UINT32;
                default -> null;
            };
        }
        if (t == null) {
            throw fail("has " + bits + "-bit samples of format " + format + ", which zarr-relay does not read: save it as"
                    + " 8-bit, 16-bit or 32-bit (float) grayscale");
        }
        return t;
    }

    private RelayException fail(String what) {
        return new RelayException("TIFF file " + file + " " + what);
    }

    @Override
    public DataType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return pages.size() == 1 ? new long[] {height, width} : new long[] {pages.size(), height, width};
    }

    @Override
    public FileInfo info() {
        return info;
    }

    @Override
    public Volume readSlab(long start, int count) {
        if (start < 0 || start + count > pages.size()) {
            throw new IllegalArgumentException("planes " + start + ".." + (start + count) + " outside 0.." + pages.size());
        }
        int[] shape = pages.size() == 1 ? new int[] {height, width} : new int[] {count, height, width};
        Volume out = Volume.allocate(stored, shape);
        long planeBytes = (long) width * height * stored.size();
        try {
            for (int p = 0; p < count; p++) {
                Page page = pages.get((int) (start + p));
                int at = (int) (p * planeBytes);
                if (page.direct()) {
                    readStrips(page, out.data(), at, planeBytes);
                    if (order == ByteOrder.BIG_ENDIAN && stored.size() > 1) {
                        swap(out.data(), at, (int) planeBytes, stored.size());
                    }
                } else {
                    readWithImageIo(page.ifdIndex(), out, p);
                }
            }
        } catch (IOException e) {
            throw fail("could not be read: " + e.getMessage());
        }
        if (dtype != stored) {
            // ImageJ's signed 16-bit: stored value - 32768
            byte[] d = out.data();
            for (int i = 1; i < d.length; i += 2) {
                d[i] ^= (byte) 0x80;
            }
            return new Volume(dtype, shape, d);
        }
        return out;
    }

    private void readStrips(Page page, byte[] dst, int at, long planeBytes) throws IOException {
        long filled = 0;
        for (int s = 0; s < page.offsets().length && filled < planeBytes; s++) {
            int n = (int) Math.min(page.counts()[s], planeBytes - filled);
            ByteBuffer b = ByteBuffer.wrap(dst, (int) (at + filled), n);
            long pos = page.offsets()[s];
            while (b.hasRemaining()) {
                int r = channel.read(b, pos);
                if (r < 0) {
                    throw new IOException("the file is truncated: a strip ends past its end");
                }
                pos += r;
            }
            filled += n;
        }
        if (filled < planeBytes) {
            throw new IOException("its strips hold " + filled + " of the " + planeBytes + " bytes of a plane");
        }
    }

    private void readWithImageIo(int ifdIndex, Volume out, int plane) throws IOException {
        if (imageIo == null) {
            ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no ImageIO TIFF reader is available for its compression");
            }
            imageIo = readers.next();
            imageIo.setInput(in);
        }
        Raster raster = imageIo.readRaster(ifdIndex, null);
        double[] samples = raster.getSamples(0, 0, width, height, 0, (double[]) null);
        int base = plane * width * height;
        for (int i = 0; i < samples.length; i++) {
            out.setDouble(base + i, samples[i]);
        }
    }

    private static void swap(byte[] d, int from, int length, int size) {
        for (int i = from; i < from + length; i += size) {
            for (int k = 0; k < size / 2; k++) {
                byte tmp = d[i + k];
                d[i + k] = d[i + size - 1 - k];
                d[i + size - 1 - k] = tmp;
            }
        }
    }

    @Override
    public void close() {
        try {
            if (imageIo != null) {
                Object in = imageIo.getInput();
                imageIo.dispose();
                if (in instanceof ImageInputStream iis) {
                    iis.close();
                }
            }
            channel.close();
        } catch (IOException e) {
            // closing a file we only read: nothing is lost
        }
    }
}
