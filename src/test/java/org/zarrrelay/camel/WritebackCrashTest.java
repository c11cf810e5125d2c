package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Levels;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.job.StatusStore;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;

/**
 * kill -9 at random moments of a write-back of a whole OME-Zarr level with its pyramid, in a child
 * JVM: the CLI's import and serve on a store on disk, and the CLI on a store on S3 (S3Proxy).
 * After each kill the next opener recovers the journal, and then every level is either exactly
 * what it was before or exactly what the finished write-back gives (a reference run of the engine
 * on a copy), no temporary file is left, the job's status agrees with the store, and the returned
 * file is not lost; a relay restarted after a kill finishes the job from the file left in returns/.
 */
class WritebackCrashTest {
    private static final int DEPTH = 128;
    private static final int SIDE = 128;
    /** Small chunks: a write-back of the level replaces ~580 chunks, so kills land between many steps. */
    private static final int CHUNK = 16;
    private static final Random RANDOM = new Random(20261130);

    @TempDir
    Path dir;

    /** What one kill found. */
    private record Outcome(boolean newState, boolean exitedFirst) {
    }

    // ---- stores on disk ---------------------------------------------------------------------

    @Test
    void killedCliImportsAndRelaysLeaveEveryLevelAllOldOrAllNew() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        SampleImage.write(new FileSystemStore(data.resolve("img.zarr")), DEPTH, SIDE, SIDE, CHUNK);
        Map<String, String> settings = Map.of("relay.slab-mb", "1");
        calibrate(data, settings, "cal", () -> new FileSystemStore(data.resolve("img.zarr")));
        // rounds go on until enough kills landed during a write-back (a child may finish first)
        int[] counts = new int[3];
        for (int i = 0; counts[0] + counts[1] < 14 && i < 30; i++) {
            // every other round syncs the new chunks as a batch before the commit (relay.fsync)
            Map<String, String> round = Map.of("relay.slab-mb", "1", "relay.fsync", String.valueOf(i % 2 == 1));
            Outcome o = cliRound(data, round, "cli-" + i, () -> new FileSystemStore(data.resolve("img.zarr")));
            counts[o.exitedFirst() ? 2 : o.newState() ? 1 : 0]++;
        }
        int[] serveCounts = new int[3];
        for (int i = 0; serveCounts[0] + serveCounts[1] < 6 && i < 12; i++) {
            Outcome o = serveRound(data, "srv-" + i);
            serveCounts[o.exitedFirst() ? 2 : o.newState() ? 1 : 0]++;
        }
        System.out.printf("crash test on disk (a transaction took %d ms): CLI import killed %d times (rolled back %d, committed %d), finished before"
                + " the kill %d; serve killed %d times (rolled back %d, committed %d), finished before the kill %d%n",
                txMillis, counts[0] + counts[1], counts[0], counts[1], counts[2], serveCounts[0] + serveCounts[1], serveCounts[0],
                serveCounts[1], serveCounts[2]);
        assertTrue(counts[0] + counts[1] + serveCounts[0] + serveCounts[1] >= 20,
                "at least 20 kills landed during a write-back: " + Arrays.toString(counts) + Arrays.toString(serveCounts));
        // which side of the commit a kill lands on is chance (the window after it is short): the state
        // a kill after the commit leaves is also built on purpose in CommittedButUnrecordedTest
    }

    // ---- a store on S3 ----------------------------------------------------------------------

    @Test
    void killedCliImportsOnAnS3StoreLeaveEveryLevelAllOldOrAllNew() throws Exception {
        try (S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("crash");
            Path data = dir.resolve("s3data");
            Files.createDirectories(data);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("relay.stores", "s3://crash/zarr");
            settings.put("relay.s3.endpoint", s3.endpoint().toString());
            settings.put("relay.s3.region", S3TestServer.REGION);
            settings.put("relay.s3.path-style", "true");
            settings.put("relay.s3.access-key", S3TestServer.ACCESS_KEY);
            settings.put("relay.s3.secret-key", S3TestServer.SECRET_KEY);
            settings.put("relay.slab-mb", "1");
            java.util.function.Supplier<Store> store = () -> new S3Store(s3.client(), S3Location.parse("s3://crash/zarr/img.zarr"));
            SampleImage.write(store.get(), DEPTH / 2, SIDE, SIDE, CHUNK);
            calibrate(data, settings, "s3-cal", store);
            int landed = 0;
            for (int i = 0; landed < 3 && i < 8; i++) {
                landed += cliRound(data, settings, "s3-" + i, store).exitedFirst() ? 0 : 1;
            }
            System.out.printf("crash test on S3: CLI import killed %d times during a write-back%n", landed);
            assertTrue(landed >= 3, "kills landed on S3: " + landed);
        }
    }

    // ---- one round: export, start the write-back in a child, kill it, recover, check ----------

    /** Runs one write-back to its end without killing it, to learn how long a transaction takes. */
    private void calibrate(Path data, Map<String, String> settings, String id, java.util.function.Supplier<Store> store)
            throws Exception {
        Path file = dir.resolve(id + "-result.npy");
        RelayHarness.writeNpy(file, exportAndProcess(data, settings, id, store.get()));
        int before = transactions(store.get());
        List<String> args = new ArrayList<>(List.of("import", "--job", id, "--in", file.toString(), "--data", data.toString()));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Process child = java(args, dir.resolve(id + ".log"));
        while (transactionsSeen(store.get()) <= before && child.isAlive()) {
            Thread.sleep(1);
        }
        long t0 = System.nanoTime();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        txMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, child.exitValue(), log(id));
    }

    private Outcome cliRound(Path data, Map<String, String> settings, String id, java.util.function.Supplier<Store> store)
            throws Exception {
        Volume result = exportAndProcess(data, settings, id, store.get());
        Path file = dir.resolve(id + "-result.npy");
        RelayHarness.writeNpy(file, result);
        State before = State.of(store.get());
        State after = reference(store.get(), file);
        int committedBefore = transactions(store.get());

        List<String> args = new ArrayList<>(List.of("import", "--job", id, "--in", file.toString(), "--data", data.toString()));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Process child = java(args, dir.resolve(id + ".log"));
        boolean exited = killSomewhere(child, store.get(), committedBefore);

        try (RelayContext ctx = RelayContext.forCli(settings(data, settings), null)) {
            // the next opener: locking the store recovers its journal
            ctx.roundTrip().withStore(ctx.roundTrip().storeOf(id), () -> null);
        }
        State now = State.of(store.get());
        boolean isNew = now.equals(after);
        assertTrue(isNew || now.equals(before), id + ": every level is all-old or all-new after recovery"
                + " (log: " + log(id) + ")");
        assertNoLeftovers(store.get(), id);
        JobStatus s = new StatusStore(data.resolve("status")).read(id);
        assertEquals(isNew ? JobStatus.WRITTEN_BACK : JobStatus.EXPORTED, s.state(), id + ": the status agrees: " + s);
        assertTrue(Files.exists(file), "the CLI's input file is never moved or lost");
        return new Outcome(isNew, exited);
    }

    private Outcome serveRound(Path data, String id) throws Exception {
        Store store = new FileSystemStore(data.resolve("img.zarr"));
        Volume result = exportAndProcess(data, Map.of(), id, store);
        Path file = dir.resolve(id + "-result.npy");
        RelayHarness.writeNpy(file, result);
        State before = State.of(store);
        State after = reference(store, file);
        int committedBefore = transactions(store);

        int port = ApiClient.freePort();
        Process relay = java(serveArgs(data, port), dir.resolve(id + ".log"));
        awaitHealthy(port, relay, id);
        RelayHarness.drop(data.resolve("returns"), id + "-processed.npy", Files.readAllBytes(file));
        boolean exited = killSomewhere(relay, store, committedBefore);

        try (RelayContext ctx = RelayContext.forCli(settings(data, Map.of()), null)) {
            ctx.roundTrip().withStore(ctx.roundTrip().storeOf(id), () -> null);
        }
        State now = State.of(store);
        boolean isNew = now.equals(after);
        assertTrue(isNew || now.equals(before), id + ": every level is all-old or all-new (log: " + log(id) + ")");
        assertNoLeftovers(store, id);
        JobStatus s = new StatusStore(data.resolve("status")).read(id);
        assertEquals(isNew ? JobStatus.WRITTEN_BACK : JobStatus.EXPORTED, s.state(), id + ": the status agrees: " + s);
        Path inReturns = data.resolve("returns").resolve(id + "-processed.npy");
        Path inArchive = data.resolve("archive").resolve(id + "-processed.npy");
        assertTrue(Files.exists(inReturns) || Files.exists(inArchive), id + ": the returned file is not lost");

        // a restarted relay takes the file again (or recognises it as written) and ends where it should
        relay = java(serveArgs(data, port), dir.resolve(id + "-restart.log"));
        try {
            long end = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < end && !(Files.exists(inArchive) && JobStatus.WRITTEN_BACK.equals(
                    new StatusStore(data.resolve("status")).read(id).state()))) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(inArchive), id + ": the returned file was archived after the restart");
            assertEquals(after, State.of(store), id + ": the restarted relay finished the write-back");
        } finally {
            relay.destroy();
            assertTrue(relay.waitFor(60, TimeUnit.SECONDS), "the relay stops on SIGTERM");
        }
        return new Outcome(isNew, exited);
    }

    /** Exports the whole of level 0 as job {@code id} (in this process) and returns the tool's result: every voxel + 1. */
    private Volume exportAndProcess(Path data, Map<String, String> settings, String id, Store store) {
        Path out = dir.resolve(id + ".npy");
        try (RelayContext ctx = RelayContext.forCli(settings(data, settings), null)) {
            Job job = ctx.roundTrip().exportTo(new RegionRequest(id, "img.zarr", "0", ":,:,:", Formats.byName("npy"), null,
                    null, WritebackOptions.NONE), out);
            assertEquals(id, job.id());
        }
        Volume v = NpyReader.read(out);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, (v.getLong(i) + 1) & 0xffff);
        }
        return v;
    }

    /** What the write-back gives when it runs to the end: the engine on a copy of the store, with its pyramid. */
    private static State reference(Store live, Path file) {
        Store copy = new MemoryStore();
        for (String key : live.list("")) {
            if (!StoreArea.isReserved(key)) {
                copy.put(key, live.get(key));
            }
        }
        ZarrArray level0 = ZarrArray.open(copy, "0");
        long[] shape = level0.metadata().shape();
        Region region = Region.of(new long[shape.length], Arrays.stream(shape).mapToInt(l -> (int) l).toArray());
        try (VolumeReader r = new NpyFormat().open(file)) {
            new WritebackService(1 << 20, org.zarrrelay.ome.Downsampling.MEAN)
                    .write(level0, region, r, "reference", Casts.Mode.LOSSLESS, Levels.FROM_FINEST, (d, t) -> { });
        }
        return State.of(copy);
    }

    /** How long a transaction took from its folder appearing to its commit record, in the last uninterrupted one (ms). */
    private long txMillis = 300;

    /**
     * Kills the child at a random moment of its transaction: a random delay, up to as long as a
     * whole transaction takes, after the transaction's folder appeared in the journal
     * (one in eight right away, before it could write anything); a child that finished first
     * halves that delay for the next rounds. True when the child had exited before the kill.
     */
    private boolean killSomewhere(Process child, Store store, int committedBefore) throws Exception {
        long start = System.nanoTime();
        while (transactionsSeen(store) <= committedBefore && child.isAlive()
                && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(1);
        }
        if (RANDOM.nextInt(8) != 0) {
            Thread.sleep(RANDOM.nextInt((int) Math.max(1, txMillis)));
        }
        boolean exited = !child.isAlive();
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
        if (exited) {
            // transactions got faster than the calibration found (the machine's load changed): aim earlier
            txMillis = Math.max(1, txMillis / 2);
        }
        return exited;
    }

    private static int transactions(Store store) {
        return store.children(".zarr-relay/tx").size();
    }

    /** Transactions in the journal, committed or not (a child's new one counts as soon as its folder exists). */
    private static int transactionsSeen(Store store) {
        try {
            return transactions(store);
        } catch (RuntimeException e) {
            return 0;  // listing while the child writes: try again
        }
    }

    /** No temporary chunk file anywhere, and every transaction left in the journal is committed. */
    private static void assertNoLeftovers(Store store, String id) {
        for (String key : store.list("")) {
            assertTrue(!key.contains(FileSystemStore.TEMP_PREFIX), id + ": temporary file left: " + key);
        }
        for (String tx : store.children(".zarr-relay/tx")) {
            assertTrue(store.exists(".zarr-relay/tx/" + tx + "/commit.json"), id + ": unfinished transaction left: " + tx);
        }
    }

    private static RelaySettings settings(Path data, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>(extra);
        s.put("relay.data", data.toString());
        return RelaySettings.load(null, Map.of(), s);
    }

    private static List<String> serveArgs(Path data, int port) {
        return List.of("serve", "--data", data.toString(), "--set", "relay.sample=false", "--set", "relay.poll-delay-ms=50",
                "--set", "relay.read-lock-min-age-ms=100", "--set", "relay.slab-mb=1", "--set", "relay.http.port=" + port);
    }

    private static Process java(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.zarrrelay.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitHealthy(int port, Process relay, String id) throws Exception {
        ApiClient api = new ApiClient(port, null);
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            if (!relay.isAlive()) {
                fail(id + ": the relay exited at start");
            }
            try {
                if (api.get("/health").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        fail(id + ": the relay did not start in 60 s");
    }

    private String log(String id) {
        try {
            return Files.readString(dir.resolve(id + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Every array of a store (its levels), voxel for voxel. */
    private record State(Map<String, byte[]> arrays) {
        static State of(Store store) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            Multiscales ms = Multiscales.read(store, "");
            for (int l = 0; l < ms.levels().size(); l++) {
                ZarrArray a = ZarrArray.open(store, ms.fullPath(l));
                long[] shape = a.metadata().shape();
                out.put(ms.fullPath(l), a.read(new long[shape.length], Arrays.stream(shape).mapToInt(x -> (int) x).toArray())
                        .data());
            }
            return new State(out);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof State s) || !s.arrays.keySet().equals(arrays.keySet())) {
                return false;
            }
            return arrays.keySet().stream().allMatch(k -> Arrays.equals(arrays.get(k), s.arrays.get(k)));
        }

        @Override
        public int hashCode() {
            return arrays.keySet().hashCode();
        }
    }

    /** A store in memory, for the reference run. */
    private static final class MemoryStore implements Store {
        private final java.util.concurrent.ConcurrentSkipListMap<String, byte[]> values = new java.util.concurrent.ConcurrentSkipListMap<>();

        @Override
        public byte[] get(String key) {
            return values.get(key);
        }

        @Override
        public byte[] getRange(String key, long offset, int length) {
            byte[] v = values.get(key);
            return v == null ? null : Arrays.copyOfRange(v, (int) offset, (int) offset + length);
        }

        @Override
        public byte[] getSuffix(String key, int length) {
            byte[] v = values.get(key);
            return v == null ? null : Arrays.copyOfRange(v, v.length - length, v.length);
        }

        @Override
        public void put(String key, byte[] value) {
            values.put(key, value.clone());
        }

        @Override
        public void delete(String key) {
            values.remove(key);
        }

        @Override
        public boolean exists(String key) {
            return values.containsKey(key);
        }

        @Override
        public List<String> list(String prefix) {
            return values.keySet().stream().filter(k -> prefix.isEmpty() || k.startsWith(prefix + "/")).toList();
        }

        @Override
        public String fingerprint(String key) {
            byte[] v = values.get(key);
            return v == null ? null : FileSystemStore.fingerprintOf(v);
        }

        @Override
        public String snapshot(String key, String copyKey) {
            byte[] v = values.get(key);
            if (v == null) {
                values.remove(copyKey);
                return null;
            }
            values.put(copyKey, v);
            return fingerprint(copyKey);
        }

        @Override
        public String putIf(String key, byte[] value, String expected) {
            put(key, value);
            return fingerprint(key);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }
}
