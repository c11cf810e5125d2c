package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.format.npy.HostileNpys;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.format.tiff.HostileTiffs;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The hostile inputs the readers were hardened against, sent through a real {@code serve} in a
 * JVM of its own with a 96 MB heap, one after the other: crafted TIFF and npy files returned under
 * the names of exported jobs (so the write-back reads them) and crafted requests. Each ends in
 * failed/ with a reason that names what is wrong, no store changes, the relay stays healthy, no
 * Error escapes, and a normal round trip still works after all of them. Before the readers were
 * hardened, the self-looping TIFF ran the relay out of memory and the nested npy header overflowed
 * its stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeHostileCorpusTest {
    private static final String TIFF_JOB = "hx-tif";
    private static final String NPY_JOB = "hx-npy";

    @TempDir
    static Path dir;
    static Path data;
    static Path corpus;
    static ChildRelay child;
    static Map<String, byte[]> store;
    static Map<String, byte[]> outside;

    /**
     * One hostile input: the folder it is dropped in, its name there, how to make it, what its
     * reason must say, and the job whose status tells: a request's own (failed), or the job a
     * returned file was meant for (still exported, so a good result can be returned).
     */
    record Case(String folder, String name, Maker maker, String reason, String job) {
        @Override
        public String toString() {
            return folder + "/" + name;
        }
    }

    interface Maker {
        Path make(Path file) throws IOException;
    }

    static Stream<Case> corpus() {
        String region = "\"array\": \"0\", \"region\": \"0:2,0:2,0:2\"";
        return Stream.of(
                new Case("returns", TIFF_JOB + "-self-loop.tif", f -> HostileTiffs.selfLoop(f),
                        "its image directory chain loops: directory 1 points back to byte 24", TIFF_JOB),
                new Case("returns", TIFF_JOB + "-two-cycle.tif", f -> HostileTiffs.twoCycle(f),
                        "its image directory chain loops: directory 2 points back to byte 24", TIFF_JOB),
                new Case("returns", TIFF_JOB + "-two-billion.tif", f -> HostileTiffs.imageJTwoBillionImages(f),
                        "its ImageJ description says images=2000000000", TIFF_JOB),
                new Case("returns", TIFF_JOB + "-65535-entries.tif", f -> HostileTiffs.entryCountPastTheEnd(f),
                        "its image directory 1 (65535 entries) at byte 8 (786426 bytes) reaches past the end of the file",
                        TIFF_JOB),
                new Case("returns", TIFF_JOB + "-strip-past-end.tif", f -> HostileTiffs.stripPastTheEnd(f),
                        "strip 1 of image directory 1 at byte 5000 (16 bytes) reaches past the end of the file", TIFF_JOB),
                new Case("returns", NPY_JOB + "-nested.npy", f -> HostileNpys.nested200000Deep(f),
                        "has a damaged npy header: brackets nest more than 32 deep", NPY_JOB),
                new Case("returns", NPY_JOB + "-petabyte.npy", f -> HostileNpys.lyingShape(f),
                        "is truncated: its header describes uint16 (1000000, 1000000, 1000)", NPY_JOB),
                new Case("returns", NPY_JOB + "-huge-header.npy", f -> HostileNpys.hugeHeaderLength(f),
                        "claims an npy header of 4294967295 bytes, more than the 1048576 zarr-relay accepts", NPY_JOB),
                new Case("returns", NPY_JOB + "-truncated.npy", f -> HostileNpys.truncated(f),
                        "is truncated: its header describes uint16 (3, 4)", NPY_JOB),
                new Case("returns", TIFF_JOB + "-empty.tif", f -> Files.write(f, new byte[0]),
                        "the file is empty (0 bytes)", TIFF_JOB),
                new Case("returns", NPY_JOB + "-empty.npy", f -> Files.write(f, new byte[0]),
                        "the file is empty (0 bytes)", NPY_JOB),
                new Case("returns", TIFF_JOB + "-text.tif", f -> Files.writeString(f, "Results of the blur macro:\n"
                        + "mean 12.5\n".repeat(50)), "is not a TIFF file (it does not start with II or MM)", TIFF_JOB),
                new Case("inbox", "deep.json", f -> Files.writeString(f, "{\"id\": \"deep\", \"store\": "
                        + "[".repeat(100_000) + "]".repeat(100_000) + "}"), "nesting depth", "failed-deep"),
                new Case("inbox", "empty.json", f -> Files.write(f, new byte[0]),
                        "the request is empty (0 bytes)", "failed-empty"),
                new Case("inbox", "dot-dot.json", f -> Files.writeString(f, "{\"id\": \"esc-dotdot\","
                        + " \"store\": \"../../etc\", " + region + "}"), "contains '..'", "esc-dotdot"),
                new Case("inbox", "absolute.json", f -> Files.writeString(f, "{\"id\": \"esc-absolute\","
                        + " \"store\": \"" + dir.resolve("outside.zarr").toAbsolutePath() + "\", " + region + "}"),
                        "is an absolute path", "esc-absolute"),
                new Case("inbox", "symlink.json", f -> Files.writeString(f, "{\"id\": \"esc-link\","
                        + " \"store\": \"link.zarr\", " + region + "}"), "leads outside its store root", "esc-link"));
    }

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        corpus = Files.createDirectories(dir.resolve("corpus"));
        RelayHarness.makeStore(data, "img.zarr", DataType.UINT16);
        // a real store outside the root, reachable by a link inside it
        RelayHarness.makeStore(dir, "outside.zarr", DataType.UINT16);
        Files.createSymbolicLink(data.resolve("link.zarr"), dir.resolve("outside.zarr"));
        child = ChildRelay.start(data, "96m");
        export(TIFF_JOB, "tiff");
        export(NPY_JOB, "npy");
        store = RelayHarness.fingerprint(data.resolve("img.zarr"));
        outside = RelayHarness.fingerprint(dir.resolve("outside.zarr"));
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
    }

    private static void drop(String folder, String name, byte[] bytes) {
        RelayHarness.drop(data.resolve(folder), name, bytes);
    }

    private static void export(String id, String format) {
        drop("inbox", id + ".json", ("{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\","
                + " \"region\": \"2:6,3:7,4:8\", \"format\": \"" + format + "\"}").getBytes(StandardCharsets.UTF_8));
        child.api.awaitState(id, JobStatus.EXPORTED);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileInputIsParkedWithItsReason(Case c) throws Exception {
        Path made = c.maker().make(corpus.resolve(c.name()));
        drop(c.folder(), c.name(), Files.readAllBytes(made));

        String reason = Files.readString(RelayHarness.await(data.resolve("failed").resolve(c.name() + ".error.txt")));
        assertTrue(reason.contains(c.reason()), "'" + c.reason() + "' in: " + reason);
        assertTrue(Files.exists(data.resolve("failed").resolve(c.name())), "the input itself is in failed/");
        assertFalse(Files.exists(data.resolve(c.folder()).resolve(c.name())), "and no longer in " + c.folder());
        if (c.folder().equals("inbox")) {
            JsonNode s = child.api.awaitState(c.job(), JobStatus.FAILED);
            assertTrue(s.path("message").asText().contains(c.reason()), s.toString());
        } else {
            JsonNode job = ApiClient.json(child.api.get("/api/jobs/" + c.job()));
            assertEquals(JobStatus.EXPORTED, job.path("state").asText(), "the job's export can still be returned: " + job);
        }

        Fingerprints.assertSame(store, RelayHarness.fingerprint(data.resolve("img.zarr")), "the store");
        Fingerprints.assertSame(outside, RelayHarness.fingerprint(dir.resolve("outside.zarr")), "the store outside the root");
        assertTrue(child.isAlive(), "serve is still running");
        HttpResponse<byte[]> health = child.health();
        assertEquals(200, health.statusCode(), new String(health.body(), StandardCharsets.UTF_8));
        assertEquals("UP", ApiClient.json(health).path("status").asText());
    }

    @Order(2)
    @Test
    void noErrorEscapedAndANormalRoundTripStillWorks() throws Exception {
        for (String error : List.of("OutOfMemoryError", "StackOverflowError", "Exception in thread")) {
            assertFalse(child.stderrText().contains(error), error + " in serve's stderr:\n" + child.stderrText());
        }

        export("hx-ok", "npy");
        Volume result = NpyReader.read(data.resolve("exports/hx-ok.npy"));
        for (int i = 0; i < result.elementCount(); i++) {
            result.setLong(i, 50_000 + i);
        }
        Path file = corpus.resolve("hx-ok-processed.npy");
        RelayHarness.writeNpy(file, result);
        drop("returns", "hx-ok-processed.npy", Files.readAllBytes(file));
        child.api.awaitState("hx-ok", JobStatus.WRITTEN_BACK);
        ZarrArray written = ZarrArray.open(new FileSystemStore(data.resolve("img.zarr")), "0");
        assertArrayEquals(result.data(), written.read(new long[] {2, 3, 4}, result.shape()).data());
        Fingerprints.assertSame(outside, RelayHarness.fingerprint(dir.resolve("outside.zarr")), "the store outside the root");
    }
}
