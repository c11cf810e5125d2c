package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.testing.OutsideWriter;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A tool outside the relay replaces a chunk of a write-back's region on S3 after the relay
 * snapshotted it and before the relay writes it: the server refuses the relay's conditional put,
 * the write-back is rolled back (every chunk the relay wrote is as before, the other tool's chunk
 * is kept), the journal holds nothing of it, and the returned file is parked with that reason.
 * Driven through {@link RoundTrip}, the path every trigger takes, with the relay's S3 client
 * carrying the outside writer.
 */
class OutsideWriterOnS3Test {
    private static final String BUCKET = "outside";
    private static final String STORE = "lab/img.zarr";
    /** The second of the two chunks the region covers, so the relay has written the first one already, or may have. */
    private static final String REPLACED = "0/c/0/0/1";
    private static final byte[] OUTSIDE = "bytes another tool wrote".getBytes(StandardCharsets.UTF_8);

    private static S3TestServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3TestServer.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void aChunkReplacedByAnotherToolMidWriteBackFailsItRollsItBackAndKeepsTheOtherToolsChunk() throws Exception {
        Store store = new S3Store(s3.client(), new S3Location(BUCKET, STORE));
        makeArray(store);
        OutsideWriter outside = new OutsideWriter(s3.client(), BUCKET, STORE + "/" + REPLACED, OUTSIDE);
        DataFolders folders = DataFolders.under(dir.resolve("data")).createAll();
        try (S3Client relayClient = s3.clientWith(outside);
             JdbcJobLedger ledger = new JdbcJobLedger(JdbcJobLedger.h2Url(dir.resolve("data")), "", "")) {
            RoundTrip relay = roundTrip(folders, relayClient, ledger);
            Path request = folders.inbox().resolve("e.json");
            Files.writeString(request, "{\"id\": \"e\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\":"
                    + " \"0:8,0:8,0:16\", \"format\": \"npy\"}");
            assertEquals(JobStatus.EXPORTED, relay.onRequest(request).state());
            Volume result = NpyReader.read(folders.exports().resolve("e.npy"));
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 1000 + i);
            }
            Map<String, byte[]> before = imageObjects(store);

            Path returned = folders.returns().resolve("e-done.npy");
            writeNpy(returned, result);
            JobStatus s = relay.onReturn(returned);

            assertTrue(outside.fired(), "the outside writer replaced " + REPLACED + " during the write-back");
            assertEquals(JobStatus.EXPORTED, s.state(), "the job can be returned again: " + s.message());
            String reason = Files.readString(folders.failed().resolve("e-done.npy.error.txt"));
            assertTrue(reason.contains("changed by another writer") && reason.contains(REPLACED), reason);
            assertTrue(s.message().contains("changed by another writer"), s.message());

            Map<String, byte[]> expected = new TreeMap<>(before);
            expected.put(REPLACED, OUTSIDE);
            Map<String, byte[]> now = imageObjects(store);
            assertEquals(expected.keySet(), now.keySet());
            expected.forEach((key, bytes) -> assertArrayEquals(bytes, now.get(key), key + ": nothing of the result, and"
                    + " the other tool's chunk is not overwritten by the rollback"));
            assertEquals(List.of(), store.list(StoreArea.ROOT + "/tx"), "the rolled-back transaction is gone");
            assertEquals(List.of(), Journal.of(store, ChunkExecutor.shared()).history());
        }
    }

    private static RoundTrip roundTrip(DataFolders folders, S3Client client, JdbcJobLedger ledger) {
        ChunkExecutor executor = new ChunkExecutor(4);
        ArrayOpener opener = new ArrayOpener(false, executor, client, executor);
        Jobs jobs = new Jobs(ledger, new StatusStore(folders.status()), JobListener.NONE, "test");
        StoreRoots roots = new StoreRoots(List.of(), List.of(S3Location.parse("s3://" + BUCKET + "/lab")), opener::store);
        return new RoundTrip(folders, roots, opener, new ExportService(ExportService.DEFAULT_SLAB_BYTES, opener),
                new WritebackService(), Cast.SAME, jobs, ExportPublisher.LOCAL, Duration.ofDays(7));
    }

    /** uint16 8x8x24 in chunks of 8^3, random values, under a root group (how an S3 store is recognised). */
    private static void makeArray(Store store) {
        store.put("zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\"}".getBytes(StandardCharsets.UTF_8));
        ZarrArray a = ZarrArray.create(store, "0", NewArray.of(3, new long[] {8, 8, 24}, new int[] {8, 8, 8},
                DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 8, 8, 24);
        Random rnd = new Random(7);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, rnd.nextInt(200));
        }
        a.write(new long[3], v);
    }

    private static Map<String, byte[]> imageObjects(Store store) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : store.list("")) {
            if (!StoreArea.isReserved(key)) {
                objects.put(key, store.get(key));
            }
        }
        return objects;
    }

    private static void writeNpy(Path file, Volume v) {
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = new NpyFormat().create(file, v.dtype(), shape, FileInfo.NONE)) {
            w.writeSlab(v);
            w.commit();
        }
    }
}
