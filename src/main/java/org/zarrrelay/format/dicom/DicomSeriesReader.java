package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads a DICOM series as a volume: the headers of all its files on open (files that are no DICOM
 * image are left out and noted), the pixels slice by slice on demand. Shape (slices, rows,
 * columns), or (rows, columns) for a one-file 2D image; geometry in millimetres. Stored values are
 * checked against Bits Stored rather than masked, so a tool that wrote wider values without
 * updating the header is refused instead of silently truncated; a Rescale Slope/Intercept that is
 * not the identity gives float64 voxels holding the rescaled values.
 */
public final class DicomSeriesReader implements VolumeReader {
    private static final Logger LOG = LoggerFactory.getLogger(DicomSeriesReader.class);
    /** Voxels decoded per read when values are converted, so memory stays near the slab's own. */
    private static final int CHUNK = 1 << 20;
    private static final long MAX_SLAB_BYTES = Integer.MAX_VALUE - 8;

    private final SeriesSource source;
    private final SeriesLayout layout;
    private final List<String> notes;

    private DicomSeriesReader(SeriesSource source, SeriesLayout layout, List<String> notes) {
        this.source = source;
        this.layout = layout;
        this.notes = List.copyOf(notes);
    }

    /** A folder of a series (searched recursively), a {@code .zip} of one, or a single image file. */
    static DicomSeriesReader open(Path path) {
        SeriesSource source;
        if (Files.isDirectory(path)) {
            source = new FolderSource(path);
        } else if (!Files.isRegularFile(path)) {
            throw new RelayException("DICOM series " + path + " does not exist: give the folder of the series, a .zip of it,"
                    + " or one .dcm file");
        } else if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            source = new ZipSource(path);
        } else {
            source = new FolderSource(path);
        }
        try {
            List<String> notes = new ArrayList<>(source.notes());
            List<SliceHeader> headers = new ArrayList<>();
            for (SeriesSource.Item item : source.items()) {
                SliceHeader h = HeaderParser.parse(item, source.where(), notes);
                if (h != null) {
                    headers.add(h);
                }
            }
            SeriesLayout layout = SeriesLayout.of(headers, source.where(), notes);
            if (!notes.isEmpty()) {
                LOG.info("DICOM series {}: left out {} file(s) that are no image of it: {}", source.where(), notes.size(),
                        String.join(", ", notes));
            }
            return new DicomSeriesReader(source, layout, notes);
        } catch (RelayException e) {
            source.close();
            throw e;
        } catch (RuntimeException e) {
            // a check we lack must still end as a message about the input, never as a crash of the relay
            source.close();
            throw new RelayException("DICOM series " + source.where() + " could not be read (" + e + "); save or copy the"
                    + " series again", e);
        }
    }

    /** The files left out (hidden files, a DICOMDIR, non-DICOM files), each with why. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public DataType dtype() {
        return layout.dtype;
    }

    @Override
    public long[] shape() {
        return layout.shape.clone();
    }

    @Override
    public FileInfo info() {
        return layout.info;
    }

    /** Slices {@code [start, start + count)}; for a 2D image, rows of its one slice. */
    @Override
    public Volume readSlab(long start, int count) {
        long[] shape = layout.shape;
        if (start < 0 || count < 0 || start > shape[0] - count) {
            throw new IllegalArgumentException("slab " + start + ".." + (start + count) + " is outside axis 0 of length "
                    + shape[0]);
        }
        boolean threeD = shape.length == 3;
        long columns = shape[shape.length - 1];
        long perIndex = threeD ? shape[1] * columns : columns;
        if ((long) count * perIndex * layout.dtype.size() > MAX_SLAB_BYTES) {
            throw new RelayException("a slab of " + count + " along axis 0 of DICOM series " + source.where() + " is more"
                    + " than one in-memory volume holds (2 GiB): read fewer at a time");
        }
        int[] outShape = threeD ? new int[] {count, (int) shape[1], (int) columns} : new int[] {count, (int) columns};
        Volume out = Volume.allocate(layout.dtype, outShape);
        for (int i = 0; i < count; i++) {
            SliceHeader slice = layout.slices.get(threeD ? (int) (start + i) : 0);
            long first = threeD ? 0 : start * columns;
            long voxels = threeD ? perIndex : (long) count * columns;
            read(slice, first, (int) voxels, out, (int) (i * perIndex));
            if (!threeD) {
                break;
            }
        }
        return out;
    }

    /** Voxels {@code [first, first + n)} of a slice into {@code out} from voxel {@code at}. */
    private void read(SliceHeader slice, long first, int n, Volume out, int at) {
        PixelModel m = layout.model;
        int size = m.bitsAllocated() / 8;
        boolean direct = !m.partial() && layout.dtype == m.container();
        long offset = slice.pixelOffset() + first * size;
        if (direct) {
            try {
                slice.item().readFully(offset, out.data(), at * size, n * size);
            } catch (IOException e) {
                throw unreadable(slice, e);
            }
            return;
        }
        try (InputStream in = slice.item().openAt(offset)) {
            byte[] raw = new byte[Math.min(n, CHUNK) * size];
            for (int done = 0; done < n; ) {
                int k = Math.min(n - done, CHUNK);
                SeriesSource.Item.readPixels(in, raw, 0, k * size);
                convert(raw, k, slice, out, at + done);
                done += k;
            }
        } catch (IOException e) {
            throw unreadable(slice, e);
        }
    }

    private static RelayException unreadable(SliceHeader slice, IOException e) {
        return new RelayException("DICOM file " + slice.label() + " could not be read: " + e.getMessage(), e);
    }

    private void convert(byte[] raw, int k, SliceHeader slice, Volume out, int at) {
        PixelModel m = layout.model;
        boolean rescale = layout.dtype == DataType.FLOAT64 && m.dtype() != DataType.FLOAT64;
        long lowest = m.lowest();
        long highest = m.highest();
        for (int i = 0; i < k; i++) {
            long v = value(raw, i, m);
            if (m.partial() && (v < lowest || v > highest)) {
                throw new RelayException("DICOM file " + slice.label() + " holds the pixel value " + v
                        + ", which does not fit the " + m.bitsStored() + " bits its Bits Stored (0028,0101) declares: the tool"
                        + " changed the pixels without updating Bits Stored and High Bit; save the result with Bits Stored "
                        + m.bitsAllocated() + " (or keep the values within " + lowest + ".." + highest + ")");
            }
            if (rescale) {
                out.setDouble(at + i, v * slice.slope() + slice.intercept());
            } else {
                out.setLong(at + i, v);
            }
        }
    }

    /** Sample {@code i} of the container, as the Pixel Representation says (PS3.5 8.1.1: little endian here). */
    private static long value(byte[] raw, int i, PixelModel m) {
        return switch (m.bitsAllocated()) {
            case 8 -> m.signed() ? raw[i] : raw[i] & 0xff;
            case 16 -> {
                int u = (raw[2 * i] & 0xff) | (raw[2 * i + 1] & 0xff) << 8;
                yield m.signed() ? (short) u : u;
            }
            default -> {
                long u = (raw[4 * i] & 0xffL) | (raw[4 * i + 1] & 0xffL) << 8 | (raw[4 * i + 2] & 0xffL) << 16
                        | (raw[4 * i + 3] & 0xffL) << 24;
                yield m.signed() ? (int) u : u;
            }
        };
    }

    @Override
    public void close() {
        source.close();
    }
}
