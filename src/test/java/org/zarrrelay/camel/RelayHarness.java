package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.StatusStore;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * A real relay (Camel Main with the project's YAML routes) on a temporary data folder, with fast
 * polling, plus the small helpers route tests need: drop a file the way a user would, wait for a
 * job state, fingerprint a store.
 */
final class RelayHarness implements AutoCloseable {
    final Path data;
    final RelayService relay;
    final DataFolders folders;
    final StatusStore status;

    RelayHarness(Path data, Map<String, String> extra) throws Exception {
        this.data = data;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data", data.toString());
        settings.put("relay.sample", "false");
        settings.put("relay.poll-delay-ms", "50");
        settings.put("relay.read-lock-min-age-ms", "200");
        settings.putAll(extra);
        relay = new RelayService(RelaySettings.load(null, Map.of(), settings));
        folders = relay.folders();
        status = new StatusStore(folders.status());
        relay.start();
    }

    RelayHarness(Path data) throws Exception {
        this(data, Map.of());
    }

    /** A v3 uint16 array "img.zarr" (array "0") of shape 20x30x40, chunks 8^3, blosc, random content. */
    ZarrArray makeStore(String name, DataType dtype) {
        return makeStore(data, name, dtype);
    }

    /** The same store under another folder (a store root shared by several relays). */
    static ZarrArray makeStore(Path root, String name, DataType dtype) {
        ZarrArray a = ZarrArray.create(new FileSystemStore(root.resolve(name)), "0",
                NewArray.of(3, new long[] {20, 30, 40}, new int[] {8, 8, 8}, dtype, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(dtype, 20, 30, 40);
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, rnd.nextInt(200));
        }
        a.write(new long[3], v);
        return a;
    }

    /** Writes a volume as a .npy file, as a script returning a result would. */
    static void writeNpy(Path file, Volume v) {
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (org.zarrrelay.format.VolumeWriter w = new org.zarrrelay.format.npy.NpyFormat()
                .create(file, v.dtype(), shape, org.zarrrelay.format.FileInfo.NONE)) {
            w.writeSlab(v);
            w.commit();
        }
    }

    /** Writes a file into a folder as an editor would: under a hidden temporary name, then renamed. */
    static void drop(Path folder, String name, byte[] content) {
        try {
            Path temp = folder.resolve("." + name + ".part");
            Files.write(temp, content);
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void request(String name, String json) {
        drop(folders.inbox(), name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Exports the region of array "0" of store "img.zarr" as npy job {@code id} and returns the exported voxels. */
    Volume exportNpy(String id, String region) {
        request(id + ".json", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \""
                + region + "\", \"format\": \"npy\"}");
        awaitState(id, JobStatus.EXPORTED);
        return org.zarrrelay.format.npy.NpyReader.read(folders.exports().resolve(id + ".npy"));
    }

    /** Returns a result as a tool would: saved elsewhere first, then dropped into returns/ as {@code name}. */
    void giveBack(String name, Volume v) {
        Path p = data.resolveSibling(data.getFileName() + "-tmp-" + name);
        writeNpy(p, v);
        returnFile(name, p);
    }

    /** Sets one voxel of a volume (z, y, x inside it). */
    static void set(Volume v, int z, int y, int x, long value) {
        v.setLong(v.index(z, y, x), value);
    }

    void returnFile(String name, Path source) {
        try {
            drop(folders.returns(), name, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the job's status has the given state. */
    JobStatus awaitState(String id, String state) {
        return awaitStatus(id, s -> state.equals(s.state()), "reach state " + state);
    }

    /** Waits until the job's status message contains {@code text} (the status is the last thing written). */
    JobStatus awaitMessage(String id, String text) {
        return awaitStatus(id, s -> s.message() != null && s.message().contains(text), "mention '" + text + "'");
    }

    /** Waits until the job's status satisfies {@code wanted} ({@code what} says what was awaited, for the failure). */
    JobStatus awaitStatus(String id, java.util.function.Predicate<JobStatus> wanted, String what) {
        long end = System.currentTimeMillis() + 20_000;
        JobStatus last = null;
        while (System.currentTimeMillis() < end) {
            try {
                last = status.read(id);
            } catch (UncheckedIOException e) {
                last = null;  // being replaced right now
            }
            if (last != null && wanted.test(last)) {
                return last;
            }
            sleep(50);
        }
        return fail("job " + id + " did not " + what + " in 20 s; last status: " + last);
    }

    /** Waits until the shared ledger, which every relay sharing it writes, has the job in {@code state}. */
    static JobStatus awaitInLedger(RelayHarness h, String id, String state) {
        long end = System.currentTimeMillis() + 30_000;
        JobStatus last = null;
        while (System.currentTimeMillis() < end) {
            last = h.relay.jobs().find(id);
            if (last != null && state.equals(last.state())) {
                return last;
            }
            sleep(50);
        }
        return fail("job " + id + " did not reach " + state + " in the ledger in 30 s; last: " + last);
    }

    /** Waits until the file appears. */
    static Path await(Path file) {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            if (Files.exists(file)) {
                return file;
            }
            sleep(50);
        }
        return fail(file + " did not appear in 20 s");
    }

    /** Waits until the file is gone: what a job removes after its last status is written. */
    static void awaitGone(Path file) {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            if (!Files.exists(file)) {
                return;
            }
            sleep(50);
        }
        fail(file + " was still there after 20 s");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every file of a store with its bytes, to show a store was not touched; the relay's own
     * reserved folder (lock, journal, merge bases) is left out: it is not part of the image.
     */
    static Map<String, byte[]> fingerprint(Path store) {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(store)) {
            walk.filter(Files::isRegularFile).filter(p -> !store.relativize(p).startsWith(StoreArea.ROOT)).forEach(p -> {
                try {
                    files.put(store.relativize(p).toString(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @Override
    public void close() throws Exception {
        relay.stop();
    }
}
