package org.zarrrelay.format.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The byte layouts of the NIfTI-1 (348 bytes) and NIfTI-2 (540 bytes) headers. The version and
 * byte order come from {@code sizeof_hdr}, which is 348 or 540 read in the file's order: the spec's
 * own test for a swapped header. Encoded headers are followed by the 4-byte extension flag (all
 * zero: no extensions), so the voxels start at 352 or 544.
 */
final class NiftiHeaderCodec {
    private static final byte[] MAGIC_1 = {'n', '+', '1', 0};
    private static final byte[] MAGIC_2 = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};
    private static final int DESCRIP_BYTES = 80;

    private NiftiHeaderCodec() {
    }

    /** Header, extension flag and nothing else: what precedes the voxels of a file we write. */
    static byte[] encode(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(h.headerSize() + 4).order(h.order());
        if (h.version() == 1) {
            encode1(h, b);
        } else {
            encode2(h, b);
        }
        return b.array();
    }

    private static void encode1(NiftiHeader h, ByteBuffer b) {
        b.putInt(0, NiftiHeader.SIZE_1);
        b.put(38, (byte) 'r');  // ANALYZE's "regular"; nibabel and nifti1_io set it
        for (int d = 0; d < 8; d++) {
            b.putShort(40 + 2 * d, (short) h.dim()[d]);
            b.putFloat(76 + 4 * d, (float) h.pixdim()[d]);
        }
        b.putShort(70, (short) h.datatype());
        b.putShort(72, (short) NiftiType.forCode(h.datatype(), null).bitpix());
        b.putFloat(108, h.voxOffset());
        b.putFloat(112, (float) h.sclSlope());
        b.putFloat(116, (float) h.sclInter());
        b.put(123, (byte) h.xyztUnits());
        b.put(148, descrip(h.descrip()));
        b.putShort(252, (short) h.qformCode());
        b.putShort(254, (short) h.sformCode());
        for (int q = 0; q < 3; q++) {
            b.putFloat(256 + 4 * q, (float) h.quatern()[q]);
            b.putFloat(268 + 4 * q, (float) h.qoffset()[q]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) h.srow()[r][c]);
            }
        }
        b.put(344, MAGIC_1);
    }

    private static void encode2(NiftiHeader h, ByteBuffer b) {
        b.putInt(0, NiftiHeader.SIZE_2);
        b.put(4, MAGIC_2);
        b.putShort(12, (short) h.datatype());
        b.putShort(14, (short) NiftiType.forCode(h.datatype(), null).bitpix());
        for (int d = 0; d < 8; d++) {
            b.putLong(16 + 8 * d, h.dim()[d]);
            b.putDouble(104 + 8 * d, h.pixdim()[d]);
        }
        b.putLong(168, h.voxOffset());
        b.putDouble(176, h.sclSlope());
        b.putDouble(184, h.sclInter());
        b.put(240, descrip(h.descrip()));
        b.putInt(344, h.qformCode());
        b.putInt(348, h.sformCode());
        for (int q = 0; q < 3; q++) {
            b.putDouble(352 + 8 * q, h.quatern()[q]);
            b.putDouble(376 + 8 * q, h.qoffset()[q]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putDouble(400 + 32 * r + 8 * c, h.srow()[r][c]);
            }
        }
        b.putInt(500, h.xyztUnits());
    }

    /** {@code descrip} is 80 bytes, NUL-terminated when shorter; longer text is cut. */
    private static byte[] descrip(String text) {
        byte[] out = new byte[DESCRIP_BYTES];
        byte[] t = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, out, 0, Math.min(t.length, DESCRIP_BYTES - 1));
        return out;
    }

    /**
     * The header at the start of {@code head} ({@code length} bytes were available: the whole file
     * when it is shorter than 540 bytes).
     *
     * @throws NiftiException when it is no NIfTI-1/2 single-file header
     */
    static NiftiHeader decode(byte[] head, int length, Path file) {
        if (length < 4) {
            throw new NiftiException("NIfTI file " + file + " holds only " + length + " bytes, too few for a NIfTI header"
                    + " (348 bytes): it was probably cut off while being saved or copied; save or copy it again");
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, length);
        int little = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int big = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        ByteOrder order;
        int version;
        if (little == NiftiHeader.SIZE_1 || big == NiftiHeader.SIZE_1) {
            version = 1;
            order = little == NiftiHeader.SIZE_1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        } else if (little == NiftiHeader.SIZE_2 || big == NiftiHeader.SIZE_2) {
            version = 2;
            order = little == NiftiHeader.SIZE_2 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        } else {
            throw new NiftiException("NIfTI file " + file + " is not a NIfTI file: it starts with sizeof_hdr " + little
                    + " where NIfTI-1 has 348 and NIfTI-2 540 (in either byte order); save the image as NIfTI (.nii or .nii.gz)");
        }
        int size = version == 1 ? NiftiHeader.SIZE_1 : NiftiHeader.SIZE_2;
        if (length < size) {
            throw new NiftiException("NIfTI file " + file + " is truncated: it ends after " + length + " bytes, inside its "
                    + size + "-byte NIfTI-" + version + " header; save or copy it again");
        }
        b.order(order);
        checkMagic(b, version, file);
        return version == 1 ? decode1(b, order, file) : decode2(b, order);
    }

    private static void checkMagic(ByteBuffer b, int version, Path file) {
        int at = version == 1 ? 344 : 4;
        String magic = new String(head(b, at, 4), StandardCharsets.ISO_8859_1);
        if (magic.equals("ni" + version + "\0")) {
            throw new NiftiException("NIfTI file " + file + " is the header of a .hdr/.img pair (magic \"ni" + version
                    + "\"): its voxels are in a separate .img file, which zarr-relay does not read; save it as one .nii or"
                    + " .nii.gz file");
        }
        if (!magic.equals("n+" + version + "\0")) {
            throw new NiftiException("NIfTI file " + file + " has no NIfTI-" + version + " magic (\"n+" + version
                    + "\") at byte " + at + (version == 1 ? ": it is probably an ANALYZE 7.5 header, whose orientation is"
                    + " undefined" : "") + "; save the image as NIfTI (.nii or .nii.gz)");
        }
        if (version == 2 && b.getInt(8) != ByteBuffer.wrap(MAGIC_2, 4, 4).order(b.order()).getInt()) {
            throw new NiftiException("NIfTI file " + file + " has a damaged NIfTI-2 magic: the bytes \\r\\n\\032\\n after"
                    + " \"n+2\" were changed, as a text-mode transfer (FTP ASCII, a line-ending conversion) does; copy it"
                    + " again as binary");
        }
    }

    private static NiftiHeader decode1(ByteBuffer b, ByteOrder order, Path file) {
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int d = 0; d < 8; d++) {
            dim[d] = b.getShort(40 + 2 * d);
            pixdim[d] = b.getFloat(76 + 4 * d);
        }
        float voxOffset = b.getFloat(108);
        if (!(voxOffset >= 0) || voxOffset != Math.rint(voxOffset) || voxOffset > 1e15) {
            throw new NiftiException("NIfTI file " + file + " is damaged: its vox_offset is " + voxOffset + ", not a byte"
                    + " position; save the image again");
        }
        double[] quatern = new double[3];
        double[] qoffset = new double[3];
        for (int q = 0; q < 3; q++) {
            quatern[q] = b.getFloat(256 + 4 * q);
            qoffset[q] = b.getFloat(268 + 4 * q);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        return new NiftiHeader(1, order, dim, b.getShort(70), pixdim, (long) voxOffset, b.getFloat(112), b.getFloat(116),
                b.get(123) & 0xff, text(b, 148, DESCRIP_BYTES), b.getShort(252), b.getShort(254), quatern, qoffset, srow);
    }

    private static NiftiHeader decode2(ByteBuffer b, ByteOrder order) {
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int d = 0; d < 8; d++) {
            dim[d] = b.getLong(16 + 8 * d);
            pixdim[d] = b.getDouble(104 + 8 * d);
        }
        double[] quatern = new double[3];
        double[] qoffset = new double[3];
        for (int q = 0; q < 3; q++) {
            quatern[q] = b.getDouble(352 + 8 * q);
            qoffset[q] = b.getDouble(376 + 8 * q);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
            }
        }
        return new NiftiHeader(2, order, dim, b.getShort(12), pixdim, b.getLong(168), b.getDouble(176), b.getDouble(184),
                b.getInt(500), text(b, 240, DESCRIP_BYTES), b.getInt(344), b.getInt(348), quatern, qoffset, srow);
    }

    private static byte[] head(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    /** A NUL-terminated text field. */
    private static String text(ByteBuffer b, int at, int n) {
        byte[] raw = head(b, at, n);
        int end = 0;
        while (end < n && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }
}
