package org.zarrrelay.format.tiff;

import java.nio.file.Path;
import java.util.Map;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads a grayscale TIFF stack slab by slab: ImageJ stacks (planes contiguous after the first
 * strip, as ImageJ's own reader assumes, also past 4 GiB in a classic TIFF as ImageJ writes them)
 * and general multi-page files, classic or BigTIFF. ImageJ saves signed 16-bit images as unsigned
 * with a calibration offset of -32768; such files read back as int16.
 */
final class TiffStackReader implements VolumeReader {
    private final Path file;
    private final TiffPages pages;
    private final TiffLayout layout;
    private final DataType dtype;
    private final FileInfo info;

    TiffStackReader(Path file) {
        this.file = file;
        this.pages = TiffPages.open(file);
        this.layout = pages.layout;
        try {
            dtype = signedByCalibration(layout.imageJ) ? DataType.INT16 : layout.stored;
            info = info(layout.first, layout.imageJ);
        } catch (NumberFormatException e) {
            pages.close();
            throw fail("has an ImageJ description with a bad number: " + e.getMessage() + "; save it again from ImageJ/Fiji");
        } catch (RelayException e) {
            pages.close();
            throw e;
        } catch (RuntimeException e) {
            // a check we lack must still end as a message about the file, never as a crash of the relay
            pages.close();
            throw pages.in.damaged("it could not be parsed (" + e + ")", e);
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
                pages.in.order);
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

    /** Along the first axis of {@link #shape}: planes of a stack, rows of a single image. */
    @Override
    public Volume readSlab(long start, int count) {
        int planes = layout.planes();
        DataType stored = layout.stored;
        Volume out;
        if (planes == 1) {
            out = pages.readRows(0, start, count);
        } else {
            if (start < 0 || count < 0 || start > planes - count) {
                throw new IllegalArgumentException("planes " + start + ".." + (start + count) + " outside 0.." + planes);
            }
            long planeBytes = layout.planeBytes;
            if ((long) count * planeBytes > TiffLayout.MAX_PLANE_BYTES) {
                throw new RelayException("a slab of " + count + " planes of TIFF file " + file + " is " + count * planeBytes
                        + " bytes, more than one in-memory volume holds (2 GiB): read fewer than "
                        + Math.max(1, TiffLayout.MAX_PLANE_BYTES / planeBytes) + " at a time");
            }
            out = Volume.allocate(stored, count, layout.height, layout.width);
            for (int p = 0; p < count; p++) {
                pages.readPage((int) (start + p), out, p);
            }
        }
        return asRead(out);
    }

    /** Read as stored; ImageJ's signed 16-bit (stored value - 32768) becomes int16. */
    private Volume asRead(Volume out) {
        if (dtype != layout.stored) {
            byte[] d = out.data();
            for (int i = 1; i < d.length; i += 2) {
                d[i] ^= (byte) 0x80;
            }
            return new Volume(dtype, out.shape(), d);
        }
        return out;
    }

    /** Uncompressed stacks read boxes row band by row band; compressed pages would need decoding per box. */
    @Override
    public boolean readsBoxes() {
        return pages.direct();
    }

    /** A page at a time: an uncompressed one only for the box's rows, a compressed one decoded whole. */
    @Override
    public Volume readBox(long[] offset, int[] shape) {
        return asRead(pages.readBox(z -> z, shape(), offset, shape));
    }

    @Override
    public void close() {
        pages.close();
    }
}
