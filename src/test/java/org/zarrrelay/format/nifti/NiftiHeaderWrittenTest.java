package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * The header bytes of an export, read at the spec's offsets (nifti1.h, NIfTI-2's nifti2.h) rather
 * than with our own decoder: dims reversed to (x, y, z), the geometry in pixdim and identically in
 * qform and sform with both codes 1, the unit, the job id; NIfTI-2 only when an axis needs it.
 */
class NiftiHeaderWrittenTest {
    @TempDir
    Path dir;

    private ByteBuffer header(Path file) throws IOException {
        byte[] raw = NiftiFiles.gunzip(Files.readAllBytes(file));
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void niftiOneWithQformAndSformAlike() throws IOException {
        Volume v = NiftiFiles.ramp(DataType.UINT16, 4, 3, 5);
        FileInfo info = new FileInfo("job-42", new double[] {2.0, 0.5, 0.25}, new double[] {30.0, -20.5, 10.125}, "micrometer");
        ByteBuffer h = header(NiftiFiles.write(dir.resolve("a.nii.gz"), v, info));
        assertEquals(352 + 4 * 3 * 5 * 2, h.capacity(), "header, extension flag, voxels and nothing else");
        assertEquals(348, h.getInt(0));
        assertEquals("n+1\0", new String(h.array(), 344, 4, StandardCharsets.ISO_8859_1));
        assertEquals(352f, h.getFloat(108), "vox_offset");
        short[] dim = new short[8];
        float[] pixdim = new float[8];
        for (int d = 0; d < 8; d++) {
            dim[d] = h.getShort(40 + 2 * d);
            pixdim[d] = h.getFloat(76 + 4 * d);
        }
        assertArrayEquals(new short[] {3, 5, 3, 4, 1, 1, 1, 1}, dim, "dim = [3, x, y, z]");
        assertArrayEquals(new float[] {1, 0.25f, 0.5f, 2, 1, 1, 1, 1}, pixdim, "qfac 1, then x, y, z sizes");
        assertEquals(512, h.getShort(70), "datatype uint16");
        assertEquals(16, h.getShort(72), "bitpix");
        assertEquals(1f, h.getFloat(112), "scl_slope");
        assertEquals(0f, h.getFloat(116), "scl_inter");
        assertEquals(3, h.get(123), "xyzt_units NIFTI_UNITS_MICRON");
        assertEquals("zarr-relay job job-42", new String(h.array(), 148, 21, StandardCharsets.US_ASCII));
        assertEquals(0, h.get(148 + 21), "descrip ends with NUL");
        assertEquals(1, h.getShort(252), "qform_code");
        assertEquals(1, h.getShort(254), "sform_code");
        assertArrayEquals(new float[] {0, 0, 0, 10.125f, -20.5f, 30}, floats(h, 256, 6), "quatern b, c, d and qoffset x, y, z");
        assertArrayEquals(new float[] {0.25f, 0, 0, 10.125f, 0, 0.5f, 0, -20.5f, 0, 0, 2, 30}, floats(h, 280, 12),
                "srow_x, srow_y, srow_z");
    }

    @Test
    void niftiTwoWhenAnAxisIsLongerThanNiftiOneHolds() throws IOException {
        Volume wide = NiftiFiles.ramp(DataType.UINT8, 1, 2, 40000);
        FileInfo info = new FileInfo("wide", new double[] {1, 1, 0.5}, new double[] {0, 0, 7}, "micrometer");
        Path file = NiftiFiles.write(dir.resolve("wide.nii.gz"), wide, info);
        ByteBuffer h = header(file);
        assertEquals(540, h.getInt(0));
        assertEquals("n+2\0\r\n\u001a\n", new String(h.array(), 4, 8, StandardCharsets.ISO_8859_1));
        assertEquals(544, h.getLong(168), "vox_offset");
        assertEquals(544 + 80000, h.capacity());
        long[] dim = new long[4];
        for (int d = 0; d < 4; d++) {
            dim[d] = h.getLong(16 + 8 * d);
        }
        assertArrayEquals(new long[] {3, 40000, 2, 1}, dim);
        assertEquals(1, h.getInt(344), "qform_code");
        assertEquals(1, h.getInt(348), "sform_code");
        assertEquals(0.5, h.getDouble(400), "srow_x[0]");
        assertEquals(7, h.getDouble(424), "srow_x[3]");
        assertEquals(3, h.getInt(500), "xyzt_units");
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertArrayEquals(new long[] {1, 2, 40000}, r.shape());
            assertTrue(r.readSlab(0, 1).contentEquals(wide));
            assertEquals(info, r.info());
        }
        ByteBuffer edge = header(NiftiFiles.write(dir.resolve("edge.nii.gz"), NiftiFiles.ramp(DataType.UINT8, 1, 32767),
                FileInfo.NONE));
        assertEquals(348, edge.getInt(0), "32767 voxels still fit NIfTI-1");
    }

    private static float[] floats(ByteBuffer h, int at, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = h.getFloat(at + 4 * i);
        }
        return out;
    }
}
