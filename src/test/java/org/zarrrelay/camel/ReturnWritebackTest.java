package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Processed files dropped into returns/ are matched to their job, checked against its manifest
 * and written back; voxels outside the region keep their values; refused files land in failed/.
 */
class ReturnWritebackTest {
    @TempDir
    static Path dir;
    static RelayHarness h;
    static final int[] WHOLE = {20, 30, 40};

    @BeforeAll
    static void start() throws Exception {
        h = new RelayHarness(dir.resolve("data"));
        h.makeStore("img.zarr", DataType.UINT16);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static ZarrArray array() {
        return ZarrArray.open(new FileSystemStore(dir.resolve("data/img.zarr")), "0");
    }

    /** Exports region 2:12,3:23,5:36 as job {@code id} and returns the exported voxels. */
    private static Volume export(String id, String extra) {
        h.request(id + ".json", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\","
                + " \"region\": \"2:12,3:23,5:36\", \"format\": \"npy\"" + extra + "}");
        h.awaitState(id, JobStatus.EXPORTED);
        return NpyReader.read(h.folders.exports().resolve(id + ".npy"));
    }

    private static Path save(String name, Volume v) {
        Path p = dir.resolve(name);
        NpyWriter.write(p, v);
        return p;
    }

    private static Volume plusOne(Volume v, DataType as) {
        Volume out = Volume.allocate(as, v.shape());
        for (int i = 0; i < v.elementCount(); i++) {
            out.setDouble(i, v.getDouble(i) + 1);
        }
        return out;
    }

    @Test
    void aResultNamedAfterItsJobIsWrittenBackAndNothingElseChanges() {
        Volume before = array().read(new long[3], WHOLE);
        Volume exported = export("wb-1", "");
        Volume result = plusOne(exported, DataType.UINT16);
        h.returnFile("wb-1_blur.npy", save("r1.npy", result));
        JobStatus s = h.awaitState("wb-1", JobStatus.WRITTEN_BACK);
        assertTrue(s.message().contains("wb-1_blur.npy"), s.message());
        Volume after = array().read(new long[3], WHOLE);
        BoxCopy.copy(result, new int[3], before, new int[] {2, 3, 5}, result.shape());
        assertArrayEquals(before.data(), after.data(), "inside: the result; outside: unchanged");
        assertTrue(Files.exists(h.folders.archive().resolve("wb-1_blur.npy")));
        assertFalse(Files.exists(h.folders.returns().resolve("wb-1_blur.npy")));
    }

    @Test
    void theLongestMatchingIdWins() {
        export("wb-2", "");
        Volume exported = export("wb-2-b", "");
        Volume result = plusOne(exported, DataType.UINT16);
        h.returnFile("wb-2-b-processed.npy", save("r2.npy", result));
        h.awaitState("wb-2-b", JobStatus.WRITTEN_BACK);
        assertEquals(JobStatus.EXPORTED, h.status.read("wb-2").state());
    }

    @Test
    void aNarrowerTypeIsRefusedUntilTheConversionIsAllowed() throws Exception {
        Volume exported = export("wb-3", "");
        Volume before = array().read(new long[3], WHOLE);
        Volume small = Volume.allocate(DataType.UINT8, exported.shape());
        for (int i = 0; i < small.elementCount(); i++) {
            small.setLong(i, i % 250);
        }
        h.returnFile("wb-3.npy", save("r3.npy", small));
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("wb-3.npy.error.txt")));
        assertTrue(text.contains("uint8") && text.contains("8-bit") && text.contains("\"cast\": \"lossless\""), text);
        assertArrayEquals(before.data(), array().read(new long[3], WHOLE).data(), "nothing was written");
        assertEquals(JobStatus.EXPORTED, h.awaitMessage("wb-3", "refused").state());

        // allowed with the return: a sidecar beside the file, written first
        Files.writeString(h.folders.returns().resolve("wb-3.npy.json"), "{\"cast\": \"lossless\"}");
        h.returnFile("wb-3.npy", save("r3.npy", small));
        h.awaitState("wb-3", JobStatus.WRITTEN_BACK);
        assertTrue(Files.exists(h.folders.archive().resolve("wb-3.npy.json")), "the sidecar went with its file");
        Volume back = array().read(new long[] {2, 3, 5}, exported.shape());
        for (int i = 0; i < small.elementCount(); i++) {
            assertEquals(i % 250, back.getLong(i));
        }
    }

    @Test
    void aLossyTypeIsRefusedUnlessTheRequestAllowsIt() throws Exception {
        Volume exported = export("wb-4", "");
        Volume asFloat = plusOne(exported, DataType.FLOAT32);
        asFloat.setDouble(0, 70000.7);
        h.returnFile("wb-4.npy", save("r4.npy", asFloat));
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("wb-4.npy.error.txt")));
        assertTrue(text.contains("float32") && text.contains("uint16") && text.contains("\"cast\""), text);
        assertEquals(JobStatus.EXPORTED, h.awaitMessage("wb-4", "refused").state());

        export("wb-5", ", \"cast\": \"round\"");
        h.returnFile("wb-5.npy", save("r5.npy", asFloat));
        h.awaitState("wb-5", JobStatus.WRITTEN_BACK);
        Volume back = array().read(new long[] {2, 3, 5}, exported.shape());
        assertEquals(65535, back.getLong(0), "clamped to the uint16 range");
        assertEquals((long) Math.rint(asFloat.getDouble(1)), back.getLong(1));
    }

    @Test
    void theWrongShapeIsRefusedWithExpectedAndFound() throws Exception {
        export("wb-6", "");
        Volume before = array().read(new long[3], WHOLE);
        h.returnFile("wb-6.npy", save("r6.npy", Volume.allocate(DataType.UINT16, 10, 20, 30)));
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("wb-6.npy.error.txt")));
        assertTrue(text.contains("[10, 20, 30]") && text.contains("[10, 20, 31]"), text);
        assertArrayEquals(before.data(), array().read(new long[3], WHOLE).data(), "the store is untouched");
    }

    @Test
    void aFileThatMatchesNoJobIsParked() throws Exception {
        h.returnFile("mystery.npy", save("r7.npy", Volume.allocate(DataType.UINT16, 2, 2, 2)));
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("mystery.npy.error.txt")));
        assertTrue(text.contains("matches no exported job"), text);
    }

    @Test
    void aCorruptFileIsParked() throws Exception {
        export("wb-8", "");
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "this is not numpy");
        h.returnFile("wb-8.npy", bad);
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("wb-8.npy.error.txt")));
        assertTrue(text.contains("wb-8.npy"), text);
        assertEquals(JobStatus.EXPORTED, h.awaitMessage("wb-8", "refused").state());
    }
}
