package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * GET /api/images/{store}/thumbnail.png draws the data: a PNG of a level's plane size whose bright
 * pixels are where the store's bright voxels are; a wrong store, image, level or z is a JSON refusal.
 */
class HttpThumbnailTest {
    @TempDir
    Path dir;

    @Test
    void theThumbnailShowsTheBrightBoxWhereTheStoreHasIt() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            writeBoxStore();
            ApiClient api = new ApiClient(port, null);

            BufferedImage max = png(api.get("/api/images/box.zarr/thumbnail.png?image=0"), 40, 30);
            assertBoxShown(max, "the maximum projection");
            assertBoxShown(png(api.get("/api/images/box.zarr/thumbnail.png?image=0&z=6"), 40, 30), "slice 6");
            // a slice before the box holds noise only, stretched over the whole gray range
            BufferedImage before = png(api.get("/api/images/box.zarr/thumbnail.png?image=0&z=2"), 40, 30);
            double inBox = 0;
            for (int y = 10; y < 20; y++) {
                for (int x = 20; x < 30; x++) {
                    inBox += gray(before, x, y);
                }
            }
            assertTrue(inBox / 100 < 200, "slice 2 has no box: mean gray there " + inBox / 100);
        }
    }

    @Test
    void theLevelIsTheFinestSmallEnoughOneUnlessAsked() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "t"))) {
            SampleImage.write(new FileSystemStore(dir.resolve("sample.zarr")), 16, 32, 48, 8);
            ApiClient api = new ApiClient(port, "t");
            assertEquals(401, new ApiClient(port, null).get("/api/images/sample.zarr/thumbnail.png").statusCode());
            png(api.get("/api/images/sample.zarr/thumbnail.png"), 48, 32);
            png(api.get("/api/images/sample.zarr/thumbnail.png?level=2"), 12, 8);

            ApiClient.assertRefused(api.get("/api/images/nothing.zarr/thumbnail.png"), 404, "store 'nothing.zarr' was not found");
            ApiClient.assertRefused(api.get("/api/images/sample.zarr/thumbnail.png?image=nope"), 404,
                    "store 'sample.zarr' has no image 'nope': its images are ['']");
            ApiClient.assertRefused(api.get("/api/images/sample.zarr/thumbnail.png?level=3"), 400, "has levels 0 to 2");
            ApiClient.assertRefused(api.get("/api/images/sample.zarr/thumbnail.png?level=x"), 400, "level is 'x'");
            ApiClient.assertRefused(api.get("/api/images/sample.zarr/thumbnail.png?z=16"), 400, "whose z runs from 0 to 15");
            ApiClient.assertRefused(api.get("/api/images/sample.zarr/thumbnail.png?z=-1"), 400, "z is '-1'");
            java.nio.file.Files.createDirectories(dir.resolve("broken.zarr"));
            java.nio.file.Files.writeString(dir.resolve("broken.zarr/zarr.json"), "{not json");
            ApiClient.assertRefused(api.get("/api/images/broken.zarr/thumbnail.png"), 422, "store 'broken.zarr' cannot be shown");
        }
    }

    /** A uint16 array (10, 30, 40) of noise 0..9 with voxels of 1000 in z 5:8, y 10:20, x 20:30. */
    private void writeBoxStore() {
        ZarrArray a = ZarrArray.create(new FileSystemStore(dir.resolve("box.zarr")), "0",
                NewArray.of(3, new long[] {10, 30, 40}, new int[] {4, 8, 8}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 10, 30, 40);
        Random rnd = new Random(7);
        for (int z = 0; z < 10; z++) {
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    boolean box = z >= 5 && z < 8 && y >= 10 && y < 20 && x >= 20 && x < 30;
                    v.setLong(v.index(z, y, x), box ? 1000 : rnd.nextInt(10));
                }
            }
        }
        a.write(new long[3], v);
    }

    private static void assertBoxShown(BufferedImage img, String what) {
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                boolean box = y >= 10 && y < 20 && x >= 20 && x < 30;
                int g = gray(img, x, y);
                assertTrue(box ? g == 255 : g <= 3, what + ": pixel x=" + x + " y=" + y + " is " + g);
            }
        }
    }

    private static BufferedImage png(HttpResponse<byte[]> r, int width, int height) throws Exception {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        return img;
    }

    private static int gray(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }
}
