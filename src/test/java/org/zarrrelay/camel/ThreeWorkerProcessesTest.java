package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Three worker processes ({@code serve} JVMs) sharing a PostgreSQL ledger, an Artemis broker and
 * stores, inbox, exports and returns on S3Proxy take 60 queued requests on 6 arrays; results go
 * back through the S3 returns prefix, three of each array's ten as HTTP uploads to a worker that did not
 * export them; one worker is killed with SIGKILL once a third of the results went back. Every job
 * ends written back exactly once, each array's jobs were exported in queue order, every store
 * holds exactly the voxels the 60 results make, and equals what a single worker makes of the same
 * 60 requests and results (run after it, with nothing killed). It needs a PostgreSQL server, so it runs when
 * RELAY_TEST_POSTGRES_URL names one (.ci/run starts a throwaway cluster and sets it).
 */
@EnabledIfEnvironmentVariable(named = "RELAY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ThreeWorkerProcessesTest {
    private static final String URL = System.getenv("RELAY_TEST_POSTGRES_URL");
    private static final int ARRAYS = 6;
    private static final int JOBS_PER_ARRAY = 10;
    /** Short, so that an S3 return a killed worker had claimed is taken over within the test. */
    private static final int CLAIM_LEASE_SECONDS = 10;
    private static final int[] SHAPE = {32, 64, 64};
    private static final int[] CHUNKS = {16, 32, 32};

    @Test
    void sixtyJobsEndWrittenBackOnceInQueueOrderWithAWorkerKilled() throws Exception {
        long started = System.currentTimeMillis();
        // not a temporary folder: the workers' logs stay for a look after a failure
        Path dir = Path.of("target", "three-worker-processes").toAbsolutePath();
        if (Files.exists(dir)) {
            TempFiles.deleteTree(dir);
        }
        Files.createDirectories(dir);
        Map<String, Volume> stores = new LinkedHashMap<>();
        try (WorkerCluster cluster = new WorkerCluster(dir, URL, ARRAYS, SHAPE, CHUNKS)) {
            cluster.startWorkers(3, "384m", CLAIM_LEASE_SECONDS);
            long ready = System.currentTimeMillis();
            List<WorkerCluster.PlannedJob> jobs = cluster.plan(JOBS_PER_ARRAY);
            // array after array, the first half of each array's jobs now, the rest just before the kill,
            // so that exports run when it comes; the dispatchers of all three workers take them from one queue
            for (WorkerCluster.PlannedJob j : jobs) {
                if (j.k() < JOBS_PER_ARRAY / 2) {
                    cluster.send(j);
                }
            }
            AtomicReference<String> killed = new AtomicReference<>();
            Map<String, Object> atKill = new LinkedHashMap<>();
            WorkerCluster.Delivery d = cluster.deliver(jobs, dir.resolve("lab"), 3, returned -> {
                if (returned == jobs.size() / 3 && killed.get() == null) {
                    for (WorkerCluster.PlannedJob j : jobs) {
                        if (j.k() >= JOBS_PER_ARRAY / 2) {
                            send(cluster, j);
                        }
                    }
                    Map.Entry<String, Map<String, String>> inFlight = victim(cluster);
                    String victim = inFlight.getKey();
                    atKill.put("running", inFlight.getValue());
                    atKill.put("states", cluster.ledger.countByState());
                    cluster.worker(victim).kill();
                    killed.set(victim);
                }
            }, 180_000);
            long done = System.currentTimeMillis();
            String victim = killed.get();
            assertTrue(victim != null && !cluster.worker(victim).isAlive(), "a worker was killed");
            assertFalse(((Map<?, ?>) atKill.get("running")).isEmpty(), victim + " had jobs in flight when it was killed");
            System.out.println("three workers: started in " + (ready - started) + " ms, 60 jobs took " + (done - ready)
                    + " ms; killed " + victim + " with " + atKill + "; exported by " + count(d.exporter)
                    + "; HTTP returns to " + count(d.httpTo) + " (retried: " + d.httpRetries + ")");

            assertEquals(Map.of(JobStatus.WRITTEN_BACK, (long) jobs.size()), cluster.ledger.countByState(),
                    "every job ends written-back");
            assertEquals(List.of(), d.httpRefusals, "every HTTP return was taken");
            assertEquals(jobs.stream().filter(j -> j.k() % 3 == 1).count(), d.httpTo.size(), "k = 1, 4, 7 went back over HTTP");
            assertEquals(jobs.size() - d.httpTo.size(), d.viaS3.size(), "the others through the S3 returns prefix");
            d.httpTo.forEach((id, to) -> assertFalse(to.equals(d.exporter.get(id)), id + " went back to a worker that did not export it"));
            assertTrue(d.exporter.containsValue(victim), victim + " exported jobs before it was killed: " + d.exporter);

            ChildRelay alive = cluster.workers.stream().filter(ChildRelay::isAlive).findFirst().orElseThrow();
            Map<String, Volume> expected = cluster.expected(jobs);
            for (String store : cluster.initial.keySet()) {
                List<String> written = writtenBack(alive, store);
                List<String> ids = jobs.stream().filter(j -> j.store().equals(store)).map(WorkerCluster.PlannedJob::id).toList();
                assertEquals(ids.stream().sorted().toList(), written.stream().sorted().toList(),
                        store + ": each job written back exactly once, none undone (history, oldest first: " + written + ")");
                assertEquals(ids, exportOrder(cluster, ids), store + ": exported in queue order");
                Volume now = ZarrArray.open(cluster.store(store), "0").read(new long[3], cluster.shape);
                assertArrayEquals(expected.get(store).data(), now.data(), store + " holds every result's voxels and nothing else");
                stores.put(store, now);
            }
            assertEquals(List.of(), cluster.s3.keys(WorkerCluster.BUCKET, WorkerCluster.RETURNS), "every return was taken");
            assertEquals(List.of(), cluster.s3.keys(WorkerCluster.BUCKET, "relay/failed/"), "no return was refused");
            System.out.println("parked locally (redelivered requests): " + parked(cluster));
        }

        // the reference: the same 60 requests and results through one worker, nothing killed, nothing over HTTP
        // (the same database, emptied; its own broker and S3Proxy with the same initial stores)
        long referenceStarted = System.currentTimeMillis();
        Path one = dir.resolve("reference");
        try (WorkerCluster single = new WorkerCluster(one, URL, ARRAYS, SHAPE, CHUNKS)) {
            single.startWorkers(1, "384m", CLAIM_LEASE_SECONDS);
            List<WorkerCluster.PlannedJob> jobs = single.plan(JOBS_PER_ARRAY);
            for (WorkerCluster.PlannedJob j : jobs) {
                single.send(j);
            }
            single.deliver(jobs, one.resolve("lab"), 0, returned -> { }, 180_000);
            assertEquals(stores.keySet(), single.initial.keySet());
            for (String store : stores.keySet()) {
                Volume reference = ZarrArray.open(single.store(store), "0").read(new long[3], single.shape);
                assertArrayEquals(reference.data(), stores.get(store).data(),
                        store + ": the three workers' store equals the single worker's voxel for voxel");
            }
        }
        System.out.println("single-worker reference run: " + (System.currentTimeMillis() - referenceStarted) + " ms");
    }

    private static void send(WorkerCluster cluster, WorkerCluster.PlannedJob j) {
        try {
            cluster.send(j);
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + j.id() + " to the queue", e);
        }
    }

    /**
     * A worker with jobs in flight, and those jobs: exports (jobs it recorded as accepted) and
     * write-backs (jobs whose status it recorded with progress), waited for up to 5 s.
     */
    private static Map.Entry<String, Map<String, String>> victim(WorkerCluster cluster) {
        long end = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < end) {
            Map<String, Map<String, String>> running = new TreeMap<>();
            for (JobStatus s : cluster.ledger.list(null, 1000)) {
                if (s.worker() != null && (JobStatus.ACCEPTED.equals(s.state()) || s.progress() != null)) {
                    running.computeIfAbsent(s.worker().substring(0, s.worker().indexOf('/')), w -> new TreeMap<>())
                            .put(s.id(), s.progress() != null ? "writing back" : "exporting");
                }
            }
            if (!running.isEmpty()) {
                return running.entrySet().iterator().next();
            }
            RelayHarness.sleep(20);
        }
        throw new AssertionError("no worker had a job in flight for 5 s: " + cluster.ledger.countByState());
    }

    /** The jobs of the store's history that wrote back and were not undone, oldest first. */
    private static List<String> writtenBack(ChildRelay worker, String store) {
        var r = worker.api.get("/api/stores/" + store + "/history");
        assertEquals(200, r.statusCode(), WorkerCluster.text(r.body()));
        List<String> ids = new ArrayList<>();
        for (JsonNode e : ApiClient.json(r).path("history")) {
            assertEquals("write-back", e.path("kind").asText(), store + ": only write-backs");
            assertFalse(e.path("undone").asBoolean(), store + ": nothing undone");
            ids.add(0, e.path("job").asText());
        }
        return ids;
    }

    /** The jobs ordered by when their published export was made (the manifest's "created"). */
    private static List<String> exportOrder(WorkerCluster cluster, List<String> ids) {
        Map<OffsetDateTime, String> byTime = new TreeMap<>();
        for (String id : ids) {
            byte[] manifest = cluster.s3.getObject(WorkerCluster.BUCKET, WorkerCluster.EXPORTS + id + ".manifest.json");
            byTime.put(OffsetDateTime.parse(Json.parse(manifest, id).path("created").asText()), id);
        }
        return new ArrayList<>(byTime.values());
    }

    private static Map<String, Integer> count(Map<String, String> byJob) {
        Map<String, Integer> m = new TreeMap<>();
        byJob.values().forEach(w -> m.merge(w, 1, Integer::sum));
        return m;
    }

    private static Map<String, Long> parked(WorkerCluster cluster) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        for (String w : cluster.names) {
            Path failed = cluster.dir.resolve(w).resolve("failed");
            if (Files.isDirectory(failed)) {
                try (Stream<Path> files = Files.list(failed)) {
                    m.put(w, files.filter(f -> f.toString().endsWith(".error.txt")).count());
                }
            }
        }
        return m;
    }
}
