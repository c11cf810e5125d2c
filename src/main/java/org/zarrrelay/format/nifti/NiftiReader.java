package org.zarrrelay.format.nifti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads a NIfTI-1 or NIfTI-2 file ({@code .nii}, or gzip-compressed, told by its first two bytes
 * whatever its name), in either byte order, slab by slab along z, in the export's order: shape
 * (z, y, x) and the voxel size and origin per axis in that order, in the file's length unit.
 * A grid that is permuted or mirrored relative to the export ({@link Orientation}) is delivered
 * reoriented; a {@code .nii.gz} that needs reading out of order for that is decompressed to a
 * temporary file at the first read (not on open: the job id, shape and geometry need only the
 * header). Values are scaled by scl_slope / scl_inter when these are not identity, and then come
 * out as float64, as every NIfTI reader presents them.
 */
final class NiftiReader implements VolumeReader {
    /** What one in-memory volume can hold. */
    private static final long MAX_SLAB_BYTES = Integer.MAX_VALUE - 8;
    private static final String JOB_PREFIX = NiftiWriter.JOB_PREFIX;

    private final Path file;
    private final NiftiLayout layout;
    private final Orientation orientation;
    private final Path unpackFrom;
    private final double slope;
    private final double inter;
    private final boolean scaled;
    private final FileInfo info;
    private VoxelSource source;

    /** @param source null when the first read is to decompress {@code file} to a temporary file */
    private NiftiReader(Path file, NiftiHeader h, NiftiLayout layout, Orientation orientation, FileInfo info,
                        VoxelSource source) {
        this.file = file;
        this.unpackFrom = source == null ? file : null;
        this.layout = layout;
        this.orientation = orientation;
        this.info = info;
        this.source = source;
        // spec: scaling applies when scl_slope is nonzero; nifti1_io reads a non-finite one as 0 too
        boolean slopeSet = Double.isFinite(h.sclSlope()) && h.sclSlope() != 0;
        this.slope = slopeSet ? h.sclSlope() : 1;
        this.inter = slopeSet && Double.isFinite(h.sclInter()) ? h.sclInter() : 0;
        this.scaled = slope != 1 || inter != 0;
    }

    static NiftiReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NiftiException("NIfTI file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new NiftiException("NIfTI file " + file + " could not be opened: " + e.getMessage(), e);
        }
        VoxelSource source = null;
        try {
            long size = channel.size();
            if (size == 0) {
                throw new NiftiException("NIfTI file " + file + " is empty (0 bytes): it was probably cut off while being"
                        + " saved or copied; save or copy it again");
            }
            byte[] head = new byte[NiftiHeader.SIZE_2];
            boolean gzip = isGzip(channel);
            int length = gzip ? GzipSource.readHead(file, head) : readHead(channel, head);
            NiftiHeader h = NiftiHeaderCodec.decode(head, length, file);
            NiftiLayout layout = NiftiLayout.check(h, file, size, gzip);
            NiftiAffine affine = NiftiAffine.of(h, layout.rank(), file);
            Orientation orientation = Orientation.of(affine, layout.rank(), layout.n(), file);
            FileInfo info = info(h, affine, orientation, layout.rank());
            int slowest = orientation.fileAxisOf(layout.rank() - 1);
            boolean inOrder = slowest == layout.rank() - 1 && orientation.forward()[slowest];
            if (!gzip) {
                source = new ChannelSource(file, channel, null);
            } else if (inOrder) {
                channel.close();
                source = new GzipSource(file);
            } else {
                channel.close();
            }
            return new NiftiReader(file, h, layout, orientation, info, source);
        } catch (RuntimeException | IOException e) {
            closeQuietly(channel, e);
            if (source != null) {
                source.close();
            }
            if (e instanceof RelayException re) {
                throw re;
            }
            // a check we lack must still end as a message about the file, never as a crash of the relay
            throw new NiftiException("NIfTI file " + file + " could not be read (" + e + "); save the image again", e);
        }
    }

    private static boolean isGzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.read(magic, 0);
        return magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    private static int readHead(FileChannel channel, byte[] head) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(head);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // until the buffer is full or the file ends
        }
        return b.position();
    }

    /** Job id, geometry and unit in the export's axis order (z, y, x): world axis {@code rank - 1 - d} is axis d. */
    private static FileInfo info(NiftiHeader h, NiftiAffine affine, Orientation o, int rank) {
        String descrip = h.descrip().trim();
        String jobId = descrip.startsWith(JOB_PREFIX) && descrip.length() > JOB_PREFIX.length()
                ? descrip.substring(JOB_PREFIX.length()).trim() : null;
        double[] size = new double[rank];
        double[] origin = new double[rank];
        double[] pixdim = h.pixdim();
        boolean sized = true;
        for (int d = 0; d < rank; d++) {
            int w = rank - 1 - d;
            size[d] = o.spacing()[w];
            origin[d] = o.origin()[w];
            if (!affine.placed()) {
                // method 1: the sizes are pixdim's, and a 0 there means none was stated
                sized &= Double.isFinite(pixdim[w + 1]) && pixdim[w + 1] != 0;
            }
        }
        return new FileInfo(jobId, sized ? size : null, affine.placed() ? origin : null, NiftiUnits.fromXyzt(h.xyztUnits()));
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public DataType dtype() {
        return scaled ? DataType.FLOAT64 : layout.type().dtype;
    }

    @Override
    public long[] shape() {
        int rank = layout.rank();
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = layout.n()[orientation.fileAxisOf(rank - 1 - d)];
        }
        return shape;
    }

    @Override
    public boolean turnsAxes() {
        return !orientation.isIdentity();
    }

    @Override
    public FileInfo info() {
        return info;
    }

    @Override
    public Volume readSlab(long start, int count) {
        long[] shape = shape();
        if (start < 0 || count < 0 || start > shape[0] - count) {
            throw new IllegalArgumentException("planes " + start + ".." + (start + count) + " outside 0.." + shape[0]
                    + " of " + file);
        }
        int rank = layout.rank();
        long[] n = layout.n();
        int slow = orientation.fileAxisOf(rank - 1);
        int elem = layout.type().dtype.size();
        long planeVoxels = layout.voxels() / n[slow];
        long widest = Math.max(elem, dtype().size());
        if ((long) count * planeVoxels * widest > MAX_SLAB_BYTES) {
            throw new RelayException("a slab of " + count + " planes of NIfTI file " + file + " is more than one in-memory"
                    + " volume holds (2 GiB): read fewer than " + Math.max(1, MAX_SLAB_BYTES / (planeVoxels * widest))
                    + " at a time");
        }
        long fileStart = orientation.forward()[slow] ? start : n[slow] - start - count;
        int[] block = new int[3];
        for (int a = 0; a < 3; a++) {
            block[a] = a == slow ? count : (int) n[a];
        }
        if (source == null) {
            Path temp = GzipSource.unpack(unpackFrom, layout.voxOffset() + layout.dataBytes());
            source = new ChannelSource(file, GzipSource.openTemp(temp), temp);
        }
        byte[] raw = readBlock(slow, fileStart, block, elem);
        if (layout.order() == ByteOrder.BIG_ENDIAN && elem > 1) {
            swap(raw, elem);
        }
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = d == 0 ? count : (int) shape[d];
        }
        byte[] ordered = orientation.isIdentity() ? raw : Reorient.toExportOrder(raw, block, orientation, elem);
        Volume v = new Volume(layout.type().dtype, outShape, ordered);
        return scaled ? scale(v) : v;
    }

    /**
     * The voxels of the file with axis {@code slow} limited to {@code [from, from + block[slow])}, in
     * file order (i fastest): one contiguous run per position on the axes slower than it.
     */
    private byte[] readBlock(int slow, long from, int[] block, int elem) {
        long[] n = layout.n();
        long inner = 1;
        for (int a = 0; a < slow; a++) {
            inner *= n[a];
        }
        long outer = 1;
        for (int a = slow + 1; a < 3; a++) {
            outer *= n[a];
        }
        int runBytes = (int) (block[slow] * inner * elem);
        byte[] raw = new byte[(int) (outer * runBytes)];
        for (long o = 0; o < outer; o++) {
            long voxel = (o * n[slow] + from) * inner;
            source.read(layout.voxOffset() + voxel * elem, raw, (int) (o * runBytes), runBytes);
        }
        return raw;
    }

    private Volume scale(Volume v) {
        Volume out = Volume.allocate(DataType.FLOAT64, v.shape());
        int count = v.elementCount();
        for (int i = 0; i < count; i++) {
            out.setDouble(i, v.getDouble(i) * slope + inter);
        }
        return out;
    }

    private static void swap(byte[] d, int size) {
        for (int i = 0; i < d.length; i += size) {
            for (int k = 0; k < size / 2; k++) {
                byte t = d[i + k];
                d[i + k] = d[i + size - 1 - k];
                d[i + size - 1 - k] = t;
            }
        }
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }
}
