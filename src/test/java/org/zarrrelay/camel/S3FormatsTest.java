package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zarrrelay.format.FormatFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Exports and returns on S3 for the formats that are not one plain file: a DICOM series is
 * published as one object per slice under {@code exports/<id>/} and comes back as a zip object;
 * a NIfTI export keeps its two-part ending.
 */
class S3FormatsTest extends S3RelayTestBase {

    @Test
    void aDicomSeriesIsPublishedSliceBySliceAndReturnedAsAZip() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.inbox", "s3://" + bucket + "/relay/inbox");
        settings.put("relay.exports", "s3://" + bucket + "/relay/exports");
        settings.put("relay.returns", "s3://" + bucket + "/relay/returns");
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), settings)) {
            ZarrArray a = h.makeStore("img.zarr", DataType.UINT8);
            s3.putObject(bucket, "relay/inbox/d.json", ("{\"id\": \"dcm-s3\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"4:7,0:30,0:40\", \"format\": \"dicom\"}").getBytes(StandardCharsets.UTF_8));
            JobStatus exported = h.awaitState("dcm-s3", JobStatus.EXPORTED);
            assertEquals("s3://" + bucket + "/relay/exports/dcm-s3", exported.export());
            awaitKeys(bucket, "relay/exports/dcm-s3/", List.of("relay/exports/dcm-s3/IMG0001.dcm",
                    "relay/exports/dcm-s3/IMG0002.dcm", "relay/exports/dcm-s3/IMG0003.dcm"));
            assertNotNull(s3.getObject(bucket, "relay/exports/dcm-s3.manifest.json"));

            // the user downloads the slices, edits them, and uploads the series as one zip
            Path series = Files.createDirectories(dir.resolve("dcm-s3"));
            for (String key : s3.keys(bucket, "relay/exports/dcm-s3/")) {
                Files.write(series.resolve(key.substring(key.lastIndexOf('/') + 1)), s3.getObject(bucket, key));
            }
            Volume slices = FormatFiles.readAll(series);
            assertArrayEquals(a.read(new long[] {4, 0, 0}, new int[] {3, 30, 40}).data(), slices.data());
            Volume edited = Volume.allocate(DataType.UINT8, 3, 30, 40);
            for (int i = 0; i < edited.elementCount(); i++) {
                edited.setLong(i, 255 - slices.getLong(i));
            }
            Path out = FormatFiles.write(dir.resolve("edited"), "dicom", edited, FormatFiles.infoOf(series));
            Path zip = FormatFiles.zip(out, dir.resolve("dcm-s3-edited.zip"));
            s3.putObject(bucket, "relay/returns/dcm-s3-edited.zip", Files.readAllBytes(zip));
            h.awaitState("dcm-s3", JobStatus.WRITTEN_BACK);
            assertArrayEquals(edited.data(), a.read(new long[] {4, 0, 0}, new int[] {3, 30, 40}).data());
            awaitKeys(bucket, "relay/returns/", List.of());
        }
    }

    @Test
    void aNiftiExportKeepsItsEndingOnS3() throws Exception {
        String bucket = s3.uniqueName("lab");
        s3.createBucket(bucket);
        Map<String, String> settings = s3Settings();
        settings.put("relay.exports", "s3://" + bucket + "/exports");
        settings.put("relay.returns", "s3://" + bucket + "/returns");
        try (RelayHarness h = new RelayHarness(dir.resolve("data"), settings)) {
            ZarrArray a = h.makeStore("img.zarr", DataType.UINT16);
            h.request("n.json", "{\"id\": \"nii-s3\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:5,0:30,0:40\","
                    + " \"format\": \"nifti\"}");
            h.awaitState("nii-s3", JobStatus.EXPORTED);
            awaitKeys(bucket, "exports/", List.of("exports/nii-s3.manifest.json", "exports/nii-s3.nii.gz"));
            Path got = Files.write(dir.resolve("nii-s3.nii.gz"), s3.getObject(bucket, "exports/nii-s3.nii.gz"));
            Volume v = FormatFiles.readAll(got);
            for (int i = 0; i < v.elementCount(); i++) {
                v.setLong(i, v.getLong(i) * 2);
            }
            Path back = FormatFiles.write(dir.resolve("back.nii.gz"), "nifti", v, FormatFiles.infoOf(got));
            s3.putObject(bucket, "returns/nii-s3-doubled.nii.gz", Files.readAllBytes(back));
            h.awaitState("nii-s3", JobStatus.WRITTEN_BACK);
            assertArrayEquals(v.data(), a.read(new long[3], new int[] {5, 30, 40}).data());
        }
    }
}
