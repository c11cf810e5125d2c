package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Writes an export as a folder holding one MR Image file per z slice ({@code IMG0001.dcm}, ...),
 * streamed as slabs arrive: the slabs' voxels, in C order, are the slices' pixels one after the
 * other (for a 2D export the slabs are bands of rows of the one slice). The folder is built under
 * a hidden name beside the target and renamed into place on commit. Window Center and Width, which
 * need the range of all voxels, are left as blanks and filled in on commit.
 */
final class DicomSeriesWriter implements VolumeWriter {
    /** Voxels converted per write, so memory stays small whatever a slice's size. */
    private static final int CHUNK = 1 << 20;
    /** The most a 32-bit element length can state (0xFFFFFFFF means "undefined"), rounded to even. */
    private static final long MAX_PIXEL_BYTES = 0xFFFF_FFFEL;

    private final Path target;
    private final Path temp;
    private final DataType dtype;
    private final SeriesGeometry geometry;
    private final MrImageHeader.Series series;
    private final long planeVoxels;
    private final String nameFormat;
    private final int[] windowCenterAt;
    private final int[] windowWidthAt;
    private FileChannel current;
    private long currentVoxels;
    private int files;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private boolean committed;

    DicomSeriesWriter(Path target, DataType dtype, long[] shape, FileInfo info) {
        if (!DicomFormat.WRITABLE.contains(dtype)) {
            throw DicomFormat.unsupported(dtype);
        }
        this.target = target;
        this.dtype = dtype;
        this.geometry = SeriesGeometry.of(shape, info == null ? FileInfo.NONE : info);
        this.planeVoxels = (long) geometry.rows() * geometry.columns();
        if (planeVoxels * 2 > MAX_PIXEL_BYTES) {
            throw new RelayException("a slice of " + geometry.rows() + " x " + geometry.columns() + " pixels is more than"
                    + " a DICOM image holds (4 GB of pixel data): export it in parts, or as nifti or npy");
        }
        this.series = MrImageHeader.Series.create(info == null ? null : info.jobId(), dtype, geometry);
        this.nameFormat = "IMG%0" + Math.max(4, Integer.toString(geometry.planes()).length()) + "d.dcm";
        this.windowCenterAt = new int[geometry.planes()];
        this.windowWidthAt = new int[geometry.planes()];
        checkTargetFree();
        this.temp = TempFiles.beside(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.createDirectory(temp);
        } catch (IOException e) {
            throw new RelayException("cannot create the folder " + temp + ": " + e.getMessage() + " — check the folder is writable", e);
        }
    }

    /** A folder is never replaced: it may be someone's data. An empty one may go. */
    private void checkTargetFree() {
        if (Files.exists(target) && !(Files.isDirectory(target) && isEmpty(target))) {
            throw new RelayException(target + " already exists; a DICOM export is a new folder: remove it or export to"
                    + " another path");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void writeSlab(Volume slab) {
        int[] s = slab.shape();
        boolean fits = slab.dtype() == dtype && s.length == (geometry.threeD() ? 3 : 2) && s[s.length - 1] == geometry.columns()
                && (!geometry.threeD() || s[1] == geometry.rows());
        long total = (long) geometry.planes() * planeVoxels;
        long done = (long) files * planeVoxels + currentVoxels;
        if (!fits || done + slab.elementCount() > total) {
            throw new IllegalArgumentException("slab " + slab + " does not continue a " + dtype.numpyName() + " series of "
                    + geometry.planes() + " x " + geometry.rows() + " x " + geometry.columns() + " after " + done + " voxels");
        }
        try {
            int n = slab.elementCount();
            for (int i = 0; i < n; ) {
                if (current == null) {
                    startFile();
                }
                int m = (int) Math.min(Math.min(n - i, planeVoxels - currentVoxels), CHUNK);
                write(slab, i, m);
                i += m;
                currentVoxels += m;
                if (currentVoxels == planeVoxels) {
                    current.close();
                    current = null;
                    currentVoxels = 0;
                    files++;
                }
            }
        } catch (IOException e) {
            throw new RelayException("cannot write the DICOM series in " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
    }

    private void startFile() throws IOException {
        MrImageHeader.Bytes header = MrImageHeader.slice(series, files, planeVoxels * 2);
        windowCenterAt[files] = header.windowCenterAt();
        windowWidthAt[files] = header.windowWidthAt();
        current = FileChannel.open(temp.resolve(String.format(nameFormat, files + 1)), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        byte[] bytes = header.header();
        ChannelIO.write(current, bytes, 0, bytes.length);
    }

    /** Voxels {@code [from, from + count)} of the slab as 16-bit little-endian samples; 8-bit ones widened. */
    private void write(Volume slab, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            long v = slab.getLong(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (dtype.size() == 2) {
            ChannelIO.write(current, slab.data(), from * 2, count * 2);
            return;
        }
        // 8-bit voxels in a 16-bit container: zero- or sign-extended, so they read the same whether a
        // reader masks to Bits Stored or takes all 16 bits
        byte[] wide = new byte[count * 2];
        byte[] d = slab.data();
        boolean signed = dtype == DataType.INT8;
        for (int i = 0; i < count; i++) {
            byte b = d[from + i];
            wide[2 * i] = b;
            wide[2 * i + 1] = signed && b < 0 ? (byte) 0xff : 0;
        }
        ChannelIO.write(current, wide, 0, wide.length);
    }

    @Override
    public void commit(boolean sync) {
        if (files != geometry.planes()) {
            throw new IllegalStateException("only " + files + " of " + geometry.planes() + " slices were written");
        }
        byte[] center = fixed(DecimalStrings.format((min + max + 1) / 2.0));
        byte[] width = fixed(DecimalStrings.format(max - min + 1.0));
        try {
            for (int k = 0; k < files; k++) {
                try (FileChannel c = FileChannel.open(temp.resolve(String.format(nameFormat, k + 1)), StandardOpenOption.WRITE)) {
                    c.write(ByteBuffer.wrap(center), windowCenterAt[k]);
                    c.write(ByteBuffer.wrap(width), windowWidthAt[k]);
                    if (sync) {
                        c.force(false);  // on disk before the rename makes the series visible: never a named half series
                    }
                }
            }
            checkTargetFree();
            Files.deleteIfExists(target);  // only an empty folder gets here
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new RelayException(target + " appeared while the series was written; remove it or export to another path", e);
        } catch (IOException e) {
            throw new RelayException("cannot finish the DICOM series " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] fixed(String value) {
        byte[] out = new byte[MrImageHeader.WINDOW_WIDTH_CHARS];
        Arrays.fill(out, (byte) ' ');
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, out, 0, v.length);
        return out;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            if (current != null) {
                current.close();
            }
            TempFiles.deleteTree(temp);
        } catch (IOException e) {
            // nothing more to do: the temporary folder is hidden and not the export's
        }
    }
}
