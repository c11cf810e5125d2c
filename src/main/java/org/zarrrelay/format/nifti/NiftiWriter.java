package org.zarrrelay.format.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.ChannelBoxes;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Writes a single-file NIfTI, gzip-compressed ({@code .nii.gz}) or not ({@code .nii}), streaming slab by slab so memory
 * stays bounded by a slab. NIfTI-1 (vox_offset 352), or NIfTI-2 (544) when an axis is longer than
 * NIfTI-1's 16-bit dim can say (32767). NIfTI stores i fastest, so a region of shape (z, y, x) in C
 * order is written as dim = [3, x, y, z] and its bytes go out unchanged. The geometry goes into
 * pixdim and, identically, into the qform (identity rotation, qfac 1) and the sform, both with
 * code 1 (NIFTI_XFORM_SCANNER_ANAT), as ITK-based tools write them, so every reader agrees on it;
 * the job id goes into descrip. bool is written as uint8 0/1 (no tool reads NIfTI's 1-bit type).
 */
final class NiftiWriter implements VolumeWriter {
    static final String JOB_PREFIX = "zarr-relay job ";
    /** The largest extent NIfTI-1's int16 dim holds. */
    static final long NIFTI1_MAX_EXTENT = Short.MAX_VALUE;
    /** nibabel's default too: level 1 deflates several times faster than the default 6 for a few percent more bytes. */
    private static final int LEVEL = 1;
    private static final int BUFFER = 1 << 16;
    private static final int XFORM_SCANNER_ANAT = 1;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final DataType dtype;
    private final long[] shape;
    /** The voxels of an uncompressed file, after the header; null for {@code .nii.gz}. */
    private final ChannelBoxes boxes;
    private long rowsWritten;
    private boolean finished;

    NiftiWriter(Path target, DataType dtype, long[] shape, FileInfo info) {
        if (shape.length < 1 || shape.length > 3) {
            throw new RelayException("a NIfTI image holds 1 to 3 axes (z, y, x), but the region has " + shape.length
                    + " (shape " + Arrays.toString(shape) + "): select single indices for the other axes (t, c), or use npy");
        }
        for (long s : shape) {
            if (s < 1 || s > Integer.MAX_VALUE) {
                throw new RelayException("a NIfTI image needs every extent between 1 and " + Integer.MAX_VALUE + ", but the"
                        + " region has shape " + Arrays.toString(shape));
            }
        }
        this.target = target.toAbsolutePath();
        this.dtype = dtype;
        this.shape = shape.clone();
        byte[] header = NiftiHeaderCodec.encode(header(dtype, shape, info == null ? FileInfo.NONE : info));
        this.temp = TempFiles.beside(this.target);
        FileChannel ch = null;
        try {
            Files.createDirectories(this.target.getParent());
            ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
            OutputStream stream = compressed(this.target) ? new GZIPOutputStream(file, BUFFER) {
                {
                    def.setLevel(LEVEL);
                }
            } : file;
            stream.write(header);
            this.channel = ch;
            this.out = stream;
            // little-endian C order, which is NIfTI's order with dims reversed
            this.boxes = compressed(this.target) ? null : new ChannelBoxes(ch, header.length, dtype, shape);
        } catch (IOException e) {
            RelayException failure = new RelayException("cannot create " + temp + ": " + e.getMessage()
                    + " — check that the folder is writable and the disk not full", e);
            TempFiles.discard(ch, temp, failure);
            throw failure;
        }
    }

    /** A {@code .nii.gz} is gzip-compressed; a {@code .nii} is not, as readers expect from the name. */
    static boolean compressed(Path target) {
        return target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }

    /** The header of an export: dims reversed to (x, y, z), geometry from {@code info} (slowest axis first). */
    static NiftiHeader header(DataType dtype, long[] shape, FileInfo info) {
        int rank = shape.length;
        double[] size = info.voxelSize();
        double[] origin = info.origin();
        checkGeometry(size, rank, "voxel size");
        checkGeometry(origin, rank, "origin");
        NiftiUnits.Written unit = size == null && origin == null ? NiftiUnits.Written.NONE : NiftiUnits.forExport(info.unit());
        boolean wide = Arrays.stream(shape).anyMatch(s -> s > NIFTI1_MAX_EXTENT);
        long[] dim = {rank, 1, 1, 1, 1, 1, 1, 1};
        double[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] offset = new double[3];
        double[][] srow = new double[3][4];
        for (int a = 0; a < 3; a++) {
            int axis = rank - 1 - a;  // file axis a (i = x) is the region's axis rank-1-a
            if (axis >= 0) {
                dim[a + 1] = shape[axis];
                if (size != null) {
                    pixdim[a + 1] = size[axis] * unit.factor();
                    if (!(pixdim[a + 1] > 0) || !Double.isFinite(pixdim[a + 1])) {
                        throw new RelayException("cannot write a NIfTI voxel size of " + size[axis] + " " + info.unit()
                                + " (axis " + axis + " of the region): NIfTI needs positive voxel sizes; fix the scale in"
                                + " the image's OME-Zarr metadata");
                    }
                }
                if (origin != null) {
                    offset[a] = origin[axis] * unit.factor();
                }
            }
            srow[a][a] = pixdim[a + 1];
            srow[a][3] = offset[a];
        }
        NiftiType type = NiftiType.forWriting(dtype);
        return new NiftiHeader(wide ? 2 : 1, ByteOrder.LITTLE_ENDIAN, dim, type.code, pixdim,
                wide ? NiftiHeader.SIZE_2 + 4 : NiftiHeader.SIZE_1 + 4, 1, 0, unit.code(),
                info.jobId() == null ? "zarr-relay export" : JOB_PREFIX + info.jobId(), XFORM_SCANNER_ANAT,
                XFORM_SCANNER_ANAT, new double[3], offset, srow);
    }

    private static void checkGeometry(double[] values, int rank, String what) {
        if (values != null && values.length != rank) {
            throw new IllegalArgumentException("a " + what + " of " + values.length + " axes for a region of " + rank);
        }
    }

    @Override
    public void writeSlab(Volume slab) {
        if (finished) {
            throw new IllegalStateException("the NIfTI writer for " + target + " is already committed or closed");
        }
        int[] s = slab.shape();
        boolean fits = slab.dtype() == dtype && s.length == shape.length && rowsWritten + s[0] <= shape[0]
                && (boxes == null || boxes.written() == 0);
        for (int d = 1; fits && d < s.length; d++) {
            fits = s[d] == shape[d];
        }
        if (!fits) {
            throw new IllegalArgumentException("slab " + slab + " does not continue a " + dtype.numpyName() + " image of"
                    + " shape " + Arrays.toString(shape) + " at row " + rowsWritten);
        }
        try {
            // little-endian C order, which is NIfTI's order with dims reversed
            if (boxes != null) {
                // uncompressed: straight into the file after what the stream holds (see ChannelIO)
                out.flush();
                ChannelIO.write(channel, slab.data(), 0, slab.data().length);
            } else {
                out.write(slab.data());
            }
        } catch (IOException e) {
            throw new RelayException("cannot write " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
        rowsWritten += s[0];
    }

    /** An uncompressed file can: its voxels are one raw run after the header. */
    @Override
    public boolean writesBoxes() {
        return boxes != null;
    }

    @Override
    public void writeBox(long[] at, Volume box) {
        if (boxes == null || finished || rowsWritten > 0) {
            throw new IllegalStateException("the NIfTI writer for " + target + " is compressed, committed, closed or"
                    + " writing slabs: it takes no boxes");
        }
        try {
            out.flush();  // the header, still in the stream's buffer
            boxes.write(at, box);
        } catch (IOException e) {
            throw new RelayException("cannot write " + temp + ": " + e.getMessage() + " — is the disk full?", e);
        }
    }

    @Override
    public long voxelCrc32() {
        if (boxes == null) {
            return VolumeWriter.super.voxelCrc32();
        }
        try {
            return boxes.crc32();
        } catch (IOException e) {
            throw new RelayException("cannot read back " + temp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(boolean sync) {
        if (finished) {
            throw new IllegalStateException("the NIfTI writer for " + target + " is already committed or closed");
        }
        if (rowsWritten != shape[0] && (boxes == null || boxes.written() != boxes.bytes())) {
            throw new IllegalStateException("cannot commit " + target + ": only " + rowsWritten + " of " + shape[0]
                    + " rows along axis 0 were written");
        }
        finished = true;
        try {
            if (out instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            out.flush();
            if (sync) {
                channel.force(true);  // data on disk before the rename makes it visible: never a named half file
            }
            out.close();
        } catch (IOException e) {
            RelayException failure = new RelayException("cannot finish " + target + ": " + e.getMessage(), e);
            TempFiles.discard(channel, temp, failure);
            throw failure;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            RelayException failure = new RelayException("cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
            TempFiles.discard(null, temp, failure);
            throw failure;
        }
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        RelayException failure = new RelayException("cannot remove the unfinished " + temp + " for " + target);
        try {
            out.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        if (TempFiles.discard(channel, temp, failure)) {
            throw failure;
        }
    }

}
