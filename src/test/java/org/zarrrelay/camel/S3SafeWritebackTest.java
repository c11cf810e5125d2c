package org.zarrrelay.camel;

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
import org.zarrrelay.testing.S3TestServer;
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
class S3SafeWritebackTest extends SafeWritebackContract {
    private static final String BUCKET = "safe";
    static S3TestServer s3;
    private static final String STORE = "lab/img.zarr";
    private static final int[] WHOLE = {20, 30, 40};

    @TempDir
    static Path local;
    static RelayHarness h;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start();
        s3.createBucket(BUCKET);
        makeArray(store());
        int port = ApiClient.freePort();
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("relay.s3.endpoint", s3.endpoint().toString());
        settings.put("relay.s3.region", S3TestServer.REGION);
        settings.put("relay.s3.path-style", "true");
        settings.put("relay.s3.access-key", S3TestServer.ACCESS_KEY);
        settings.put("relay.s3.secret-key", S3TestServer.SECRET_KEY);
        settings.put("relay.stores", local.resolve("data") + ",s3://" + BUCKET + "/lab");
        settings.put("relay.http.port", String.valueOf(port));
        h = new RelayHarness(local.resolve("data"), settings);
        api = new ApiClient(port, null);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        s3.close();
    }

    @Override
    RelayHarness h() {
        return h;
    }

    @Override
    Volume whole() {
        return ZarrArray.open(store(), "0").read(new long[3], WHOLE);
    }

    @Override
    Map<String, byte[]> image() {
        return imageObjects();
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
    void historyAndJournalLiveInTheStoresOwnPrefixOnS3() {
        Volume a = h.exportNpy("hu-a", "10:14,0:8,0:8");
        Volume b = h.exportNpy("hu-b", "10:14,0:8,0:8");
        RelayHarness.set(a, 0, 0, 0, 51001);
        RelayHarness.set(b, 3, 7, 7, 51003);
        h.giveBack("hu-a.npy", a);
        h.awaitState("hu-a", JobStatus.WRITTEN_BACK);
        h.giveBack("hu-b.npy", b);
        h.awaitState("hu-b", JobStatus.WRITTEN_BACK);
        h.request("undo-hu-a.json", "{\"undo\": \"hu-a\"}");
        h.awaitState("hu-a", JobStatus.UNDONE);

        HttpResponse<byte[]> r = api.get("/api/stores/img.zarr/history");
        assertEquals(200, r.statusCode(), new String(r.body()));
        List<String> seen = new ArrayList<>();
        String undoneTx = null;
        String undoTx = null;
        String undoes = null;
        for (JsonNode e : ApiClient.json(r).path("history")) {
            String job = e.path("job").asText();
            if (job.equals("hu-a") || job.equals("hu-b")) {
                seen.add(e.path("kind").asText() + " " + job + (e.path("undone").asBoolean() ? " (undone)" : ""));
            }
            if (job.equals("hu-a") && e.path("kind").asText().equals("write-back")) {
                undoneTx = e.path("transaction").asText();
            }
            if (job.equals("hu-a") && e.path("kind").asText().equals("undo")) {
                undoTx = e.path("transaction").asText();
                undoes = e.path("undoes").asText();
            }
        }
        assertEquals(List.of("undo hu-a", "write-back hu-b", "write-back hu-a (undone)"), seen, "newest first");
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
