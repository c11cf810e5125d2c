package org.zarrrelay.format.tiff;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Iterator;
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
    private final Path file;
    private final TiffInput in;
    private final TiffLayout layout;
    private final DataType dtype;
    private final FileInfo info;
    private ImageReader imageIo;

    TiffStackReader(Path file) {
        this.file = file;
        this.in = TiffInput.open(file);
        try {
            layout = TiffLayout.read(in);
            dtype = signedByCalibration(layout.imageJ) ? DataType.INT16 : layout.stored;
            info = info(layout.first, layout.imageJ);
        } catch (NumberFormatException e) {
            in.close();
            throw fail("has an ImageJ description with a bad number: " + e.getMessage() + "; save it again from ImageJ/Fiji");
        } catch (RelayException e) {
            in.close();
            throw e;
        } catch (RuntimeException e) {
            // a check we lack must still end as a message about the file, never as a crash of the relay
            in.close();
            throw in.damaged("it could not be parsed (" + e + ")", e);
        }
    }

    /** ImageJ keeps signed 16-bit data as unsigned plus a -32768 calibration offset. */
    private boolean signedByCalibration(Map<String, String> ij) {
        if (layout.stored != DataType.UINT16 || !ij.containsKey("c0")) {
            return false;
        }
        return Double.parseDouble(ij.get("c0")) == -32768 && Double.parseDouble(ij.getOrDefault("c1", "1")) == 1;
    }

    private FileInfo info(TiffDirectory first, Map<String, String> ij) {
        String text = ImageJMetadata.readInfo(first.numbers(TiffTags.IJ_METADATA_BYTE_COUNTS), first.bytes(TiffTags.IJ_METADATA),
                in.order);
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
        if (xr != null && yr != null && xr.length >= 2 && yr.length >= 2 && xr[0] != 0 && yr[0] != 0) {
            double px = (double) xr[1] / xr[0];
            double py = (double) yr[1] / yr[0];
            size = layout.planes() > 1 ? new double[] {Double.parseDouble(ij.getOrDefault("spacing", "1")), py, px}
                    : new double[] {py, px};
        }
        return new FileInfo(jobId, size, null, ImageJDescription.fromImageJUnit(ij.get("unit")));
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
        int planes = layout.planes();
        return planes == 1 ? new long[] {layout.height, layout.width} : new long[] {planes, layout.height, layout.width};
    }

    @Override
    public FileInfo info() {
        return info;
    }

    @Override
    public Volume readSlab(long start, int count) {
        int planes = layout.planes();
        if (start < 0 || count < 0 || start > planes - count) {
            throw new IllegalArgumentException("planes " + start + ".." + (start + count) + " outside 0.." + planes);
        }
        long planeBytes = layout.planeBytes;
        if ((long) count * planeBytes > TiffLayout.MAX_PLANE_BYTES) {
            throw new RelayException("a slab of " + count + " planes of TIFF file " + file + " is " + count * planeBytes
                    + " bytes, more than one in-memory volume holds (2 GiB): read fewer than "
                    + Math.max(1, TiffLayout.MAX_PLANE_BYTES / planeBytes) + " at a time");
        }
        int[] shape = planes == 1 ? new int[] {layout.height, layout.width} : new int[] {count, layout.height, layout.width};
        DataType stored = layout.stored;
        Volume out = Volume.allocate(stored, shape);
        try {
            for (int p = 0; p < count; p++) {
                TiffLayout.Page page = layout.page((int) (start + p));
                int at = (int) (p * planeBytes);
                if (page.direct()) {
                    readStrips(page, out.data(), at, planeBytes);
                    if (in.order == ByteOrder.BIG_ENDIAN && stored.size() > 1) {
                        swap(out.data(), at, (int) planeBytes, stored.size());
                    }
                } else {
                    readWithImageIo(page.directory(), out, p);
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

    /** Copies a plane's strips; {@link TiffLayout} has checked that they lie inside the file and fill the plane. */
    private void readStrips(TiffLayout.Page page, byte[] dst, int at, long planeBytes) throws IOException {
        long filled = 0;
        for (int s = 0; s < page.offsets().length && filled < planeBytes; s++) {
            int n = (int) Math.min(page.counts()[s], planeBytes - filled);
            in.read(ByteBuffer.wrap(dst, (int) (at + filled), n), page.offsets()[s]);
            filled += n;
        }
    }

    /** Decodes a compressed or tiled page; whatever the decoder throws on damaged data becomes a message. */
    private void readWithImageIo(int directory, Volume out, int plane) {
        try {
            if (imageIo == null) {
                ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
                Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
                if (!readers.hasNext()) {
                    stream.close();
                    throw fail("could not be read: no ImageIO TIFF reader is available for its compression");
                }
                imageIo = readers.next();
                imageIo.setInput(stream);
            }
            Raster raster = imageIo.readRaster(directory - 1, null);
            if (raster.getWidth() != layout.width || raster.getHeight() != layout.height) {
                throw in.damaged("image directory " + directory + " decodes to " + raster.getWidth() + " x "
                        + raster.getHeight() + " pixels instead of the " + layout.width + " x " + layout.height + " it states");
            }
            double[] samples = raster.getSamples(0, 0, layout.width, layout.height, 0, (double[]) null);
            int base = plane * layout.width * layout.height;
            for (int i = 0; i < samples.length; i++) {
                out.setDouble(base + i, samples[i]);
            }
        } catch (RelayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw in.damaged("image directory " + directory + " could not be decoded (" + e + ")", e);
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
        in.close();
        try {
            if (imageIo != null) {
                Object stream = imageIo.getInput();
                imageIo.dispose();
                if (stream instanceof ImageInputStream iis) {
                    iis.close();
                }
            }
        } catch (IOException e) {
            // closing a file we only read: nothing is lost
        }
    }
}
