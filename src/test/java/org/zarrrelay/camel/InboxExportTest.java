package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Manifest;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/** A request dropped into the inbox becomes an export, a manifest and a status; the request is archived. */
class InboxExportTest {
    @TempDir
    Path dir;

    @Test
    void aRequestIsExportedWithItsManifest() throws Exception {
        try (RelayHarness h = new RelayHarness(dir)) {
            ZarrArray a = h.makeStore("img.zarr", DataType.UINT16);
            h.request("r1.json", "{\"id\": \"job-1\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"3:17,5:30,2:39\","
                    + " \"format\": \"npy\"}");
            JobStatus s = h.awaitState("job-1", JobStatus.EXPORTED);
            assertEquals("exports/job-1.npy", s.export());

            Path file = h.folders.exports().resolve("job-1.npy");
            Volume exported;
            try (VolumeReader r = new NpyFormat().open(file)) {
                assertArrayEquals(new long[] {14, 25, 37}, r.shape());
                exported = r.readSlab(0, 14);
            }
            Volume expected = a.read(new long[] {3, 5, 2}, new int[] {14, 25, 37});
            assertArrayEquals(expected.data(), exported.data());

            Manifest m = Manifest.read(h.folders.exports().resolve("job-1.manifest.json"));
            assertEquals("img.zarr", m.store());
            assertEquals("0", m.array());
            assertEquals("3:17,5:30,2:39", m.region());
            assertArrayEquals(new long[] {3, 5, 2}, m.offset());
            assertEquals("uint16", m.dtype());
            assertArrayEquals(new int[] {8, 8, 8}, m.chunks());
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(expected.data());
            assertEquals(String.format("%08x", crc.getValue()), m.crc32());
            assertTrue(m.created() != null && m.version() != null);

            assertTrue(Files.exists(h.folders.archive().resolve("r1.json")));
            assertFalse(Files.exists(h.folders.inbox().resolve("r1.json")));
        }
    }

    @Test
    void offsetAndShapeAreAcceptedAndAnIdIsGenerated() throws Exception {
        try (RelayHarness h = new RelayHarness(dir)) {
            h.makeStore("img.zarr", DataType.UINT8);
            h.request("noid.json", "{\"store\": \"img.zarr\", \"array\": \"0\", \"offset\": [1, 2, 3], \"shape\": [4, 5, 6],"
                    + " \"format\": \"npy\"}");
            RelayHarness.await(h.folders.archive().resolve("noid.json"));
            try (var files = Files.list(h.folders.exports())) {
                Path manifest = files.filter(p -> p.toString().endsWith(".manifest.json")).findFirst().orElseThrow();
                Manifest m = Manifest.read(manifest);
                assertEquals("1:5,2:7,3:9", m.region());
                assertEquals(JobStatus.EXPORTED, h.status.read(m.id()).state());
            }
        }
    }

    @Test
    void aRequestStillBeingWrittenOrUnderATempNameIsNotTaken() throws Exception {
        try (RelayHarness h = new RelayHarness(dir, java.util.Map.of("relay.read-lock-min-age-ms", "1500"))) {
            h.makeStore("img.zarr", DataType.UINT8);
            Path inbox = h.folders.inbox();
            Files.writeString(inbox.resolve(".hidden.json"), "{\"id\":\"h\",\"store\":\"img.zarr\",\"array\":\"0\",\"region\":\"0:1,0:1,0:1\"}");
            Files.writeString(inbox.resolve("x.json.part"), "{}");
            Path growing = inbox.resolve("grow.json");
            String json = "{\"id\": \"grow\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\", \"format\": \"npy\"}";
            // written in pieces, more slowly than the poll interval: a reader that did not wait would see broken JSON
            for (int i = 0; i < json.length(); i += 20) {
                Files.writeString(growing, json.substring(i, Math.min(json.length(), i + 20)),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                RelayHarness.sleep(150);
            }
            h.awaitState("grow", JobStatus.EXPORTED);
            RelayHarness.sleep(500);
            assertTrue(Files.exists(inbox.resolve(".hidden.json")));
            assertTrue(Files.exists(inbox.resolve("x.json.part")));
            assertFalse(h.status.exists("h"));
            try (var failed = Files.list(h.folders.failed())) {
                assertEquals(0, failed.count(), "nothing failed");
            }
        }
    }
}
