package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.Volume;

/**
 * The three ways voxels are read give the same volume: a plain .nii by positional reads, a .nii.gz
 * as one forward stream (jumping back restarts it), and a .nii.gz that must be read out of order
 * to reorient it through a hidden decompressed copy beside it, made at the first read and removed
 * on close. Compression is
 * told by the gzip magic, not the name.
 */
class NiftiReadPathsTest {
    @TempDir
    Path dir;

    @Test
    void anOutOfOrderGzipIsDecompressedBesideItAndTheCopyRemovedOnClose() throws IOException {
        Path file = copy("permute_xz_flip_qform_gz.nii.gz", "returned.nii.gz");
        Volume expected = NpyReader.read(NiftiNibabelFixturesTest.fixture("permute_xz_flip_qform_gz.npy"));
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertEquals(List.of(), hidden(), "opening reads only the header");
            assertEquals(expected.shape(0), r.shape()[0]);
            r.readSlab(0, 1);
            List<Path> temps = hidden();
            assertEquals(1, temps.size(), "one decompressed copy: " + temps);
            assertTrue(temps.get(0).getFileName().toString().startsWith(".returned.nii.gz-")
                    && temps.get(0).toString().endsWith(".tmp"), temps.get(0).toString());
            assertPlanesInAnyOrder(r, expected);
        }
        assertEquals(List.of(), hidden(), "the copy is gone after close");
    }

    @Test
    void anInOrderGzipIsStreamedWithoutACopyEvenWhenReadBackwards() throws IOException {
        Path file = copy("flip_x_gz.nii.gz", "flipped.nii.gz");
        Volume expected = NpyReader.read(NiftiNibabelFixturesTest.fixture("flip_x_gz.npy"));
        try (VolumeReader r = new NiftiFormat().open(file)) {
            assertEquals(List.of(), hidden());
            assertPlanesInAnyOrder(r, expected);
        }
    }

    @Test
    void thePlainFileReadsTheSame() throws IOException {
        Path gz = NiftiNibabelFixturesTest.fixture("permute_xz_flip_qform_gz.nii.gz");
        Path plain = Files.write(dir.resolve("plain.nii"), NiftiFiles.gunzip(Files.readAllBytes(gz)));
        Volume expected = NpyReader.read(NiftiNibabelFixturesTest.fixture("permute_xz_flip_qform_gz.npy"));
        try (VolumeReader r = new NiftiFormat().open(plain)) {
            assertPlanesInAnyOrder(r, expected);
        }
        assertEquals(List.of(), hidden());
    }

    @Test
    void compressionIsToldByTheMagicNotTheName() throws IOException {
        Volume v = NiftiFiles.ramp(org.zarrrelay.volume.DataType.UINT16, 3, 4, 5);
        Path gz = NiftiFiles.write(dir.resolve("real.nii.gz"), v, FileInfo.NONE);
        Path gzipNamedNii = Files.copy(gz, dir.resolve("looks-plain.nii"));
        assertTrue(NiftiFiles.readAll(gzipNamedNii).contentEquals(v));
        Path plainNamedGz = Files.write(dir.resolve("looks-compressed.nii.gz"), NiftiFiles.gunzip(Files.readAllBytes(gz)));
        assertTrue(NiftiFiles.readAll(plainNamedGz).contentEquals(v));
    }

    @Test
    void bothNamesAreNifti() {
        assertEquals("nifti", Formats.forFile("result.nii").name());
        assertEquals("nifti", Formats.forFile("RESULT.NII.GZ").name());
        assertEquals("nifti", Formats.byName("nifti").name());
        assertEquals("nii.gz", Formats.byName("nifti").extension());
    }

    private static void assertPlanesInAnyOrder(VolumeReader r, Volume expected) {
        int planes = expected.shape(0);
        int planeBytes = expected.data().length / planes;
        int[] order = {planes - 1, 0, planes / 2, 1, planes - 1};
        for (int p : order) {
            assertArrayEquals(Arrays.copyOfRange(expected.data(), p * planeBytes, (p + 1) * planeBytes), r.readSlab(p, 1).data(),
                    "plane " + p);
        }
        assertArrayEquals(Arrays.copyOfRange(expected.data(), planeBytes, 3 * planeBytes), r.readSlab(1, 2).data(), "planes 1-2");
        assertArrayEquals(expected.data(), r.readSlab(0, planes).data(), "all");
    }

    private Path copy(String fixture, String name) throws IOException {
        return Files.copy(NiftiNibabelFixturesTest.fixture(fixture), dir.resolve(name));
    }

    private List<Path> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
