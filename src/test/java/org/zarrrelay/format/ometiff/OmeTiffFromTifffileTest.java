package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.Volume;

/**
 * OME-TIFFs written by tifffile (tools/fixtures/make_ometiff.py) read voxel for voxel, with the
 * geometry and job id their OME-XML states: DimensionOrder XYZCT and XYCZT, units other than µm,
 * big-endian and compressed pages, BigTIFF, planes stored out of z order, and Bio-Formats' style
 * of one TiffData per plane with a UUID. A file with two channels is refused.
 */
class OmeTiffFromTifffileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path fixture(String name) {
        try {
            return Path.of(OmeTiffFromTifffileTest.class.getResource("/fixtures/ometiff/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"u8_physical_um", "u16_nm_with_z_in_um", "f32_xyczt", "i16_bigendian", "u16_single_plane",
        "u16_bigtiff_deflate", "f64_bigtiff", "u16_planes_out_of_ifd_order", "u8_bioformats_style"})
    void readsWhatTifffileWrote(String name) throws IOException {
        JsonNode want = JSON.readTree(fixture(name + ".json").toFile());
        Volume expected = NpyReader.read(fixture(name + ".npy"));
        Path file = fixture(name + ".ome.tif");
        assertEquals("ome-tiff", Formats.forPath(file).name(), "found by its extension before plain TIFF");
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            assertEquals(want.get("dtype").asText(), r.dtype().numpyName());
            long[] shape = JSON.convertValue(want.get("shape"), long[].class);
            assertArrayEquals(shape, r.shape());
            int planes = shape.length == 3 ? (int) shape[0] : 1;
            assertArrayEquals(expected.data(), r.readSlab(0, (int) shape[0]).data(), "every voxel");
            if (planes > 2) {
                int plane = expected.data().length / planes;
                assertArrayEquals(Arrays.copyOfRange(expected.data(), plane, 3 * plane), r.readSlab(1, 2).data(),
                        "a slab from the middle");
            }
            FileInfo info = r.info();
            assertValues(want.get("voxelSize"), info.voxelSize(), "voxel size");
            assertValues(want.get("origin"), info.origin(), "origin");
            assertEquals(want.get("unit").isNull() ? null : want.get("unit").asText(), info.unit());
            assertEquals(want.get("jobId").isNull() ? null : want.get("jobId").asText(), info.jobId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"u8_two_channels"})
    void refusesWhatItCannotPlace(String name) throws IOException {
        String reason = JSON.readTree(fixture(name + ".json").toFile()).get("error").asText();
        Path file = fixture(name + ".ome.tif");
        RelayException e = assertThrows(RelayException.class, () -> new OmeTiffFormat().open(file).close());
        assertTrue(e.getMessage().startsWith("OME-TIFF file " + file + " is not read: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void assertValues(JsonNode want, double[] got, String what) {
        if (want == null || want.isNull()) {
            assertNull(got, what);
            return;
        }
        double[] w = JSON.convertValue(want, double[].class);
        assertArrayEquals(w, got, 1e-9 * Arrays.stream(w).map(Math::abs).max().orElse(1), what);
    }
}
