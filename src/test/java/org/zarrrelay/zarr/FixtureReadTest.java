package org.zarrrelay.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Reads every fixture written by zarr-python, zarrita or built from the spec (see
 * tools/fixtures/) and compares every voxel with what the producing tool says it holds.
 */
class FixtureReadTest {

    static Path fixtures() {
        try {
            return Path.of(FixtureReadTest.class.getResource("/fixtures/index.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> entries() throws IOException {
        JsonNode index = Json.parse(Files.readAllBytes(fixtures().resolve("index.json")), "fixtures/index.json");
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : index) {
            out.add(Arguments.of(e.path("name").asText(), e));
        }
        return out.stream();
    }

    static Volume expected(JsonNode entry) {
        try (VolumeReader r = new NpyFormat().open(fixtures().resolve(entry.path("expected").asText()))) {
            long[] shape = r.shape();
            return r.readSlab(0, (int) shape[0]);
        }
    }

    /** Bytes equal, except that any NaN equals any NaN (tools differ in the NaN payload they write). */
    static void assertSameVoxels(Volume expected, Volume actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        if (!expected.dtype().isFloat()) {
            assertArrayEquals(expected.data(), actual.data(), what);
            return;
        }
        for (int i = 0; i < expected.elementCount(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (!(Double.isNaN(e) && Double.isNaN(a))) {
                assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a), what + ": element " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void readsEveryVoxelAsTheProducingToolDoes(String name, JsonNode entry) {
        FileSystemStore store = new FileSystemStore(fixtures().resolve(entry.path("store").asText()));
        String path = entry.path("array").asText("");
        if (entry.has("expectError")) {
            ZarrException e = assertThrows(ZarrException.class, () -> ZarrArray.open(store, path).read(
                    new long[entry.path("shape").size()], ones(entry.path("shape").size())));
            assertTrue(e.getMessage().contains(entry.path("expectError").asText()), e.getMessage());
            return;
        }
        ZarrArray array = ZarrArray.open(store, path);
        Volume expected = expected(entry);
        assertEquals(entry.path("dtype").asText(), array.metadata().dtype().numpyName());
        long[] shape = array.metadata().shape();
        int[] whole = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            whole[d] = (int) shape[d];
        }
        assertSameVoxels(expected, array.read(new long[shape.length], whole), name);

        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < 5; i++) {
            int[] size = new int[whole.length];
            long[] at = new long[whole.length];
            int[] atInt = new int[whole.length];
            for (int d = 0; d < whole.length; d++) {
                size[d] = 1 + rnd.nextInt(whole[d]);
                atInt[d] = rnd.nextInt(whole[d] - size[d] + 1);
                at[d] = atInt[d];
            }
            Volume part = Volume.allocate(expected.dtype(), size);
            BoxCopy.copy(expected, atInt, part, new int[whole.length], size);
            assertSameVoxels(part, array.read(at, size), name + " box " + java.util.Arrays.toString(at));
        }
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    @Test
    void theFixturesCoverEveryDataTypeInBothVersions() throws IOException {
        JsonNode index = Json.parse(Files.readAllBytes(fixtures().resolve("index.json")), "fixtures/index.json");
        for (int format : new int[] {2, 3}) {
            for (DataType t : DataType.values()) {
                boolean found = false;
                for (JsonNode e : index) {
                    found |= e.path("zarrFormat").asInt() == format && e.path("dtype").asText().equals(t.numpyName())
                            && !e.has("expectError");
                }
                assertTrue(found, "no v" + format + " fixture of " + t.numpyName());
            }
        }
        assertFalse(index.isEmpty());
    }
}
