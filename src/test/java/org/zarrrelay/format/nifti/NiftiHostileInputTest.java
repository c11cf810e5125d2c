package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Damaged, truncated and lying NIfTI files are refused with a message naming the file and what is
 * wrong, before anything is allocated from their header: never an Error, never another exception.
 */
class NiftiHostileInputTest {
    /** 2 x 3 x 4 uint8 voxels: 24 bytes after a 352-byte header. */
    private static final Volume SMALL = NiftiFiles.ramp(DataType.UINT8, 4, 3, 2);

    @TempDir
    Path dir;

    private NiftiFiles small() {
        return NiftiFiles.of(dir, SMALL, new FileInfo("j", new double[] {1, 1, 1}, new double[] {0, 0, 0}, "micrometer"));
    }

    @Test
    void emptyShortAndForeignFiles() throws IOException {
        Path empty = Files.write(dir.resolve("empty.nii"), new byte[0]);
        assertRefused(empty, "is empty (0 bytes)");
        Path text = Files.writeString(dir.resolve("text.nii"), "hello, this is not an image at all");
        assertRefused(text, "is not a NIfTI file: it starts with sizeof_hdr");
        assertRefused(small().write(dir.resolve("cut-header.nii"), 200),
                "is truncated: it ends after 200 bytes, inside its 348-byte NIfTI-1 header");
        assertRefused(small().write(dir.resolve("cut-header.nii.gz"), 200),
                "is truncated: it ends after 200 bytes, inside its 348-byte NIfTI-1 header");
    }

    @Test
    void magicOfAPairOrOfAnalyze() {
        assertRefused(small().putBytes(NiftiFiles.MAGIC, (byte) 'n', (byte) 'i', (byte) '1', (byte) 0)
                .write(dir.resolve("pair.nii")), "is the header of a .hdr/.img pair (magic \"ni1\")");
        assertRefused(small().putBytes(NiftiFiles.MAGIC, new byte[4]).write(dir.resolve("analyze.nii")),
                "has no NIfTI-1 magic (\"n+1\") at byte 344: it is probably an ANALYZE 7.5 header");
    }

    @Test
    void truncatedVoxels() throws IOException {
        assertRefused(small().write(dir.resolve("cut.nii"), 352 + 10), "is truncated: its header says 2 x 3 x 4 uint8"
                + " voxels (24 bytes) from byte 352, but the file ends after 362 bytes, 14 bytes short");
        // a .nii.gz cut inside its gzip stream: large enough that the header still decompresses
        Volume noise = noise(64, 64, 16);
        Path whole = NiftiFiles.write(dir.resolve("whole.nii.gz"), noise, FileInfo.NONE);
        byte[] gz = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.nii.gz"), Arrays.copyOf(gz, gz.length / 2));
        try (VolumeReader r = new NiftiFormat().open(cut)) {
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 64));
            assertTrue(e.getMessage().contains("cut.nii.gz is truncated: its gzip data ends early"), e.getMessage());
        }
        // the stream ends cleanly, but before the voxels its header promises
        Path shortStream = NiftiFiles.of(dir, SMALL, FileInfo.NONE).write(dir.resolve("short.nii.gz"), 352 + 20);
        try (VolumeReader r = new NiftiFormat().open(shortStream)) {
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 4));
            assertTrue(e.getMessage().contains("is truncated: its decompressed data ends after 372 bytes, but its header"
                    + " needs 376"), e.getMessage());
        }
    }

    @Test
    void dimensionsThatLie() {
        assertRefused(small().dims(3, 1000, 1000, 1000).write(dir.resolve("lying.nii")), "is truncated: its header says"
                + " 1000 x 1000 x 1000 uint8 voxels (1000000000 bytes) from byte 352, but the file ends after 376 bytes");
        assertRefused(small().dims(3, 30000, 30000, 30000).write(dir.resolve("lying.nii.gz")), "is damaged: its header"
                + " says 30000 x 30000 x 30000 uint8 voxels (27000000000000 bytes) from byte 352, more than a gzip file of");
        assertRefused(small().dims(3, 4, 0, 2).write(dir.resolve("zero.nii")), "its dim[2] is 0: every extent must be at least 1");
        assertRefused(small().dims(3, 4, -3, 2).write(dir.resolve("negative.nii")), "its dim[2] is -3");
        assertRefused(small().dims(9, 4, 3, 2).write(dir.resolve("rank9.nii")), "its dim[0] (the number of dimensions) is 9,"
                + " not 1 to 7");
    }

    @Test
    void niftiTwoDimensionsBeyondAnyImage() {
        Volume wide = NiftiFiles.ramp(DataType.UINT8, 1, 1, 40000);
        byte[] raw = NiftiFiles.of(dir, wide, FileInfo.NONE).bytes();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(16 + 8, 1L << 40);
        assertRefused(write("huge-axis.nii", raw), "its dim[1] is 1099511627776, more voxels along one axis than any image has");
        b.putLong(16 + 8, Integer.MAX_VALUE).putLong(16 + 16, Integer.MAX_VALUE).putLong(16 + 24, Integer.MAX_VALUE);
        b.putShort(12, (short) 64);
        assertRefused(write("overflow.nii", raw), "add up to more than 2^63 bytes");
    }

    @Test
    void voxOffsetOutsideTheFile() {
        assertRefused(small().putFloat(NiftiFiles.VOX_OFFSET, 1_000_000).write(dir.resolve("past-end.nii")),
                "its vox_offset (1000000) is past the end of the file (376 bytes)");
        assertRefused(small().putFloat(NiftiFiles.VOX_OFFSET, 100).write(dir.resolve("in-header.nii")),
                "its vox_offset is 100, inside its 348-byte header");
        assertRefused(small().putFloat(NiftiFiles.VOX_OFFSET, Float.NaN).write(dir.resolve("nan-offset.nii")),
                "its vox_offset is NaN, not a byte position");
    }

    @Test
    void aRealFourthDimensionIsRefusedAndOneOfExtentOneIsNot() {
        assertRefused(small().dims(4, 2, 3, 1, 4).write(dir.resolve("4d.nii")), "has 4 volumes (time points) along its"
                + " dimension 4");
        assertRefused(small().dims(5, 2, 3, 1, 1, 4).write(dir.resolve("5d.nii")), "has 4 values per voxel along its"
                + " dimension 5");
        Path singleVolume = small().dims(4, 2, 3, 4, 1).write(dir.resolve("3d-as-4d.nii"));
        assertTrue(NiftiFiles.readAll(singleVolume).contentEquals(SMALL));
    }

    @Test
    void typesThatAreNoGreyValues() {
        assertRefused(small().putShort(NiftiFiles.DATATYPE, 128).write(dir.resolve("rgb.nii")), "holds RGB colour voxels"
                + " (datatype 128)");
        assertRefused(small().putShort(NiftiFiles.DATATYPE, 32).write(dir.resolve("complex.nii")), "holds complex numbers");
        assertRefused(small().putShort(NiftiFiles.DATATYPE, 3).write(dir.resolve("code3.nii")), "voxels of datatype code 3,"
                + " which is not a NIfTI type");
    }

    @Test
    void damagedGzipAndTextModeTransfers() throws IOException {
        byte[] gz = Files.readAllBytes(NiftiFiles.write(dir.resolve("ok.nii.gz"), noise(32, 32, 4), FileInfo.NONE));
        for (int i = 40; i < gz.length - 8; i += 7) {
            gz[i] ^= 0x5a;
        }
        Path mangled = Files.write(dir.resolve("mangled.nii.gz"), gz);
        RelayException e = assertThrows(RelayException.class, () -> {
            try (VolumeReader r = new NiftiFormat().open(mangled)) {
                r.readSlab(0, 4);
            }
        });
        assertTrue(e.getMessage().contains("mangled.nii.gz is damaged: its gzip data cannot be decompressed")
                || e.getMessage().contains("mangled.nii.gz is truncated"), e.getMessage());
        byte[] two = NiftiFiles.of(dir, NiftiFiles.ramp(DataType.UINT8, 1, 1, 40000), FileInfo.NONE).bytes();
        two[8] = '\n';
        assertRefused(write("crlf.nii", two), "the bytes \\r\\n\\032\\n after \"n+2\" were changed, as a text-mode transfer");
    }

    @Test
    void geometryThatIsNoGrid() {
        assertRefused(small().sform(new double[] {1, 0, 0, 0}, new double[] {0, 1, 0, 0}, new double[] {0, 0, Double.NaN, 0})
                .write(dir.resolve("nan-sform.nii")), "its sform (srow_x, srow_y, srow_z) holds NaN");
        assertRefused(small().sform(new double[] {1, 0, 0, 0}, new double[] {0, 0, 0, 0}, new double[] {0, 0, 1, 0})
                .write(dir.resolve("flat.nii")), "gives voxel axis j no length");
        assertRefused(small().sform(new double[] {1, 1, 0, 0}, new double[] {0, 0, 0, 0}, new double[] {0, 0, 1, 0})
                .write(dir.resolve("two-on-x.nii")), "two voxel axes run along x: the grid is degenerate");
        assertRefused(small().sform(new double[] {1, 0, 0, 0}, new double[] {1e-3, 1, 0, 0}, new double[] {0, 0, 1, 0})
                .write(dir.resolve("slight-shear.nii")), "by [[1, 0, 0, 0], [0.001, 1, 0, 0], [0, 0, 1, 0]] (rows x, y, z;"
                + " the last column is the origin), and voxel axis i runs along no single axis x, y or z: the grid is"
                + " rotated or sheared");
        assertRefused(small().sform(new double[] {0, 1, 0, 0}, new double[] {0, 0, 0, 0}, new double[] {1, 0, 1, 0})
                .write(dir.resolve("degenerate.nii")), "two voxel axes run along z");
        assertRefused(small().qform(0.9, 0.9, 0, 1, 0, 0, 0).write(dir.resolve("long-quaternion.nii")),
                "is longer than 1, so it is no rotation");
        assertRefused(small().qform(0, 0, 0, 1, 0, 0, 0).putFloat(NiftiFiles.PIXDIM + 8, -0.5)
                .write(dir.resolve("negative-pixdim.nii")), "pixdim[2] = -0.5, not a positive voxel size");
        Volume plane = NiftiFiles.ramp(DataType.UINT8, 3, 4);
        assertRefused(NiftiFiles.of(dir, plane, FileInfo.NONE)
                .sform(new double[] {1, 0, 0, 0}, new double[] {0, 0, 1, 0}, new double[] {0, 1, 0, 0})
                .write(dir.resolve("coronal.nii")), "its 2D image lies in a plane that contains the z axis");
    }

    private Path write(String name, byte[] raw) {
        try {
            return Files.write(dir.resolve(name), raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Volume noise(int... shape) {
        Volume v = Volume.allocate(DataType.UINT8, shape);
        new java.util.Random(5).nextBytes(v.data());
        return v;
    }

    private static void assertRefused(Path file, String reason) {
        RelayException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(RelayException.class, () -> new NiftiFormat().open(file).close()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(reason), e.getMessage());
    }
}
