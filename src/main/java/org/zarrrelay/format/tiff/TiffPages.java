package org.zarrrelay.format.tiff;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.volume.DataType;

/**
 * The grayscale pages of a TIFF or BigTIFF, each checked against the file before it is read (see
 * {@link TiffLayout}), for the TIFF stack reader and for formats built on TIFF (OME-TIFF).
 * Uncompressed strips are read directly; compressed or tiled pages go through ImageIO
 * (TwelveMonkeys). Pages come back little-endian in their stored type.
 */
public final class TiffPages implements AutoCloseable {
    /** The longest ImageDescription read. */
    public static final long MAX_DESCRIPTION_BYTES = TiffDirectory.MAX_TEXT_BYTES;

    final TiffInput in;
    final TiffLayout layout;
    private ImageReader imageIo;
    private int decodedPage = -1;
    private Volume decoded;

    private TiffPages(TiffInput in, TiffLayout layout) {
        this.in = in;
        this.layout = layout;
    }

    /** Opens {@code file} and lays out its pages; the caller closes the result. */
    public static TiffPages open(Path file) {
        TiffInput in = TiffInput.open(file);
        try {
            return new TiffPages(in, TiffLayout.read(in));
        } catch (RelayException e) {
            in.close();
            throw e;
        } catch (RuntimeException e) {
            // a check we lack must still end as a message about the file, never as a crash of the relay
            in.close();
            throw in.damaged("it could not be parsed (" + e + ")", e);
        }
    }

    public Path file() {
        return in.file;
    }

    public boolean bigTiff() {
        return in.big;
    }

    /** The type the pages store. */
    public DataType sampleType() {
        return layout.stored;
    }

    public int width() {
        return layout.width;
    }

    public int height() {
        return layout.height;
    }

    public long planeBytes() {
        return layout.planeBytes;
    }

    /** Full-size pages (thumbnails are skipped), in the order of the directory chain. */
    public int pageCount() {
        return layout.planes();
    }

    /** The directories in the chain, thumbnails included. */
    public int directoryCount() {
        return layout.directories();
    }

    /** The position (from 0) in the directory chain of page {@code page}. */
    public int directoryOf(int page) {
        return layout.page(page).directory() - 1;
    }

    /**
     * The first directory's ImageDescription as raw bytes, without the closing NULs, or null. TIFF
     * calls it ASCII; OME-XML puts UTF-8 there. One longer than {@link #MAX_DESCRIPTION_BYTES} is
     * refused without being read.
     */
    public byte[] description() {
        long oversized = layout.first.oversizedText(TiffTags.IMAGE_DESCRIPTION);
        if (oversized > 0) {
            throw new RelayException("TIFF file " + in.file + " has an ImageDescription of " + oversized + " bytes, more"
                    + " than the " + MAX_DESCRIPTION_BYTES + " zarr-relay reads (OME-XML of 100,000 planes takes about"
                    + " 30 MB), so its metadata is not read: save the image again without the extra metadata");
        }
        String text = layout.first.text(TiffTags.IMAGE_DESCRIPTION);
        return text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1);  // the bytes as read, one char each
    }

    /** Reads page {@code page} into plane {@code slot} of {@code out}, which has the stored type and this page size. */
    public void readPage(int page, Volume out, int slot) {
        TiffLayout.Page p = layout.page(page);
        long at = slot * layout.planeBytes;
        try {
            if (p.direct()) {
                readPlaneBytes(p, 0, out.data(), (int) at, (int) layout.planeBytes);
                if (in.order == ByteOrder.BIG_ENDIAN && layout.stored.size() > 1) {
                    swap(out.data(), (int) at, (int) layout.planeBytes, layout.stored.size());
                }
            } else {
                readWithImageIo(p.directory(), out, slot);
            }
        } catch (IOException e) {
            throw new RelayException("TIFF file " + in.file + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Rows {@code start..start+count} of page {@code page}, in the stored type: a 2D image is read in
     * bands of rows. The page is decoded once and kept while its rows are asked for.
     */
    public Volume readRows(int page, long start, int count) {
        int h = layout.height;
        if (start < 0 || count < 0 || start > h - count) {
            throw new IllegalArgumentException("rows " + start + ".." + (start + count) + " outside 0.." + h);
        }
        int rowBytes = layout.width * layout.stored.size();
        return new Volume(layout.stored, new int[] {count, layout.width},
                Arrays.copyOfRange(decoded(page).data(), (int) start * rowBytes, (int) (start + count) * rowBytes));
    }

    /** Page {@code page} read whole, kept until another page is asked for. */
    private Volume decoded(int page) {
        if (decodedPage != page) {
            decoded = Volume.allocate(layout.stored, layout.height, layout.width);
            readPage(page, decoded, 0);
            decodedPage = page;
        }
        return decoded;
    }

    /** Whether every page is uncompressed strips, so {@link #readBand} can read rows without decoding a page. */
    public boolean direct() {
        for (int p = 0; p < layout.planes(); p++) {
            if (!layout.page(p).direct()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The box of {@code shape} at {@code offset} in a stack of {@code fileShape} ({@code [planes,]
     * height, width}) whose plane z is page {@code pageOf(z)}, in the stored type: of a {@link #direct}
     * page only the box's rows are read, any other page is decoded whole (and kept, as for
     * {@link #readRows}).
     */
    public Volume readBox(IntUnaryOperator pageOf, long[] fileShape, long[] offset, int[] shape) {
        if (offset.length != fileShape.length || shape.length != fileShape.length || fileShape.length < 2) {
            throw new IllegalArgumentException("a box of " + shape.length + " axes in a file of " + fileShape.length);
        }
        for (int d = 0; d < fileShape.length; d++) {
            if (offset[d] < 0 || shape[d] < 0 || offset[d] > fileShape[d] - shape[d]) {
                throw new IllegalArgumentException("box " + Arrays.toString(shape) + " at " + Arrays.toString(offset)
                        + " is outside " + in.file + " (" + Arrays.toString(fileShape) + ")");
            }
        }
        int y = fileShape.length - 2;
        Volume out = Volume.allocate(layout.stored, shape);
        for (int p = 0, planes = y == 0 ? 1 : shape[0]; p < planes; p++) {
            readBand(pageOf.applyAsInt(y == 0 ? 0 : (int) offset[0] + p), (int) offset[y], shape[y], (int) offset[y + 1],
                    shape[y + 1], out, p);
        }
        return out;
    }

    /**
     * Rows {@code [y, y + rows)} and columns {@code [x, x + columns)} of page {@code page} into plane
     * {@code slot} of {@code out} (stored type, planes of {@code rows} x {@code columns}): of a direct
     * page only those rows' bytes are read; another page is decoded whole, once while it is asked for.
     */
    private void readBand(int page, int y, int rows, int x, int columns, Volume out, int slot) {
        TiffLayout.Page p = layout.page(page);
        int size = layout.stored.size();
        int rowBytes = layout.width * size;
        int at = slot * rows * columns * size;
        byte[] band;
        int from;  // where row y starts in band
        if (p.direct()) {
            boolean whole = x == 0 && columns == layout.width;
            band = whole ? out.data() : new byte[rows * rowBytes];
            from = whole ? at : 0;
            try {
                readPlaneBytes(p, (long) y * rowBytes, band, from, rows * rowBytes);
            } catch (IOException e) {
                throw new RelayException("TIFF file " + in.file + " could not be read: " + e.getMessage(), e);
            }
            if (in.order == ByteOrder.BIG_ENDIAN && size > 1) {
                swap(band, from, rows * rowBytes, size);
            }
            if (whole) {
                return;
            }
        } else {
            band = decoded(page).data();
            from = y * rowBytes;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(band, from + r * rowBytes + x * size, out.data(), at + r * columns * size, columns * size);
        }
    }

    /**
     * Bytes {@code [from, from + length)} of a direct page's plane, which its strips hold in order;
     * {@link TiffLayout} has checked that they lie inside the file and fill the plane.
     */
    private void readPlaneBytes(TiffLayout.Page page, long from, byte[] dst, int at, int length) throws IOException {
        long stripStart = 0;
        for (int s = 0; s < page.offsets().length && length > 0; s++) {
            long end = stripStart + page.counts()[s];
            if (end > from) {
                long skip = from - stripStart;
                int n = (int) Math.min(end - from, length);
                in.read(dst, at, n, page.offsets()[s] + skip);
                at += n;
                from += n;
                length -= n;
            }
            stripStart = end;
        }
    }

    /** A message that the file is damaged, naming it and what to do. */
    public RelayException damaged(String what) {
        return in.damaged(what);
    }

    /** Decodes a compressed or tiled page; whatever the decoder throws on damaged data becomes a message. */
    private void readWithImageIo(int directory, Volume out, int plane) {
        try {
            if (imageIo == null) {
                ImageInputStream stream = ImageIO.createImageInputStream(in.file.toFile());
                Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
                if (!readers.hasNext()) {
                    stream.close();
                    throw new RelayException("TIFF file " + in.file + " could not be read: no ImageIO TIFF reader is"
                            + " available for its compression");
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
