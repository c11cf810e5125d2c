package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.store.FileSystemStore;

/** GET /api/images lists every image under the store roots as its store's metadata describes it. */
class HttpImagesTest {
    @TempDir
    Path dir;

    @Test
    void theListingIsTheStoresMetadata() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "t"))) {
            FileSystemStore sample = new FileSystemStore(dir.resolve("sample.zarr"));
            SampleImage.write(sample, 16, 32, 48, 8);
            LabelImages.ensure(sample, Multiscales.read(sample, ""), "cells", DataType.UINT8);
            h.makeStore("img.zarr", DataType.UINT16);  // an array without OME metadata
            Files.createDirectories(dir.resolve("broken.zarr"));
            Files.writeString(dir.resolve("broken.zarr/zarr.json"), "{not json", StandardCharsets.UTF_8);

            assertEquals(401, new ApiClient(port, null).get("/api/images").statusCode());
            JsonNode images = ApiClient.json(new ApiClient(port, "t").get("/api/images")).get("images");
            assertEquals(3, images.size(), images.toString());

            JsonNode broken = images.get(0);
            assertEquals("broken.zarr", broken.get("store").asText());
            assertTrue(broken.get("error").asText().contains("zarr.json"), broken.toString());
            assertEquals(0, broken.get("levels").size());

            JsonNode plain = images.get(1);
            assertEquals("img.zarr", plain.get("store").asText());
            assertEquals("0", plain.get("image").asText());
            assertFalse(plain.get("ome").asBoolean());
            assertLevel(plain.get("levels").get(0), 0, ZarrArray.open(new FileSystemStore(dir.resolve("img.zarr")), "0"));
            assertFalse(plain.get("levels").get(0).has("voxelSize"));

            JsonNode ome = images.get(2);
            assertEquals("sample.zarr", ome.get("store").asText());
            assertEquals("", ome.get("image").asText());
            assertTrue(ome.get("ome").asBoolean());
            assertEquals(List.of("z", "y", "x"), texts(ome.get("axes")));
            assertEquals("micrometer", ome.get("unit").asText());
            assertEquals(List.of("cells"), texts(ome.get("labels")), "the label image is listed with its image, not as one");
            Multiscales ms = Multiscales.read(sample, "");
            assertEquals(SampleImage.LEVELS, ome.get("levels").size());
            for (int i = 0; i < SampleImage.LEVELS; i++) {
                JsonNode level = ome.get("levels").get(i);
                assertLevel(level, i, ZarrArray.open(sample, ms.fullPath(i)));
                for (int d = 0; d < 3; d++) {
                    assertEquals(ms.levels().get(i).scale()[d], level.get("voxelSize").get(d).asDouble());
                }
            }
            assertEquals(List.of(2.0, 0.5, 0.5), doubles(ome.get("levels").get(0).get("voxelSize")));
            assertEquals(List.of(8.0, 2.0, 2.0), doubles(ome.get("levels").get(2).get("voxelSize")));
        }
    }

    private static void assertLevel(JsonNode level, int index, ZarrArray array) {
        ArrayMetadata m = array.metadata();
        assertEquals(index, level.get("level").asInt());
        assertEquals(array.path(), level.get("path").asText());
        for (int d = 0; d < m.rank(); d++) {
            assertEquals(m.shape()[d], level.get("shape").get(d).asLong());
            assertEquals(m.chunkShape()[d], level.get("chunks").get(d).asInt());
        }
        assertEquals(m.rank(), level.get("shape").size());
        assertEquals(m.dtype().numpyName(), level.get("dtype").asText());
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<Double> doubles(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asDouble).toList();
    }
}
