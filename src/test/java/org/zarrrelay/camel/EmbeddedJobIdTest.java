package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * A file whose embedded job id (ImageJ's Info, which Fiji keeps) names another job than the one its
 * name or its upload URL matched is refused, naming both: it would land in the other job's place.
 */
class EmbeddedJobIdTest {
    @TempDir
    Path dir;

    @Test
    void aFileOfAnotherJobSavedUnderThisJobsNameIsRefused() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("pre-1.json", "{\"id\": \"pre-1\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:4,0:5,0:6\"}");
            h.request("pre-10.json", "{\"id\": \"pre-10\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"10:14,10:15,10:16\"}");
            h.awaitState("pre-1", JobStatus.EXPORTED);
            h.awaitState("pre-10", JobStatus.EXPORTED);
            var before = RelayHarness.fingerprint(h.data.resolve("img.zarr"));

            // pre-10's window (its id in the TIFF's ImageJ Info) saved as if it were pre-1's result
            h.returnFile("pre-1-processed.tif", h.folders.exports().resolve("pre-10.tif"));
            String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("pre-1-processed.tif.error.txt")));
            assertTrue(text.contains("matched to job pre-1") && text.contains("belongs to job pre-10"), text);

            HttpResponse<byte[]> put = new ApiClient(port, null).put("/api/jobs/pre-1/return?filename=x.tif",
                    h.folders.exports().resolve("pre-10.tif"));
            assertEquals(422, put.statusCode(), new String(put.body()));
            assertTrue(new String(put.body()).contains("belongs to job pre-10"), new String(put.body()));

            var after = RelayHarness.fingerprint(h.data.resolve("img.zarr"));
            assertEquals(before.keySet(), after.keySet());
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
            assertEquals(JobStatus.EXPORTED, h.status.read("pre-1").state());
        }
    }
    @Test
    void aNameThatStartsWithTwoJobsIdsGoesToTheJobTheFileNames() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data2"), Map.of())) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("m.json", "{\"id\": \"m\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:4,0:5,0:6\"}");
            h.request("m-2.json", "{\"id\": \"m-2\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"10:14,10:15,10:16\"}");
            h.awaitState("m", JobStatus.EXPORTED);
            h.awaitState("m-2", JobStatus.EXPORTED);

            // m's window (its id in the TIFF's ImageJ Info) under a name that starts with m-2 as well as with m
            h.returnFile("m-2-fixed.tif", h.folders.exports().resolve("m.tif"));
            h.awaitState("m", JobStatus.WRITTEN_BACK);
            assertEquals(JobStatus.EXPORTED, h.status.read("m-2").state(), "m-2 is untouched");
        }
    }
}
