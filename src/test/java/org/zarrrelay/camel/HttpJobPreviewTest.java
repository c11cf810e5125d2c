package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * GET /api/jobs/{id}/preview.png shows the middle z plane of a job's region as exported (before)
 * and as the store holds it now (after), on one contrast, so a write-back shows where it changed.
 */
class HttpJobPreviewTest {
    @TempDir
    Path dir;

    @Test
    void afterAWriteBackOnlyTheChangedVoxelsLookDifferent() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "t"))) {
            h.makeStore("img.zarr", DataType.UINT16);  // random 0..199
            ApiClient api = new ApiClient(port, "t");
            assertEquals(202, api.post("/api/requests", "{\"id\": \"pv-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"2:6,4:20,8:32\", \"format\": \"npy\"}").statusCode());
            api.awaitState("pv-1", "exported");

            BufferedImage before = png(api.get("/api/jobs/pv-1/preview.png?which=before"));
            BufferedImage after = png(api.get("/api/jobs/pv-1/preview.png"));
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 24; x++) {
                    assertEquals(gray(before, x, y), gray(after, x, y), "nothing written yet: x=" + x + " y=" + y);
                }
            }

            Volume result = NpyReader.read(h.folders.exports().resolve("pv-1.npy"));
            for (int z = 0; z < 4; z++) {
                for (int y = 5; y < 10; y++) {
                    for (int x = 5; x < 15; x++) {
                        RelayHarness.set(result, z, y, x, 5000);
                    }
                }
            }
            Path file = dir.resolveSibling(dir.getFileName() + "-pv-1.npy");
            RelayHarness.writeNpy(file, result);
            assertEquals(200, api.put("/api/jobs/pv-1/return?filename=pv-1.npy", file).statusCode());

            BufferedImage was = png(api.get("/api/jobs/pv-1/preview.png?which=before"));
            BufferedImage now = png(api.get("/api/jobs/pv-1/preview.png?which=after"));
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 24; x++) {
                    boolean changed = y >= 5 && y < 10 && x >= 5 && x < 15;
                    if (changed) {
                        assertEquals(255, gray(now, x, y), "written 5000 at x=" + x + " y=" + y);
                        assertTrue(gray(was, x, y) < 20, "exported at most 199 at x=" + x + " y=" + y);
                    } else {
                        assertEquals(gray(was, x, y), gray(now, x, y), "unchanged at x=" + x + " y=" + y);
                    }
                }
            }

            ApiClient.assertRefused(api.get("/api/jobs/pv-1/preview.png?which=middle"), 400, "use which=before");
            ApiClient.assertRefused(api.get("/api/jobs/nope/preview.png"), 404, "there is no job 'nope'");
            assertEquals(401, new ApiClient(port, null).get("/api/jobs/pv-1/preview.png").statusCode());
            Files.delete(h.folders.exports().resolve("pv-1.npy"));
            ApiClient.assertRefused(api.get("/api/jobs/pv-1/preview.png?which=before"), 409, "not in this relay's exports folder");
            png(api.get("/api/jobs/pv-1/preview.png?which=after"));
        }
    }

    private static BufferedImage png(HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(24, img.getWidth(), "the region's x extent");
        assertEquals(16, img.getHeight(), "the region's y extent");
        return img;
    }

    private static int gray(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }
}
