package org.zarrrelay.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.testing.CountingBlobStore;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;

/**
 * Worker processes as README "Running several workers" starts them: {@code serve} JVMs sharing one
 * PostgreSQL ledger, one Artemis broker (in this JVM, on a loopback TCP port), and stores, inbox,
 * exports and returns on S3 (S3Proxy in this JVM, counting requests). The stores are uint16 arrays
 * "a.zarr", "b.zarr", ... (array "0", random values below 1000) under {@code s3://lab/zarr}.
 * Used by ThreeWorkerProcessesTest and by bench/workers.sh (WorkersBench).
 */
final class WorkerCluster implements AutoCloseable {
    static final String BUCKET = "lab";
    static final String QUEUE = "zarr-relay.requests";
    static final String EXPORTS = "relay/exports/";
    static final String RETURNS = "relay/returns/";

    final Path dir;
    final String ledgerUrl;
    final int[] shape;
    final int[] chunks;
    final CountingBlobStore blobs;
    final S3TestServer s3;
    final EmbeddedBroker broker;
    final JdbcJobLedger ledger;
    /** Each store's voxels as created, by store name. */
    final Map<String, Volume> initial = new LinkedHashMap<>();
    final List<ChildRelay> workers = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    /** With S3Proxy keeping objects in memory. */
    WorkerCluster(Path dir, String ledgerUrl, int arrays, int[] shape, int[] chunks) throws Exception {
        this(dir, ledgerUrl, arrays, shape, chunks, false);
    }

    /** @param onDisk S3Proxy keeps its objects in files under {@code dir/s3} (for more than the heap holds) */
    WorkerCluster(Path dir, String ledgerUrl, int arrays, int[] shape, int[] chunks, boolean onDisk) throws Exception {
        this.dir = dir;
        this.blobs = new CountingBlobStore(onDisk
                ? new org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore(Files.createDirectories(dir.resolve("s3")).toString())
                : new org.gaul.s3proxy.nio2blob.TransientNio2BlobStore());
        this.ledgerUrl = ledgerUrl;
        this.shape = shape;
        this.chunks = chunks;
        emptyLedger(ledgerUrl);
        s3 = S3TestServer.start(blobs);
        s3.createBucket(BUCKET);
        broker = new EmbeddedBroker();
        ledger = new JdbcJobLedger(ledgerUrl, "relay", "relay");
        for (int i = 0; i < arrays; i++) {
            String name = (char) ('a' + i) + ".zarr";
            ZarrArray a = ZarrArray.create(store(name), "0", NewArray.of(3, new long[] {shape[0], shape[1], shape[2]}, chunks,
                    DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
            Volume v = Volume.allocate(DataType.UINT16, shape);
            Random rnd = new Random(name.hashCode());
            for (int j = 0; j < v.elementCount(); j++) {
                v.setLong(j, rnd.nextInt(1000));
            }
            a.write(new long[3], v);
            // a group at the store's top, as zarr-python writes one: what tells a store apart on S3
            s3.putObject(BUCKET, "zarr/" + name + "/zarr.json",
                    "{\"zarr_format\": 3, \"node_type\": \"group\", \"attributes\": {}}".getBytes(StandardCharsets.UTF_8));
            initial.put(name, v);
        }
    }

    S3Store store(String name) {
        return new S3Store(s3.client(), S3Location.parse("s3://" + BUCKET + "/zarr/" + name));
    }

    /** The settings of README "Running several workers", pointed at this cluster's broker, ledger and S3. */
    Map<String, String> settings(String worker, int claimLeaseSeconds) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("relay.worker", worker);
        m.put("relay.ledger.url", ledgerUrl);
        m.put("relay.ledger.user", "relay");
        m.put("relay.ledger.password", "relay");
        m.put("relay.jms.url", broker.url);
        m.put("relay.stores", "s3://" + BUCKET + "/zarr");
        m.put("relay.inbox", "s3://" + BUCKET + "/relay/inbox");
        m.put("relay.exports", "s3://" + BUCKET + "/relay/exports");
        m.put("relay.returns", "s3://" + BUCKET + "/relay/returns");
        m.put("relay.s3.endpoint", s3.endpoint().toString());
        m.put("relay.s3.region", S3TestServer.REGION);
        m.put("relay.s3.path-style", "true");
        m.put("relay.s3.access-key", S3TestServer.ACCESS_KEY);
        m.put("relay.s3.secret-key", S3TestServer.SECRET_KEY);
        m.put("relay.s3.claim-lease-seconds", String.valueOf(claimLeaseSeconds));
        m.put("relay.poll-delay-ms", "250");
        return m;
    }

    /** Starts {@code n} workers w1..wn at once, each in its own JVM, and waits until every one answers /health. */
    void startWorkers(int n, String maxHeap, int claimLeaseSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<ChildRelay>> started = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String name = "w" + i;
                Map<String, String> settings = settings(name, claimLeaseSeconds);
                started.add(pool.submit(() -> ChildRelay.start(Files.createDirectories(dir.resolve(name)), maxHeap, settings)));
                names.add(name);
            }
            for (Future<ChildRelay> f : started) {
                workers.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The worker called {@code name} ("w2"). */
    ChildRelay worker(String name) {
        return workers.get(names.indexOf(name));
    }

    /** A job of the plan: the k-th request on store {@code store} (its index among the stores {@code s}). */
    record PlannedJob(String id, String store, int s, int k, int jobsPerArray, int[] offset, int[] size) {
        String request() {
            return "{\"id\": \"" + id + "\", \"store\": \"" + store + "\", \"array\": \"0\", \"region\": \"" + offset[0] + ":"
                    + (offset[0] + size[0]) + "," + offset[1] + ":" + (offset[1] + size[1]) + "," + offset[2] + ":"
                    + (offset[2] + size[2]) + "\", \"format\": \"npy\"}";
        }

        /** What processing makes of voxel (z, y, x) of the array: its own value, or this job's mark. */
        boolean marks(int z, int y, int x) {
            return (z + y + x) % jobsPerArray == k;
        }

        long mark() {
            return 1000 + 100L * s + k;
        }

        /**
         * The processed result of the exported region: every voxel of this job's residue class
         * ({@link #marks}) set to its mark, the others left as exported. The classes of one array's
         * jobs are disjoint while their regions overlap, so every result merges into the store
         * whatever was written back since its export, and the store ends the same in any order.
         */
        void process(Volume v) {
            for (int z = 0; z < size[0]; z++) {
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[2]; x++) {
                        if (marks(offset[0] + z, offset[1] + y, offset[2] + x)) {
                            v.setLong(v.index(z, y, x), mark());
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code jobsPerArray} requests per store, in queue order: on each store, regions half the
     * array's height along y, each the previous one moved down, so consecutive regions overlap.
     */
    List<PlannedJob> plan(int jobsPerArray) {
        List<PlannedJob> jobs = new ArrayList<>();
        int height = shape[1] / 2;
        int step = Math.max(1, (shape[1] - height) / jobsPerArray);
        int s = 0;
        for (String store : initial.keySet()) {
            for (int k = 0; k < jobsPerArray; k++) {
                jobs.add(new PlannedJob(store.charAt(0) + "-" + k, store, s, k, jobsPerArray, new int[] {0, k * step, 0},
                        new int[] {shape[0], height, shape[2]}));
            }
            s++;
        }
        return jobs;
    }

    /** What every store holds once all {@code jobs} are written back: its initial voxels with every job's marks. */
    Map<String, Volume> expected(List<PlannedJob> jobs) {
        Map<String, Volume> out = new LinkedHashMap<>();
        initial.forEach((name, v) -> out.put(name, new Volume(v.dtype(), v.shape(), v.data().clone())));
        for (PlannedJob j : jobs) {
            Volume v = out.get(j.store());
            for (int z = j.offset()[0]; z < j.offset()[0] + j.size()[0]; z++) {
                for (int y = j.offset()[1]; y < j.offset()[1] + j.size()[1]; y++) {
                    for (int x = j.offset()[2]; x < j.offset()[2] + j.size()[2]; x++) {
                        if (j.marks(z, y, x)) {
                            v.setLong(v.index(z, y, x), j.mark());
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The export of a job as published on the S3 exports prefix, processed, as a .npy file under {@code folder}. */
    Path processedResult(PlannedJob j, Path folder) {
        try {
            Path exported = folder.resolve(j.id() + ".npy");
            Files.write(exported, s3.getObject(BUCKET, EXPORTS + j.id() + ".npy"));
            Volume v = NpyReader.read(exported);
            j.process(v);
            Path result = folder.resolve(j.id() + "-done.npy");
            RelayHarness.writeNpy(result, v);
            Files.delete(exported);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(PlannedJob j) throws Exception {
        broker.send(QUEUE, j.request());
    }

    void putReturn(PlannedJob j, Path result) {
        try {
            s3.putObject(BUCKET, RETURNS + result.getFileName(), Files.readAllBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #deliver} did: which worker exported each job, how each result went back. */
    static final class Delivery {
        final Map<String, String> exporter = new LinkedHashMap<>();
        final Map<String, String> httpTo = new LinkedHashMap<>();
        final List<String> viaS3 = new ArrayList<>();
        final List<String> httpRefusals = new ArrayList<>();
        final List<String> httpRetries = new ArrayList<>();
    }

    /**
     * Plays the lab's processing side until every job is written back: each job the ledger shows
     * exported is fetched from the S3 exports prefix, processed, and returned, by a PUT of
     * /api/jobs/{id}/return to a live worker that did not export it when {@code k % httpEvery == 1}
     * (httpEvery 0: never), else into the S3 returns prefix. {@code afterReturn} is told how many
     * results went back so far after each one.
     */
    Delivery deliver(List<PlannedJob> jobs, Path tmp, int httpEvery, java.util.function.IntConsumer afterReturn,
                     long timeoutMillis) throws IOException {
        Files.createDirectories(tmp);
        Map<String, PlannedJob> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        Delivery d = new Delivery();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (ledger.countByState().getOrDefault(org.zarrrelay.job.JobStatus.WRITTEN_BACK, 0L) < jobs.size()) {
            Map<String, Long> states = ledger.countByState();
            if (System.currentTimeMillis() > end || states.containsKey(org.zarrrelay.job.JobStatus.FAILED)
                    || states.containsKey(org.zarrrelay.job.JobStatus.CONFLICT)) {
                List<String> open = new ArrayList<>();
                for (PlannedJob j : jobs) {
                    var st = ledger.find(j.id());
                    if (st == null || !org.zarrrelay.job.JobStatus.WRITTEN_BACK.equals(st.state())) {
                        open.add(j.id() + "=" + (st == null ? "none" : st.state() + " (" + st.message() + ")"));
                    }
                }
                throw new AssertionError("not every job was written back (" + timeoutMillis / 1000 + " s at most): "
                        + states + "; open: " + open.subList(0, Math.min(8, open.size())));
            }
            boolean any = false;
            for (var st : ledger.list(org.zarrrelay.job.JobStatus.EXPORTED, 10_000)) {
                PlannedJob j = byId.get(st.id());
                if (j == null || d.exporter.containsKey(j.id())) {
                    continue;
                }
                String exporter = st.worker().substring(0, st.worker().indexOf('/'));
                d.exporter.put(j.id(), exporter);
                Path result = processedResult(j, tmp);
                if (httpEvery > 0 && j.k() % httpEvery == 1) {
                    putOverHttp(j, result, exporter, d);
                } else {
                    putReturn(j, result);
                    d.viaS3.add(j.id());
                }
                any = true;
                afterReturn.accept(d.exporter.size());
            }
            if (!any) {
                RelayHarness.sleep(100);
            }
        }
        return d;
    }

    /** PUT /api/jobs/{id}/return to a live worker other than the exporter; another one when it cannot be reached. */
    private void putOverHttp(PlannedJob j, Path result, String exporter, Delivery d) {
        for (int attempt = 0; attempt < 6; attempt++) {
            List<String> others = new ArrayList<>();
            for (String n : names) {
                if (!n.equals(exporter) && worker(n).isAlive()) {
                    others.add(n);
                }
            }
            if (others.isEmpty()) {
                names.stream().filter(n -> worker(n).isAlive()).forEach(others::add);
            }
            String to = others.get((j.k() + attempt) % others.size());
            try {
                var r = worker(to).api.put("/api/jobs/" + j.id() + "/return?filename=" + result.getFileName(), result);
                if (r.statusCode() == 200) {
                    d.httpTo.put(j.id(), to);
                    return;
                }
                if (r.statusCode() != 503) {
                    d.httpRefusals.add(j.id() + " -> " + to + ": " + r.statusCode() + " " + text(r.body()));
                    return;
                }
                d.httpRetries.add(j.id() + " -> " + to + ": 503 " + text(r.body()));
            } catch (UncheckedIOException e) {
                d.httpRetries.add(j.id() + " -> " + to + ": " + e.getCause());
            }
            RelayHarness.sleep(200);
        }
        d.httpRefusals.add(j.id() + ": no live worker took it in 6 attempts");
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void emptyLedger(String url) {
        try (var c = DriverManager.getConnection(url, "relay", "relay"); Statement st = c.createStatement()) {
            for (String table : List.of("relay_jobs", "relay_locks", "relay_inputs")) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database " + url + ": " + e.getMessage(), e);
        }
    }

    /** Stops the live workers as Ctrl-C would, then the broker and S3Proxy. */
    @Override
    public void close() throws Exception {
        for (ChildRelay w : workers) {
            w.close();
        }
        ledger.close();
        broker.close();
        s3.close();
    }
}
