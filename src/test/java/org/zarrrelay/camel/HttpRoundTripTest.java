package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The whole round trip over HTTP: a POSTed request exports the same bytes as the same request
 * dropped in the inbox, the file downloads, an upload writes back exactly its voxels, and the
 * job's state is still there after a restart (the ledger).
 */
class HttpRoundTripTest {
    @TempDir
    Path dir;

    private static final String REGION = "\"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"3:17,5:30,2:39\", \"format\": \"npy\"";

    @Test
    void postDownloadUploadAndAskAfterARestart() throws Exception {
        int port = ApiClient.freePort();
        // a small request limit: uploads stream past it, up to relay.http.max-upload-mb
        Map<String, String> http = Map.of("relay.http.port", String.valueOf(port), "relay.http.max-request-kb", "4");
        ApiClient api = new ApiClient(port, null);
        Path upload = dir.resolve("processed.npy");
        Volume processed;
        ZarrArray a;
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), http)) {
            a = h.makeStore("img.zarr", DataType.UINT16);
            h.request("r1.json", "{\"id\": \"by-file\", " + REGION + "}");
            h.awaitState("by-file", JobStatus.EXPORTED);

            HttpResponse<byte[]> posted = api.post("/api/requests", "{\"id\": \"by-http\", " + REGION + "}");
            assertEquals(202, posted.statusCode(), new String(posted.body()));
            JsonNode accepted = ApiClient.json(posted);
            assertEquals("by-http", accepted.get("id").asText());
            assertEquals("/api/jobs/by-http", accepted.get("status").asText());
            assertEquals("/api/jobs/by-http", posted.headers().firstValue("Location").orElseThrow());
            JsonNode exported = api.awaitState("by-http", JobStatus.EXPORTED);
            assertEquals("img.zarr", exported.get("store").asText());

            HttpResponse<byte[]> download = api.get("/api/jobs/by-http/export");
            assertEquals(200, download.statusCode());
            byte[] byFile = Files.readAllBytes(h.folders.exports().resolve("by-file.npy"));
            assertArrayEquals(byFile, download.body(), "HTTP and the inbox export the same bytes");
            assertArrayEquals(byFile, Files.readAllBytes(h.folders.exports().resolve("by-http.npy")));
            assertTrue(Files.exists(h.folders.archive().resolve("by-http.json")), "the posted request is archived under its id");

            Path got = dir.resolve("got.npy");
            Files.write(got, download.body());
            try (VolumeReader r = new NpyFormat().open(got)) {
                processed = r.readSlab(0, 14);
            }
            for (int i = 0; i < processed.elementCount(); i++) {
                processed.setLong(i, processed.getLong(i) * 3 + 7);
            }
            RelayHarness.writeNpy(upload, processed);
            Volume whole = a.read(new long[3], new int[] {20, 30, 40});

            HttpResponse<byte[]> put = api.put("/api/jobs/by-http/return", upload);
            assertEquals(200, put.statusCode(), new String(put.body()));
            assertEquals(JobStatus.WRITTEN_BACK, ApiClient.json(put).get("state").asText());
            assertArrayEquals(processed.data(), a.read(new long[] {3, 5, 2}, new int[] {14, 25, 37}).data());
            Volume after = a.read(new long[3], new int[] {20, 30, 40});
            for (int z = 0; z < 20; z++) {
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 40; x++) {
                        boolean inside = z >= 3 && z < 17 && y >= 5 && y < 30 && x >= 2 && x < 39;
                        if (!inside) {
                            int i = (z * 30 + y) * 40 + x;
                            assertEquals(whole.getLong(i), after.getLong(i), "voxel outside the region at " + z + "," + y + "," + x);
                        }
                    }
                }
            }

            JsonNode written = ApiClient.json(api.get("/api/jobs?state=written-back")).get("jobs");
            assertEquals(1, written.size());
            assertEquals("by-http", written.get(0).get("id").asText());
            assertEquals(2, ApiClient.json(api.get("/api/jobs")).get("jobs").size());
        }
        try (RelayHarness again = new RelayHarness(dir.resolve("data"), http)) {
            JsonNode s = ApiClient.json(api.get("/api/jobs/by-http"));
            assertEquals(JobStatus.WRITTEN_BACK, s.get("state").asText(), "the ledger survives a restart");
            assertTrue(s.get("created").asText().compareTo(s.get("updated").asText()) <= 0);
        }
    }

    @Test
    void anUploadIsWrittenBackLikeTheSameFileDroppedInReturns() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            ZarrArray byFile = h.makeStore("img.zarr", DataType.UINT16);
            copyTree(h.data.resolve("img.zarr"), h.data.resolve("copy.zarr"));
            ZarrArray byHttp = ZarrArray.open(new FileSystemStore(h.data.resolve("copy.zarr")), "0");
            h.request("f.json", "{\"id\": \"f\", " + REGION + "}");
            h.request("g.json", "{\"id\": \"g\", " + REGION.replace("img.zarr", "copy.zarr") + "}");
            h.awaitState("f", JobStatus.EXPORTED);
            h.awaitState("g", JobStatus.EXPORTED);
            Path result = dir.resolve("result.npy");
            Volume v = Volume.allocate(DataType.UINT16, 14, 25, 37);
            for (int i = 0; i < v.elementCount(); i++) {
                v.setLong(i, (i * 31L) % 60000);
            }
            RelayHarness.writeNpy(result, v);
            h.returnFile("f-processed.npy", result);
            h.awaitState("f", JobStatus.WRITTEN_BACK);
            assertEquals(200, api.put("/api/jobs/g/return", result).statusCode());
            assertArrayEquals(v.data(), byHttp.read(new long[] {3, 5, 2}, new int[] {14, 25, 37}).data());
            assertArrayEquals(byFile.read(new long[3], new int[] {20, 30, 40}).data(),
                    byHttp.read(new long[3], new int[] {20, 30, 40}).data());

            // a second result for a job written back already is refused, with the way out, and not written
            Path second = dir.resolve("second.npy");
            Volume other = Volume.allocate(DataType.UINT16, 14, 25, 37);
            RelayHarness.writeNpy(second, other);
            HttpResponse<byte[]> refused = api.put("/api/jobs/g/return", second);
            String said = ApiClient.json(refused).path("error").asText();
            assertEquals(409, refused.statusCode(), said);
            assertTrue(said.contains("was written back already") && said.contains("POST /api/jobs/g/undo"), said);
            assertArrayEquals(v.data(), byHttp.read(new long[] {3, 5, 2}, new int[] {14, 25, 37}).data());
            assertEquals(JobStatus.WRITTEN_BACK, ApiClient.json(api.get("/api/jobs/g")).path("state").asText());
        }
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
