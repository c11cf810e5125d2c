package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** GET /api/jobs/{id}/conflict.png shows the conflict mask of a refused result: white exactly where voxels conflict. */
class HttpConflictMaskTest {
    @TempDir
    Path dir;

    @Test
    void theMaskIsWhiteWhereBothResultsChangedAVoxel() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT16);
            ApiClient api = new ApiClient(port, null);
            for (String id : new String[] {"cm-1", "cm-2"}) {
                assertEquals(202, api.post("/api/requests", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\","
                        + " \"region\": \"0:4,0:16,0:16\", \"format\": \"npy\"}").statusCode());
                api.awaitState(id, "exported");
            }
            ApiClient.assertRefused(api.get("/api/jobs/cm-1/conflict.png"), 409, "job cm-1 has no conflict mask");

            assertEquals(200, api.put("/api/jobs/cm-1/return", changed(h, "cm-1", 2, 6, 3, 9, 1)).statusCode());
            HttpResponse<byte[]> refused = api.put("/api/jobs/cm-2/return", changed(h, "cm-2", 4, 10, 5, 12, 2));
            assertEquals(409, refused.statusCode(), new String(refused.body(), StandardCharsets.UTF_8));

            HttpResponse<byte[]> r = api.get("/api/jobs/cm-2/conflict.png");
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
            BufferedImage mask = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertEquals(16, mask.getWidth());
            assertEquals(16, mask.getHeight());
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    boolean both = y >= 4 && y < 6 && x >= 5 && x < 9;
                    assertEquals(both ? 255 : 0, mask.getRaster().getSample(x, y, 0), "x=" + x + " y=" + y);
                }
            }
            ApiClient.assertRefused(api.get("/api/jobs/cm-9/conflict.png"), 404, "there is no job 'cm-9'");
        }
    }

    /** The job's export with {@code delta} added in y {@code [y0, y1)}, x {@code [x0, x1)} of every plane, saved as a file. */
    private Path changed(RelayHarness h, String id, int y0, int y1, int x0, int x1, int delta) {
        Volume v = NpyReader.read(h.folders.exports().resolve(id + ".npy"));
        for (int z = 0; z < 4; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    RelayHarness.set(v, z, y, x, v.getLong(v.index(z, y, x)) + delta);
                }
            }
        }
        Path file = dir.resolveSibling(dir.getFileName() + "-" + id + ".npy");
        RelayHarness.writeNpy(file, v);
        return file;
    }
}
