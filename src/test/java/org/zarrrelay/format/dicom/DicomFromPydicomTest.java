package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Series written by pydicom (tools/fixtures/make_dicom.py) read voxel for voxel with their
 * geometry, and the ones that must be refused refused with their reason.
 */
class DicomFromPydicomTest {
    static Path fixture(String name) {
        try {
            return Path.of(DicomFromPydicomTest.class.getResource("/fixtures/dicom/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode index(String name) throws IOException {
        return new ObjectMapper().readTree(fixture("index.json").toFile()).get(name);
    }

    /**
     * shuffled: file names and instance numbers in neither position order, nested, beside a DICOMDIR,
     * .DS_Store and a text file; zipped: a .zip with nested entries and a resource fork; ct_rescale:
     * 12-bit signed CT with slope 2 / intercept -1024; implicit: Implicit VR Part 10; implicit_raw:
     * Implicit VR data sets without preamble or meta, positions descending; single: one 2D file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"shuffled", "zipped.zip", "ct_rescale", "implicit", "implicit_raw", "single.dcm"})
    void readsWhatPydicomWrote(String name) throws IOException {
        String key = name.replaceAll("\\.(zip|dcm)$", "");
        JsonNode want = index(key);
        Volume expected = NpyReader.read(fixture(key + ".npy"));
        Path path = fixture(name);
        try (VolumeReader r = Formats.forPath(path).open(path)) {
            assertEquals(DataType.fromNumpyName(want.get("dtype").asText()), r.dtype());
            assertArrayEquals(numbers(want.get("shape")), Arrays.stream(r.shape()).asDoubleStream().toArray());
            Volume all = r.readSlab(0, (int) r.shape()[0]);
            assertArrayEquals(expected.data(), all.data(), "voxels");
            if (r.shape()[0] > 2) {
                Volume middle = r.readSlab(1, 2);
                int plane = expected.data().length / expected.shape(0);
                assertArrayEquals(Arrays.copyOfRange(expected.data(), plane, 3 * plane), middle.data(), "a slab from the middle");
            }
            FileInfo info = r.info();
            assertArrayEquals(numbers(want.get("voxelSize")), info.voxelSize(), 1e-12, "voxel size");
            assertArrayEquals(numbers(want.get("origin")), info.origin(), 1e-12, "origin");
            assertEquals("millimeter", info.unit());
            assertEquals(want.get("jobId").isNull() ? null : want.get("jobId").asText(), info.jobId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rotated", "uneven", "truncated"})
    void refusesWithAReason(String name) throws IOException {
        Path path = fixture(name);
        RelayException e = assertThrows(RelayException.class, () -> new DicomFormat().open(path).close());
        for (JsonNode text : index(name).get("errors")) {
            assertTrue(e.getMessage().contains(text.asText()), e.getMessage());
        }
    }

    /** Hidden files are added here: Maven leaves .DS_Store and ._* out when it copies test resources. */
    @Test
    void leavesOutWhatIsNoImageOfTheSeriesWithANote(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("series");
        try (Stream<Path> files = Files.walk(fixture("shuffled"))) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(fixture("shuffled").relativize(p).toString()));
            }
        }
        Files.write(copy.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
        Files.write(copy.resolve("._a.dcm"), new byte[] {0, 5, 22, 7});
        Files.createDirectories(copy.resolve("__MACOSX"));
        Files.write(copy.resolve("__MACOSX/._b.dcm"), new byte[] {0, 5, 22, 7});
        try (DicomSeriesReader r = DicomSeriesReader.open(copy)) {
            assertEquals(Set.of(".DS_Store (a hidden file)", "._a.dcm (a hidden file)", "__MACOSX/._b.dcm (a macOS resource fork)",
                    "DICOMDIR (no image: a DICOMDIR)", "README.txt (not a DICOM file)"), Set.copyOf(r.notes()));
            assertEquals(5, r.shape()[0]);
        }
    }

    private static double[] numbers(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }
}
