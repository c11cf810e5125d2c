package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Two relays sharing a ledger, a store root and an S3 exports prefix: the one that did not export
 * a job serves its export (from the prefix; a DICOM series zipped) and takes its result back over HTTP.
 */
class AnyWorkerTest extends S3RelayTestBase {
    @Test
    void aWorkerThatDidNotExportServesTheExportAndWritesTheResultBack() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Path stores = Files.createDirectories(dir.resolve("stores"));
        ZarrArray array = RelayHarness.makeStore(stores, "img.zarr", DataType.UINT16);
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        int port = ApiClient.freePort();
        try (RelayHarness w1 = new RelayHarness(dir.resolve("w1"), worker("w1", bucket, stores, ledger, 0));
             RelayHarness w2 = new RelayHarness(dir.resolve("w2"), worker("w2", bucket, stores, ledger, port))) {
            w1.request("x.json", "{\"id\": \"x\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"2:12,3:23,4:34\","
                    + " \"format\": \"npy\"}");
            w1.awaitState("x", JobStatus.EXPORTED);
            byte[] exported = Files.readAllBytes(w1.folders.exports().resolve("x.npy"));
            ApiClient api = new ApiClient(port, null);

            HttpResponse<byte[]> download = api.get("/api/jobs/x/export");
            assertEquals(200, download.statusCode(), new String(download.body()));
            assertArrayEquals(exported, download.body(), "w2 serves w1's export from the exports prefix");

            Volume result = NpyReader.read(w1.folders.exports().resolve("x.npy"));
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 4000 + i % 7);
            }
            Path file = dir.resolve("x-done.npy");
            RelayHarness.writeNpy(file, result);
            HttpResponse<byte[]> back = api.put("/api/jobs/x/return?filename=x-done.npy", file);
            assertEquals(200, back.statusCode(), new String(back.body()));
            assertEquals(JobStatus.WRITTEN_BACK, ApiClient.json(back).path("state").asText());
            assertArrayEquals(result.data(), array.read(new long[] {2, 3, 4}, new int[] {10, 20, 30}).data(),
                    "the result is in the store");
        }
    }

    @Test
    void aWorkerThatDidNotExportADicomSeriesServesItZippedFromThePrefix() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Path stores = Files.createDirectories(dir.resolve("stores"));
        RelayHarness.makeStore(stores, "img.zarr", DataType.UINT16);
        String ledger = JdbcJobLedger.h2Url(dir.resolve("shared"));
        int port = ApiClient.freePort();
        try (RelayHarness w1 = new RelayHarness(dir.resolve("w1"), worker("w1", bucket, stores, ledger, 0));
             RelayHarness w2 = new RelayHarness(dir.resolve("w2"), worker("w2", bucket, stores, ledger, port))) {
            w1.request("d.json", "{\"id\": \"d\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"2:5,3:23,4:34\","
                    + " \"format\": \"dicom\"}");
            w1.awaitState("d", JobStatus.EXPORTED);
            Path series;
            try (var exports = Files.list(w1.folders.exports())) {
                series = exports.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            Map<String, byte[]> local = new java.util.TreeMap<>();
            try (var files = Files.walk(series)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    local.put(series.getFileName() + "/" + series.relativize(f), Files.readAllBytes(f));
                }
            }

            HttpResponse<byte[]> download = new ApiClient(port, null).get("/api/jobs/d/export");
            assertEquals(200, download.statusCode(), new String(download.body()));
            assertEquals("application/zip", download.headers().firstValue("Content-Type").orElse(""));
            assertEquals("attachment; filename=\"" + series.getFileName() + ".zip\"",
                    download.headers().firstValue("Content-Disposition").orElse(""));
            Map<String, byte[]> zipped = new java.util.TreeMap<>();
            try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(download.body()))) {
                for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    zipped.put(e.getName(), zip.readAllBytes());
                }
            }
            assertEquals(local.keySet(), zipped.keySet(), "one slice file each, under the series' folder");
            assertEquals(3, zipped.size());
            local.forEach((name, bytes) -> assertArrayEquals(bytes, zipped.get(name), name));
        }
    }

    private static Map<String, String> worker(String name, String bucket, Path stores, String ledger, int httpPort) {
        Map<String, String> m = s3Settings();
        m.put("relay.worker", name);
        m.put("relay.exports", "s3://" + bucket + "/relay/exports");
        m.put("relay.stores", stores.toString());
        m.put("relay.ledger.url", ledger);
        if (httpPort > 0) {
            m.put("relay.http.port", String.valueOf(httpPort));
        }
        return m;
    }
}
