package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Over HTTP: an upload refused for conflicts answers 409 and can be sent again with
 * ?on-conflict=overwrite; POST /undo undoes a write-back; GET /api/stores/{store}/history lists
 * both; a request from a coarser level says at once that its write-back needs "levels".
 */
class HttpUndoHistoryTest {
    @TempDir
    Path dir;

    @Test
    void conflictsUndoAndHistoryOverHttp() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT16);
            ApiClient api = new ApiClient(port, null);
            ZarrArray array = ZarrArray.open(new FileSystemStore(h.data.resolve("img.zarr")), "0");
            for (String id : new String[] {"h-a", "h-b"}) {
                assertEquals(202, api.post("/api/requests", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\","
                        + " \"region\": \"0:4,0:4,0:4\", \"format\": \"npy\"}").statusCode());
                api.awaitState(id, JobStatus.EXPORTED);
            }
            long original = array.read(new long[3], new int[] {1, 1, 1}).getLong(0);
            Volume a = NpyReader.read(h.folders.exports().resolve("h-a.npy"));
            a.setLong(0, 11111);
            Path fileA = dir.resolve("a.npy");
            RelayHarness.writeNpy(fileA, a);
            assertEquals(200, api.put("/api/jobs/h-a/return", fileA).statusCode());

            Volume b = NpyReader.read(h.folders.exports().resolve("h-b.npy"));
            b.setLong(0, 22222);
            Path fileB = dir.resolve("b.npy");
            RelayHarness.writeNpy(fileB, b);
            HttpResponse<byte[]> refused = api.put("/api/jobs/h-b/return", fileB);
            assertEquals(409, refused.statusCode(), new String(refused.body()));
            assertTrue(ApiClient.json(refused).get("error").asText().contains("job h-a"), new String(refused.body()));
            assertEquals(11111, array.read(new long[3], new int[] {1, 1, 1}).getLong(0));
            assertEquals(JobStatus.CONFLICT, ApiClient.json(api.get("/api/jobs/h-b")).get("state").asText());

            assertEquals(400, api.put("/api/jobs/h-b/return?on-conflict=always", fileB).statusCode());
            HttpResponse<byte[]> forced = api.put("/api/jobs/h-b/return?on-conflict=overwrite", fileB);
            assertEquals(200, forced.statusCode(), new String(forced.body()));
            assertEquals(22222, array.read(new long[3], new int[] {1, 1, 1}).getLong(0));

            // undoing h-a now would lose h-b's change of the same voxel: refused, nothing written
            HttpResponse<byte[]> undoA = api.post("/api/jobs/h-a/undo", "");
            assertEquals(409, undoA.statusCode(), new String(undoA.body()));
            HttpResponse<byte[]> undoB = api.post("/api/jobs/h-b/undo", "");
            assertEquals(200, undoB.statusCode(), new String(undoB.body()));
            assertEquals(JobStatus.UNDONE, ApiClient.json(undoB).get("state").asText());
            assertEquals(11111, array.read(new long[3], new int[] {1, 1, 1}).getLong(0));
            assertEquals(200, api.post("/api/jobs/h-a/undo", "").statusCode());
            assertEquals(original, array.read(new long[3], new int[] {1, 1, 1}).getLong(0));

            JsonNode history = ApiClient.json(api.get("/api/stores/img.zarr/history")).get("history");
            assertEquals(4, history.size(), history.toString());
            assertEquals("undo", history.get(0).get("kind").asText());
            assertEquals("h-a", history.get(0).get("job").asText());
            assertEquals("write-back", history.get(3).get("kind").asText());
            assertEquals(64, history.get(3).get("voxels").asLong());
            assertTrue(history.get(2).get("undone").asBoolean(), history.toString());
            assertEquals(404, api.get("/api/stores/nope.zarr/history").statusCode());
        }
    }

    @Test
    void aStoreNameInThePathIsDecodedOnceAndABadOneIsAClientError() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("a+b.zarr", DataType.UINT16);
            ApiClient api = new ApiClient(port, null);
            HttpResponse<byte[]> plus = api.get("/api/stores/a%2Bb.zarr/history");
            assertEquals(200, plus.statusCode(), new String(plus.body()));
            assertEquals("a+b.zarr", ApiClient.json(plus).get("store").asText());
            assertEquals(200, api.get("/api/images/a%2Bb.zarr/thumbnail.png?image=0").statusCode());
            for (String bad : new String[] {"%25", "a%2Bb.zarr%00"}) {
                for (String path : new String[] {"/api/stores/" + bad + "/history", "/api/images/" + bad + "/thumbnail.png"}) {
                    HttpResponse<byte[]> r = api.get(path);
                    assertEquals(404, r.statusCode(), path + ": " + new String(r.body()));
                    assertTrue(ApiClient.json(r).get("error").asText().contains("store"), path + ": " + new String(r.body()));
                }
            }
        }
    }

    @Test
    void aRequestFromACoarserLevelSaysItsWriteBackNeedsLevels() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            org.zarrrelay.job.SampleImage.write(new FileSystemStore(h.data.resolve("s.zarr")), 8, 16, 16);
            ApiClient api = new ApiClient(port, null);
            api.post("/api/requests", "{\"id\": \"lv1\", \"store\": \"s.zarr\", \"level\": 1, \"region\": \"0:2,0:4,0:4\"}");
            JsonNode s = api.awaitState("lv1", JobStatus.EXPORTED);
            assertTrue(s.get("message").asText().contains("\"levels\": \"this-and-coarser\""), s.toString());
        }
    }
}
