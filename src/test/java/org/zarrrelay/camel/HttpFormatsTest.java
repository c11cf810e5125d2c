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
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.FormatFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * NIfTI and DICOM over HTTP: a NIfTI export downloads and its result uploads without a file name
 * (the export's ending, .nii.gz, says the format); a DICOM series downloads as a zip and comes
 * back as one; an upload named with no format's ending is refused before it is read.
 */
class HttpFormatsTest {
    @TempDir
    Path dir;

    private static String request(String id, String region, String format) {
        return "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"" + region
                + "\", \"format\": \"" + format + "\"}";
    }

    private static Volume changed(Volume v, int by) {
        Volume out = Volume.allocate(v.dtype(), v.shape());
        for (int i = 0; i < v.elementCount(); i++) {
            out.setLong(i, v.getLong(i) + by);
        }
        return out;
    }

    @Test
    void niftiAndADicomSeriesGoOutAndComeBackOverHttp() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            ZarrArray a = h.makeStore("img.zarr", DataType.UINT16);

            assertEquals(202, api.post("/api/requests", request("nii-1", "3:10,5:30,2:39", "nifti")).statusCode());
            api.awaitState("nii-1", JobStatus.EXPORTED);
            HttpResponse<byte[]> nii = api.get("/api/jobs/nii-1/export");
            assertEquals(200, nii.statusCode());
            Path got = Files.write(dir.resolve("got.nii.gz"), nii.body());
            Volume exported = FormatFiles.readAll(got);
            assertArrayEquals(a.read(new long[] {3, 5, 2}, new int[] {7, 25, 37}).data(), exported.data());
            Volume result = changed(exported, 1000);
            Path up = FormatFiles.write(dir.resolve("up.nii.gz"), "nifti", result, FormatFiles.infoOf(got));
            HttpResponse<byte[]> put = api.put("/api/jobs/nii-1/return", up);
            assertEquals(200, put.statusCode(), new String(put.body()));
            assertArrayEquals(result.data(), a.read(new long[] {3, 5, 2}, new int[] {7, 25, 37}).data());

            assertEquals(202, api.post("/api/requests", request("dcm-1", "12:16,0:30,0:40", "dicom")).statusCode());
            api.awaitState("dcm-1", JobStatus.EXPORTED);
            HttpResponse<byte[]> series = api.get("/api/jobs/dcm-1/export");
            assertEquals(200, series.statusCode());
            assertEquals("application/zip", series.headers().firstValue("Content-Type").orElse(""));
            assertTrue(series.headers().firstValue("Content-Disposition").orElse("").contains("dcm-1.zip"));
            Path zip = Files.write(dir.resolve("dcm-1.zip"), series.body());
            Volume slices = FormatFiles.readAll(zip);
            assertArrayEquals(a.read(new long[] {12, 0, 0}, new int[] {4, 30, 40}).data(), slices.data());

            Path txt = Files.writeString(dir.resolve("notes.txt"), "not an image");
            HttpResponse<byte[]> refused = api.put("/api/jobs/dcm-1/return?filename=notes.txt", txt);
            assertEquals(415, refused.statusCode());
            assertTrue(new String(refused.body()).contains("?filename="), new String(refused.body()));

            Volume edited = changed(slices, 7);
            Path folder = FormatFiles.write(dir.resolve("dcm-1-edited"), "dicom", edited, FormatFiles.infoOf(zip));
            Path upZip = FormatFiles.zip(folder, dir.resolve("edited.zip"));
            put = api.put("/api/jobs/dcm-1/return?filename=edited.zip", upZip);
            assertEquals(200, put.statusCode(), new String(put.body()));
            assertArrayEquals(edited.data(), a.read(new long[] {12, 0, 0}, new int[] {4, 30, 40}).data());
        }
    }

    @Test
    void aSeriesUploadedWithoutAFileNameIsTakenAsAZip() throws Exception {
        int port = ApiClient.freePort();
        ApiClient api = new ApiClient(port, null);
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), Map.of("relay.http.port", String.valueOf(port)))) {
            ZarrArray a = h.makeStore("img.zarr", DataType.INT16);
            api.post("/api/requests", request("dcm-2", "0:2,0:30,0:40", "dicom"));
            api.awaitState("dcm-2", JobStatus.EXPORTED);
            Path zip = Files.write(dir.resolve("got.zip"), api.get("/api/jobs/dcm-2/export").body());
            Volume edited = changed(FormatFiles.readAll(zip), -50);
            FileInfo info = FormatFiles.infoOf(zip);
            Path upZip = FormatFiles.zip(FormatFiles.write(dir.resolve("s"), "dicom", edited, info), dir.resolve("s.zip"));
            HttpResponse<byte[]> put = api.put("/api/jobs/dcm-2/return", upZip);
            assertEquals(200, put.statusCode(), new String(put.body()));
            assertArrayEquals(edited.data(), a.read(new long[] {0, 0, 0}, new int[] {2, 30, 40}).data());
        }
    }
}
