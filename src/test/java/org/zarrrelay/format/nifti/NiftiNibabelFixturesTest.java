package org.zarrrelay.format.nifti;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.Volume;

/**
 * Files nibabel wrote (tools/fixtures/make_nifti.py: NIfTI-1 and -2, .nii and .nii.gz, both byte
 * orders, scaled, an ITK-SNAP-style segmentation, mirrored and permuted grids in sform and qform,
 * 2D, no transform, every type) read voxel for voxel as nibabel's own reorientation to the
 * export's order gives them, with the geometry nibabel computes; sheared, rotated and 4D files refused.
 */
class NiftiNibabelFixturesTest {
    /** NIfTI-1 stores the origin as float32: 0.0205 mm comes back 6e-10 mm off, 1e-6 of its 0.0005 mm voxel. */
    private static final double ORIGIN_TOLERANCE_IN_VOXELS = 1e-5;

    static Path fixture(String name) {
        try {
            return Path.of(NiftiNibabelFixturesTest.class.getResource("/fixtures/nifti/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name + ": run /usr/bin/python3 tools/fixtures/make_nifti.py", e);
        }
    }

    static Stream<JsonNode> entries(boolean refused) throws IOException {
        JsonNode index = new ObjectMapper().readTree(fixture("expected.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        index.fields().forEachRemaining(e -> {
            if (e.getValue().has("expectError") == refused) {
                out.add(e.getValue());
            }
        });
        return out.stream();
    }

    static Stream<JsonNode> readable() throws IOException {
        return entries(false);
    }

    static Stream<JsonNode> refused() throws IOException {
        return entries(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsVoxelsAndGeometryAsNibabelReorientsThem(JsonNode e) {
        String file = e.get("file").asText();
        Volume expected = NpyReader.read(fixture(e.get("expected").asText()));
        try (VolumeReader r = new NiftiFormat().open(fixture(file))) {
            assertEquals(e.get("dtype").asText(), r.dtype().numpyName(), file);
            assertArrayEquals(Arrays.stream(expected.shape()).asLongStream().toArray(), r.shape(), file);
            assertArrayEquals(expected.data(), r.readSlab(0, expected.shape(0)).data(), file + " whole");
            // plane by plane from the last: every slab is placed right, also when reading jumps back
            int planeBytes = expected.data().length / expected.shape(0);
            for (int p = expected.shape(0) - 1; p >= 0; p--) {
                byte[] want = Arrays.copyOfRange(expected.data(), p * planeBytes, (p + 1) * planeBytes);
                assertArrayEquals(want, r.readSlab(p, 1).data(), file + " plane " + p);
            }
            FileInfo info = r.info();
            assertEquals(text(e.get("unit")), info.unit(), file + " unit");
            assertEquals(text(e.get("jobId")), info.jobId(), file + " job id");
            double[] size = numbers(e.get("voxelSize"));
            double[] gotSize = info.voxelSize();
            for (int d = 0; d < size.length; d++) {
                assertEquals(size[d], gotSize[d], 1e-6 * size[d], file + " voxel size axis " + d);
            }
            double[] origin = numbers(e.get("origin"));
            if (origin == null) {
                assertNull(info.origin(), file + ": no transform, so no origin");
            } else {
                double[] got = info.origin();
                for (int d = 0; d < origin.length; d++) {
                    assertEquals(origin[d], got[d], ORIGIN_TOLERANCE_IN_VOXELS * size[d], file + " origin axis " + d
                            + ": " + Arrays.toString(got));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheReason(JsonNode e) {
        String file = e.get("file").asText();
        RelayException x = assertThrows(RelayException.class, () -> new NiftiFormat().open(fixture(file)).close());
        assertTrue(x.getMessage().contains(e.get("expectError").asText()) && x.getMessage().contains(file), x.getMessage());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static double[] numbers(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }
}
