package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Issue 13: a request whose job could only fail (a region outside the array, an unknown store or
 * level, a format that cannot hold the type, ...) was answered 202 and failed later in the job.
 * It is refused with 400 and the job's reason before the answer, and leaves nothing behind: no
 * status, no ledger row, nothing in failed/ or spool/.
 */
class HttpInvalidRequestTest {
    @TempDir
    Path dir;

    @Test
    void invalidRequestsAreRefusedBeforeTheAnswerAndLeaveNothingBehind() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT8);  // array "0", shape 20 x 30 x 40
            h.makeStore("float.zarr", DataType.FLOAT64);
            SampleImage.write(new FileSystemStore(dir.resolve("ome.zarr")), 8, 16, 16, 8);  // levels 0-2

            // the request → what the refusal must name
            String img = "\"store\": \"img.zarr\", \"array\": \"0\", ";
            String cube = "\"region\": \"0:2,0:2,0:2\"";
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put(img + "\"region\": \"0:2,zz,0:4\"", "axis 1 of region '0:2,zz,0:4'");
            refused.put(img + "\"region\": \"0:2,0:2\"", "has 2 axes but the array has 3");
            refused.put(img + "\"region\": \"0:50,0:2,0:2\"", "0:50");
            refused.put(img + "\"region\": \"1,1,1\"", "single voxel");
            refused.put("\"store\": \"nope.zarr\", " + cube, "'nope.zarr' was not found");
            refused.put("\"store\": \"../img.zarr\", " + cube, "contains '..'");
            refused.put("\"store\": \"/tmp/img.zarr\", " + cube, "absolute path");
            refused.put("\"store\": \"img.zarr\", \"array\": \"7\", " + cube, "no Zarr array");
            refused.put(img + "\"level\": 1, " + cube, "needs an OME-Zarr image");
            refused.put("\"store\": \"ome.zarr\", \"level\": 5, " + cube, "level 5 does not exist");
            refused.put(img + cube + ", \"format\": \"png\"", "\"format\"");
            refused.put("\"store\": \"float.zarr\", \"array\": \"0\", " + cube + ", \"format\": \"tiff\"",
                    "cannot hold float64");
            refused.put(img + cube + ", \"cast\": \"maybe\"", "maybe");
            refused.put(img + cube + ", \"levels\": \"all\"", "all");
            refused.put(img + cube + ", \"on-conflict\": \"merge\"", "merge");
            refused.put(img + cube + ", \"target\": \"masks/cells\"", "masks/cells");
            refused.put(img + cube + ", \"id\": \"../up\"", "id '../up' is not allowed");
            refused.put("\"array\": \"0\", " + cube, "names no store");
            refused.put(img.substring(0, img.length() - 2), "names no region");

            for (Map.Entry<String, String> r : refused.entrySet()) {
                String body = "{" + r.getKey() + "}";
                assertRefused(api.post("/api/requests", body), r.getValue(), body);
            }

            assertEquals(List.of(), files(h.folders.status()), "no status for a refused request");
            assertEquals(0, ApiClient.json(api.get("/api/jobs?limit=10000")).get("jobs").size(), "no ledger row");
            assertEquals(List.of(), files(h.folders.failed()), "nothing parked in failed/");
            assertEquals(List.of(), files(h.folders.spool()), "nothing kept in spool/");

            // the refusal is the reason the job gives for the same request dropped into the inbox
            String outside = "{\"id\": \"outside\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:50,0:2,0:2\"}";
            String answer = ApiClient.json(api.post("/api/requests", outside)).get("error").asText();
            h.request("outside.json", outside);
            String reason = h.awaitState("outside", JobStatus.FAILED).message();
            assertTrue(reason.startsWith(answer), "job: " + reason + "\nHTTP: " + answer);

            // a valid request is still answered 202 and exported
            HttpResponse<byte[]> ok = api.post("/api/requests", "{\"id\": \"fine\", \"store\": \"ome.zarr\", \"level\": 1,"
                    + " \"region\": \"0:2,0:4,0:4\", \"format\": \"npy\"}");
            assertEquals(202, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
            api.awaitState("fine", JobStatus.EXPORTED);
        }
    }

    private static void assertRefused(HttpResponse<byte[]> r, String mentions, String request) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(400, r.statusCode(), request + " → " + body);
        JsonNode e = ApiClient.json(r);
        assertEquals(400, e.get("status").asInt(), body);
        assertTrue(e.get("error").asText().contains(mentions), "'" + mentions + "' in " + body + " for " + request);
    }

    /** Every regular file under a folder, at any depth. */
    private static List<Path> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
