package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Issue 13: a request refused because its id has a job already left no trace in the log, over
 * HTTP (409) or from the inbox (parked in failed/). Each refusal is one line.
 */
class DuplicateRequestLogTest {
    @TempDir
    Path dir;

    @Test
    void aDuplicateIdIsLoggedOnceWhereverItCameFrom() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        String request = "{\"id\": \"dup-1\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\"}";
        try (StderrLog log = new StderrLog();
             RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            h.makeStore("img.zarr", DataType.UINT8);
            h.request("dup-1.json", request);
            h.awaitState("dup-1", JobStatus.EXPORTED);
            assertEquals(0, refusals(log), log.text());

            assertEquals(409, api.post("/api/requests", request).statusCode());
            assertEquals(1, refusals(log), log.text());

            h.request("dup-1-again.json", request);
            RelayHarness.await(h.folders.failed().resolve("dup-1-again.json.error.txt"));
            assertEquals(2, refusals(log), log.text());
        }
    }

    private static long refusals(StderrLog log) {
        return log.text().lines().filter(l -> l.contains("refused: a job with id 'dup-1' already exists")).count();
    }
}
