package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;

/**
 * A manifest put into exports/ by hand, for a job id the ledger does not know and naming another
 * store, gives a returned file no way in: returns are matched against the job ledger, never
 * against manifest files, which anyone who can write the folder can edit or copy.
 */
class ForgedManifestTest {
    @TempDir
    Path dir;

    @Test
    void aReturnForAForgedManifestMatchesNoJob() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.makeStore("other.zarr", DataType.UINT16);
            h.request("real-1.json", "{\"id\": \"real-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:8,0:8,0:8\", \"format\": \"npy\"}");
            h.awaitState("real-1", JobStatus.EXPORTED);

            // a genuine manifest, copied under another job's name and pointed at the other store
            var forged = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                    Files.readAllBytes(h.folders.exports().resolve("real-1.manifest.json")), "the manifest");
            forged.put("id", "forged-1").put("store", "other.zarr").put("file", "forged-1.npy");
            Files.write(h.folders.exports().resolve("forged-1.manifest.json"), Json.bytes(forged));
            Files.copy(h.folders.exports().resolve("real-1.npy"), h.folders.exports().resolve("forged-1.npy"));
            Map<String, byte[]> other = RelayHarness.fingerprint(h.data.resolve("other.zarr"));
            Map<String, byte[]> img = RelayHarness.fingerprint(h.data.resolve("img.zarr"));

            Volume result = NpyReader.read(h.folders.exports().resolve("real-1.npy"));
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 4321);
            }
            Path file = dir.resolve("forged-1.npy");
            RelayHarness.writeNpy(file, result);
            h.returnFile("forged-1.npy", file);

            String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("forged-1.npy.error.txt")));
            assertTrue(reason.contains("forged-1.npy matches no exported job"), reason);
            assertNull(h.status.read("forged-1"), "no status for a job that does not exist");
            Fingerprints.assertSame(other, RelayHarness.fingerprint(h.data.resolve("other.zarr")), "the store the forgery named");
            Fingerprints.assertSame(img, RelayHarness.fingerprint(h.data.resolve("img.zarr")), "the genuine job's store");
        }
    }
}
