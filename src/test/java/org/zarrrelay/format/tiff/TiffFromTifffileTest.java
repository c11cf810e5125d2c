package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.Volume;

/**
 * TIFFs a Python user writes with tifffile (compressed, big-endian, several strips, BigTIFF, an
 * ImageJ stack saved again page by page) read voxel for voxel.
 */
class TiffFromTifffileTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(TiffFromTifffileTest.class.getResource("/fixtures/tiff/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"u16_deflate_pages", "f32_bigendian", "u8_deflate_rows_per_strip", "i16_strips_bigendian",
        "u16_bigtiff_strips", "f32_bigtiff_deflate_bigendian", "u16_imagej_description_pages"})
    void readsWhatTifffileWrote(String name) {
        Volume expected = NpyReader.read(fixture(name + ".npy"));
        try (VolumeReader r = new TiffFormat().open(fixture(name + ".tif"))) {
            assertEquals(expected.dtype(), r.dtype());
            assertArrayEquals(java.util.Arrays.stream(expected.shape()).asLongStream().toArray(), r.shape());
            assertArrayEquals(expected.data(), r.readSlab(0, expected.shape(0)).data());
            if (expected.shape(0) > 2) {
                Volume middle = r.readSlab(1, 2);
                byte[] want = java.util.Arrays.copyOfRange(expected.data(), middle.data().length / 2, middle.data().length / 2 * 3);
                assertArrayEquals(want, middle.data(), "a slab from the middle");
            }
        }
    }

    @Test
    void notATiffIsRefusedByName() throws Exception {
        Path p = dir.resolve("x.tif");
        Files.writeString(p, "hello");
        RelayException e = assertThrows(RelayException.class, () -> new TiffFormat().open(p));
        assertTrue(e.getMessage().contains("x.tif") && e.getMessage().contains("not a TIFF"), e.getMessage());
    }
}
