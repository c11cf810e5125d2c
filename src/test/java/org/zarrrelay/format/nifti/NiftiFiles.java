package org.zarrrelay.format.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Test files: volumes written by our writer, and NIfTI-1 bytes built from our header with fields
 * overwritten at their spec offsets (nifti1.h), to make damaged and unusual files.
 */
final class NiftiFiles {
    /** NIfTI-1 field offsets. */
    static final int DIM = 40;
    static final int DATATYPE = 70;
    static final int PIXDIM = 76;
    static final int VOX_OFFSET = 108;
    static final int SCL_SLOPE = 112;
    static final int SCL_INTER = 116;
    static final int XYZT_UNITS = 123;
    static final int DESCRIP = 148;
    static final int QFORM_CODE = 252;
    static final int SFORM_CODE = 254;
    static final int QUATERN_B = 256;
    static final int QOFFSET_X = 268;
    static final int SROW_X = 280;
    static final int MAGIC = 344;

    private final ByteBuffer bytes;

    private NiftiFiles(byte[] bytes, ByteOrder order) {
        this.bytes = ByteBuffer.wrap(bytes).order(order);
    }

    /** Values that differ per voxel, so a swapped or mirrored axis shows. */
    static Volume ramp(DataType dtype, int... shape) {
        Volume v = Volume.allocate(dtype, shape);
        for (int i = 0; i < v.elementCount(); i++) {
            if (dtype == DataType.BOOL) {
                v.setLong(i, i % 3 == 0 ? 1 : 0);
            } else if (dtype.isFloat()) {
                v.setDouble(i, i * 0.5 - 7.25);
            } else {
                v.setLong(i, dtype.kind() == DataType.Kind.SIGNED ? i - 11 : i + (dtype.size() > 1 ? 250 : 0));
            }
        }
        return v;
    }

    /** Writes {@code v} with our writer to {@code file} (any name) in one slab. */
    static Path write(Path file, Volume v, FileInfo info) {
        long[] shape = Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = new NiftiFormat().create(file, v.dtype(), shape, info)) {
            w.writeSlab(v);
            w.commit();
        }
        return file;
    }

    static Volume readAll(Path file) {
        try (VolumeReader r = new NiftiFormat().open(file)) {
            return r.readSlab(0, (int) r.shape()[0]);
        }
    }

    /** The uncompressed bytes of our writer's file for {@code v}, to edit. */
    static NiftiFiles of(Path dir, Volume v, FileInfo info) {
        Path gz = write(dir.resolve("base-" + System.nanoTime() + ".nii.gz"), v, info);
        try {
            byte[] raw = gunzip(Files.readAllBytes(gz));
            Files.delete(gz);
            return new NiftiFiles(raw, ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    NiftiFiles putShort(int at, int v) {
        bytes.putShort(at, (short) v);
        return this;
    }

    NiftiFiles putFloat(int at, double v) {
        bytes.putFloat(at, (float) v);
        return this;
    }

    NiftiFiles putBytes(int at, byte... v) {
        bytes.put(at, v);
        return this;
    }

    /** dim[0] and the extents of i, j, k, ... */
    NiftiFiles dims(int... dim) {
        for (int d = 0; d < 8; d++) {
            putShort(DIM + 2 * d, d < dim.length ? dim[d] : 1);
        }
        return this;
    }

    /** The sform's three rows, code 1, and no qform. */
    NiftiFiles sform(double[]... rows) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                putFloat(SROW_X + 16 * r + 4 * c, rows[r][c]);
            }
        }
        return putShort(SFORM_CODE, 1).putShort(QFORM_CODE, 0);
    }

    /** A qform (quaternion b, c, d, qfac, offset), code 1, and no sform. */
    NiftiFiles qform(double b, double c, double d, double qfac, double... offset) {
        putFloat(QUATERN_B, b).putFloat(QUATERN_B + 4, c).putFloat(QUATERN_B + 8, d).putFloat(PIXDIM, qfac);
        for (int q = 0; q < 3; q++) {
            putFloat(QOFFSET_X + 4 * q, offset[q]);
        }
        return putShort(QFORM_CODE, 1).putShort(SFORM_CODE, 0);
    }

    byte[] bytes() {
        return bytes.array().clone();
    }

    /** Writes the bytes, gzip-compressed when the name ends .gz. */
    Path write(Path file) {
        return write(file, bytes.array().length);
    }

    /** Writes the first {@code length} bytes (before compression). */
    Path write(Path file, int length) {
        byte[] raw = Arrays.copyOf(bytes.array(), length);
        try {
            Files.write(file, file.toString().endsWith(".gz") ? gzip(raw) : raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }
}
