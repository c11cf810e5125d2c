package org.zarrrelay.ome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * OME-Zarr images written by zarr-python (NGFF 0.4) and zarrita (0.5) with pyramids made by the
 * numpy reference (tools/fixtures/make_ngff.py): our downsampling reproduces their stored levels,
 * and after a write-back every level equals, voxel for voxel, what the reference expects — inside
 * and outside the changed box. Bad pyramids are refused before anything is written.
 */
class NgffFixtureTest {
    @TempDir
    Path dir;

    static Path fixtures() {
        try {
            return Path.of(NgffFixtureTest.class.getResource("/fixtures/ngff/index.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> entries() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : Json.parse(Files.readAllBytes(fixtures().resolve("index.json")), "ngff/index.json")) {
            out.add(Arguments.of(e.path("name").asText(), e));
        }
        return out.stream();
    }

    private Path copy(String store) throws IOException {
        Path from = fixtures().resolve(store);
        Path to = dir.resolve(store);
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }

    private static Volume whole(ZarrArray a) {
        long[] s = a.metadata().shape();
        int[] shape = new int[s.length];
        for (int d = 0; d < s.length; d++) {
            shape[d] = (int) s[d];
        }
        return a.read(new long[s.length], shape);
    }

    /** Equal bytes, or for floats equal within one float32 ulp (numpy sums blocks pairwise, we in order). */
    private static void assertSame(Volume expected, Volume actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        if (!expected.dtype().isFloat()) {
            assertArrayEquals(expected.data(), actual.data(), what);
            return;
        }
        for (int i = 0; i < expected.elementCount(); i++) {
            double e = expected.getDouble(i);
            assertEquals(e, actual.getDouble(i), Math.ulp((float) e), what + " element " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void pyramidsMatchTheReferenceBeforeAndAfterAWriteBack(String name, JsonNode entry) throws IOException {
        FileSystemStore store = new FileSystemStore(copy(entry.path("store").asText()));
        if (entry.has("expectError")) {
            Multiscales ms = Multiscales.read(store, "");
            OmeException e = assertThrows(OmeException.class, () -> Pyramid.open(ms, p -> ZarrArray.open(store, p)));
            assertTrue(e.getMessage().contains(entry.path("expectError").asText()), e.getMessage());
            return;
        }
        JsonNode box = Json.parse(Files.readAllBytes(fixtures().resolve(entry.path("writeback").asText()).resolve("box.json")), "box");
        String arrayPath = box.path("array").asText();
        Multiscales ms = Multiscales.ofArray(store, arrayPath);
        Pyramid pyramid = Pyramid.open(ms, p -> ZarrArray.open(store, p));
        Downsampling method = Downsampling.fromDeclared(box.path("method").asText());
        for (int l = 1; l < pyramid.levelCount(); l++) {
            assertArrayEquals(toInts(entry.path("factors").get(l - 1)), pyramid.factors(l), name + " factors of level " + l);
            assertSame(whole(pyramid.level(l)), method.apply(whole(pyramid.level(l - 1)), pyramid.factors(l)),
                    name + ": our " + method + " of level " + (l - 1) + " is the stored level " + l);
        }

        Path writeback = fixtures().resolve(entry.path("writeback").asText());
        ZarrArray target = ZarrArray.open(store, arrayPath);
        long[] offset = toLongs(box.path("level0_offset"));
        int[] shape = toInts(box.path("level0_shape"));
        try (VolumeReader patch = new NpyFormat().open(writeback.resolve("patch.npy"))) {
            // a small slab budget, so the write and the pyramid update both go slab by slab
            new WritebackService(64 * 1024, Downsampling.MEAN)
                    .write(target, Region.of(offset, shape), patch, "patch.npy", Casts.Mode.LOSSLESS, null, (d, t) -> { });
        }
        for (int l = 0; l < pyramid.levelCount(); l++) {
            Volume expected = NpyReader.read(writeback.resolve("level" + l + ".npy"));
            assertSame(expected, whole(ZarrArray.open(store, ms.fullPath(l))), name + " level " + l + " after the write-back");
        }
    }

    private static int[] toInts(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).asInt();
        }
        return out;
    }

    private static long[] toLongs(JsonNode list) {
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).asLong();
        }
        return out;
    }
}
