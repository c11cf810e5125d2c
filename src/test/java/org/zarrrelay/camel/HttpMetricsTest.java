package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** GET /metrics counts what the relay did, in Prometheus' text format, behind the token. */
class HttpMetricsTest {
    /** A sample line: name, optional labels, value; nothing else is allowed outside comments. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-z_]+)(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? (-?[0-9.]+(e[-+]?[0-9]+)?|\\+Inf)");

    @TempDir
    Path dir;

    @Test
    void anExportAWriteBackAndAFailureAreCounted() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "t0ken"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("m.json", "{\"id\": \"m\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:20,0:30,0:40\","
                    + " \"format\": \"npy\"}");
            h.awaitState("m", JobStatus.EXPORTED);
            Volume v = NpyReader.read(h.folders.exports().resolve("m.npy"));
            Path result = dir.resolve("m-done.npy");
            RelayHarness.writeNpy(result, v);
            h.returnFile("m-done.npy", result);
            h.awaitState("m", JobStatus.WRITTEN_BACK);
            h.request("bad.json", "{\"id\": \"bad\", \"store\": \"nowhere.zarr\", \"array\": \"0\", \"region\": \"0:1,0:1,0:1\"}");
            h.awaitState("bad", JobStatus.FAILED);
            assertEquals("request", h.awaitState("bad", JobStatus.FAILED).reason(), "an unknown store is the request's fault");
            // a second result for a job written back already: refused, the job stays written-back
            Path again = dir.resolve("m-again.npy");
            RelayHarness.writeNpy(again, Volume.allocate(DataType.UINT16, 20, 30, 40));
            h.returnFile("m-again.npy", again);
            JobStatus refused = h.awaitStatus("m", st -> "result".equals(st.reason()), "record the refused result");
            assertEquals(JobStatus.WRITTEN_BACK, refused.state(), refused.message());

            assertEquals(401, new ApiClient(port, null).get("/metrics").statusCode());
            HttpResponse<byte[]> r = new ApiClient(port, "t0ken").get("/metrics");
            String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            Map<String, String> samples = new HashMap<>();
            String type = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    type = line.split(" ")[2];
                    continue;
                }
                if (line.startsWith("# HELP ")) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "a sample line: " + line);
                assertTrue(m.group(1).startsWith(type), line + " follows the TYPE of " + type);
                samples.put(m.group(1) + (m.group(2) != null ? m.group(2) : ""), m.group(4));
            }
            long bytes = 20L * 30 * 40 * 2;
            assertEquals("1", samples.get("zarr_relay_jobs{state=\"written-back\"}"), body);
            assertEquals("1", samples.get("zarr_relay_jobs{state=\"failed\"}"));
            assertEquals("0", samples.get("zarr_relay_jobs{state=\"exported\"}"));
            assertEquals(String.valueOf(bytes), samples.get("zarr_relay_exported_bytes_total"));
            assertEquals(String.valueOf(bytes), samples.get("zarr_relay_written_back_bytes_total"));
            assertEquals("1", samples.get("zarr_relay_failures_total{reason=\"request\"}"));
            assertEquals("1", samples.get("zarr_relay_failures_total{reason=\"result\"}"));
            for (String reason : new String[] {"conflict", "store", "storage", "memory", "internal"}) {
                assertEquals("0", samples.get("zarr_relay_failures_total{reason=\"" + reason + "\"}"), reason);
            }
            assertEquals("1", samples.get("zarr_relay_job_duration_seconds_count{kind=\"export\"}"));
            assertEquals("1", samples.get("zarr_relay_job_duration_seconds_bucket{kind=\"write-back\",le=\"+Inf\"}"));
            for (String phase : new String[] {"exporting", "checking", "writing"}) {
                assertEquals("1", samples.get("zarr_relay_phase_duration_seconds_count{phase=\"" + phase + "\"}"), phase);
            }
            assertEquals("0", samples.get("zarr_relay_active_jobs"));
            assertEquals("0", samples.get("zarr_relay_waiting_requests"));
            assertTrue(!samples.containsKey("zarr_relay_queued_requests"), "no request queue, no queue depth");
            long undoData = 0;
            for (com.fasterxml.jackson.databind.JsonNode tx : ApiClient.json(new ApiClient(port, "t0ken").get("/api/stores/img.zarr/history")).path("history")) {
                undoData += tx.path("undoDataBytes").asLong();
            }
            assertTrue(undoData > 0, "the write-back kept undo data");
            assertEquals(String.valueOf(undoData), samples.get("zarr_relay_journal_bytes{store=\"img.zarr\"}"), body);
        }
    }
}
