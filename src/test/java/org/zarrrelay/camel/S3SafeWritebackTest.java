package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;

/**
 * The safe write-back of {@link ConflictMergeTest} with the store on S3, through serve: a lost
 * update is refused, disjoint edits in one chunk are merged, an undo keeps a later edit, and the
 * journal and the history live in the store's own reserved prefix on S3.
 */
class S3SafeWritebackTest extends S3RelayTestBase {
    private static final String BUCKET = "safe";
    private static final String STORE = "lab/img.zarr";
    private static final int[] WHOLE = {20, 30, 40};

    @TempDir
    static Path local;
    static RelayHarness h;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        s3.createBucket(BUCKET);
        makeArray(store());
        int port = ApiClient.freePort();
        Map<String, String> settings = s3Settings();
        settings.put("relay.stores", local.resolve("data") + ",s3://" + BUCKET + "/lab");
        settings.put("relay.http.port", String.valueOf(port));
        h = new RelayHarness(local.resolve("data"), settings);
        api = new ApiClient(port, null);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static Store store() {
        return new S3Store(s3.client(), new S3Location(BUCKET, STORE));
    }

    /** As {@link RelayHarness#makeStore}: uint16 20x30x40 in chunks of 8^3, random values below 200. */
    private static void makeArray(Store store) {
        // an S3 store is recognised by metadata at its top (a local one also by arrays one level down)
        store.put("zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\"}".getBytes(StandardCharsets.UTF_8));
        ZarrArray a = ZarrArray.create(store, "0", NewArray.of(3, new long[] {20, 30, 40}, new int[] {8, 8, 8},
                DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, WHOLE);
        Random rnd = new Random(42);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, rnd.nextInt(200));
        }
        a.write(new long[3], v);
    }

    static Volume whole() {
        return ZarrArray.open(store(), "0").read(new long[3], WHOLE);
    }

    /** Every object of the image (the reserved area left out) with its bytes. */
    static Map<String, byte[]> imageObjects() {
        Map<String, byte[]> objects = new TreeMap<>();
        Store s = store();
        for (String key : s.list("")) {
            if (!StoreArea.isReserved(key)) {
                objects.put(key, s.get(key));
            }
        }
        return objects;
    }




    @Test
    void aLostUpdateIsRefusedWithTheConflictingVoxelsAndTheJobAndNothingIsWritten() throws Exception {
        Volume c1 = h.exportNpy("c1", "0:16,0:24,0:32");
        Volume c2 = h.exportNpy("c2", "4:8,4:8,4:8");
        for (int i = 0; i < c2.elementCount(); i++) {
            c2.setLong(i, c2.getLong(i) + 1000);
        }
        h.giveBack("c2-done.npy", c2);
        h.awaitState("c2", JobStatus.WRITTEN_BACK);
        Map<String, byte[]> afterC2 = imageObjects();
        for (int i = 0; i < c1.elementCount(); i++) {
            c1.setLong(i, c1.getLong(i) + 7);
        }
        h.giveBack("c1-done.npy", c1);
        JobStatus s = h.awaitState("c1", JobStatus.CONFLICT);
        String reason = Files.readString(RelayHarness.await(h.folders.failed().resolve("c1-done.npy.error.txt")));
        assertTrue(reason.contains("64 voxel(s)") && reason.contains("4:8,4:8,4:8") && reason.contains("job c2")
                && reason.contains("Nothing was written"), reason);
        assertTrue(s.message().contains("64 voxel(s)"), s.message());
        Map<String, byte[]> now = imageObjects();
        assertEquals(afterC2.keySet(), now.keySet());
        afterC2.forEach((key, bytes) -> assertArrayEquals(bytes, now.get(key), "object " + key + " is as c2 left it"));
    }

    @Test
    void disjointEditsOfTwoJobsInOneChunkAreBothKept() {
        Volume original = whole();
        Volume a = h.exportNpy("m-a", "8:16,8:16,8:16");
        Volume b = h.exportNpy("m-b", "8:16,8:16,8:16");
        RelayHarness.set(a, 1, 1, 1, 60001);
        RelayHarness.set(b, 6, 6, 6, 60003);
        h.giveBack("m-a.npy", a);
        h.awaitState("m-a", JobStatus.WRITTEN_BACK);
        h.giveBack("m-b.npy", b);
        JobStatus s = h.awaitState("m-b", JobStatus.WRITTEN_BACK);
        assertTrue(s.message().contains("1 voxel(s) changed in the store since the export were kept"), s.message());
        Volume expected = original;
        RelayHarness.set(expected, 9, 9, 9, 60001);
        RelayHarness.set(expected, 14, 14, 14, 60003);
        assertArrayEquals(expected.data(), whole().data(), "both edits, and nothing else, changed");
    }

    @Test
    void anUndoAfterALaterDisjointWriteBackKeepsTheLaterEditAndHistoryOnS3ShowsBoth() {
        Volume original = whole();
        Volume a = h.exportNpy("u-a", "0:8,16:24,24:32");
        Volume b = h.exportNpy("u-b", "0:8,16:24,24:32");
        RelayHarness.set(a, 0, 0, 0, 50001);
        RelayHarness.set(a, 5, 5, 5, 50002);
        RelayHarness.set(b, 7, 7, 7, 50003);
        h.giveBack("u-a.npy", a);
        h.awaitState("u-a", JobStatus.WRITTEN_BACK);
        h.giveBack("u-b.npy", b);
        h.awaitState("u-b", JobStatus.WRITTEN_BACK);

        h.request("undo-u-a.json", "{\"undo\": \"u-a\"}");
        JobStatus s = h.awaitState("u-a", JobStatus.UNDONE);
        assertTrue(s.message().contains("1 voxel(s) changed since by later jobs were kept"), s.message());
        Volume expected = original;
        RelayHarness.set(expected, 7, 23, 31, 50003);
        assertArrayEquals(expected.data(), whole().data(), "u-a's voxels are back, u-b's edit stays");

        HttpResponse<byte[]> r = api.get("/api/stores/img.zarr/history");
        assertEquals(200, r.statusCode(), new String(r.body()));
        List<String> seen = new ArrayList<>();
        String undoneTx = null;
        String undoTx = null;
        String undoes = null;
        for (JsonNode e : ApiClient.json(r).path("history")) {
            String job = e.path("job").asText();
            if (job.equals("u-a") || job.equals("u-b")) {
                seen.add(e.path("kind").asText() + " " + job + (e.path("undone").asBoolean() ? " (undone)" : ""));
            }
            if (job.equals("u-a") && e.path("kind").asText().equals("write-back")) {
                undoneTx = e.path("transaction").asText();
            }
            if (job.equals("u-a") && e.path("kind").asText().equals("undo")) {
                undoTx = e.path("transaction").asText();
                undoes = e.path("undoes").asText();
            }
        }
        assertEquals(List.of("undo u-a", "write-back u-b", "write-back u-a (undone)"), seen, "newest first");
        assertEquals(undoneTx, undoes);

        // the journal is in the store's own prefix on S3, nothing of it on the relay's disk
        List<String> journal = s3.keys(BUCKET, STORE + "/" + StoreArea.ROOT + "/tx/");
        for (String tx : new String[] {undoneTx, undoTx}) {
            String prefix = STORE + "/" + StoreArea.ROOT + "/tx/" + tx + "/";
            assertTrue(journal.contains(prefix + "commit.json") && journal.contains(prefix + "before/index.json")
                    && journal.contains(prefix + "after/index.json"), prefix + " in " + journal);
        }
        assertFalse(Files.exists(local.resolve("data").resolve(StoreArea.ROOT)));
        for (String key : s3.keys(BUCKET, STORE + "/" + StoreArea.ROOT + "/")) {
            assertFalse(key.contains("/probe-"), "the start-up probe left " + key);
        }
    }
}
