package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * Every kind of bad request ends in failed/ with a reason beside it and a failed status, and
 * never touches a store.
 */
class InboxBadRequestTest {
    @TempDir
    static Path dir;
    static RelayHarness h;
    static Map<String, byte[]> before;

    @BeforeAll
    static void start() throws Exception {
        h = new RelayHarness(dir.resolve("data"));
        h.makeStore("img.zarr", DataType.UINT16);
        Files.createDirectories(dir.resolve("outside.zarr"));
        Files.createSymbolicLink(dir.resolve("data").resolve("link.zarr"), dir.resolve("outside.zarr"));
        before = RelayHarness.fingerprint(dir.resolve("data/img.zarr"));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        malformed-json  | {"id": "a", "store": | not valid JSON
        not-an-object   | [1, 2, 3]                                                                              | must be a JSON object
        unknown-store   | {"id": "b", "store": "nope.zarr", "array": "0", "region": "0:1,0:1,0:1"}             | not found under any store root
        dot-dot         | {"id": "c", "store": "../outside.zarr", "array": "0", "region": "0:1,0:1,0:1"}       | contains '..'
        absolute        | {"id": "d", "store": "/etc", "array": "0", "region": "0:1,0:1,0:1"}                  | absolute path
        symlink-out     | {"id": "e", "store": "link.zarr", "array": "0", "region": "0:1,0:1,0:1"}             | symbolic link
        unknown-array   | {"id": "f", "store": "img.zarr", "array": "9", "region": "0:1,0:1,0:1"}              | arrays in this store: 0
        out-of-bounds   | {"id": "g", "store": "img.zarr", "array": "0", "region": "0:21,0:1,0:1"}             | outside 0:20
        empty-region    | {"id": "h", "store": "img.zarr", "array": "0", "region": "5:5,0:1,0:1"}              | empty
        wrong-rank      | {"id": "i", "store": "img.zarr", "array": "0", "region": "0:1,0:1"}                  | has 2 axes but the array has 3
        bad-format      | {"id": "j", "store": "img.zarr", "array": "0", "region": "0:1,0:1,0:1", "format": "gif"} | format 'gif' is not supported
        unsafe-id       | {"id": "../../x", "store": "img.zarr", "array": "0", "region": "0:1,0:1,0:1"}        | is not allowed
        no-region       | {"id": "k", "store": "img.zarr", "array": "0"}                                       | names no region
        unknown-field   | {"id": "l", "store": "img.zarr", "array": "0", "region": "0:1,0:1,0:1", "colour": 1} | unknown field 'colour'
        bad-cast        | {"id": "m", "store": "img.zarr", "array": "0", "region": "0:1,0:1,0:1", "cast": "wrap"} | "cast" in the request is 'wrap', which is not known
        """)
    void aBadRequestIsParkedWithItsReason(String name, String json, String reason) throws Exception {
        h.request(name + ".json", json);
        Path parked = RelayHarness.await(h.folders.failed().resolve(name + ".json.error.txt"));
        String text = Files.readString(parked);
        assertTrue(text.contains(reason), text);
        assertTrue(Files.exists(h.folders.failed().resolve(name + ".json")), "the request itself is in failed/");
        assertFalse(Files.exists(h.folders.inbox().resolve(name + ".json")));
        // the status is written just after the request is parked
        boolean found = false;
        for (int tries = 0; tries < 100 && !found; tries++) {
            try (var statuses = Files.list(h.folders.status())) {
                found = statuses.filter(p -> !p.getFileName().toString().startsWith(".")).anyMatch(p -> {
                    JobStatus s = h.status.read(p.getFileName().toString().replace(".json", ""));
                    return s != null && JobStatus.FAILED.equals(s.state()) && s.message().contains(reason);
                });
            }
            if (!found) {
                RelayHarness.sleep(50);
            }
        }
        assertTrue(found, "a failed status mentions: " + reason);
        Map<String, byte[]> after = RelayHarness.fingerprint(dir.resolve("data/img.zarr"));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        try (var exports = Files.list(h.folders.exports())) {
            assertTrue(exports.noneMatch(p -> p.getFileName().toString().startsWith(name)), "nothing exported");
        }
    }

    @Test
    void theSameRequestTwiceMakesOneJob() throws Exception {
        String json = "{\"id\": \"twice\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \"0:2,0:2,0:2\", \"format\": \"npy\"}";
        h.request("twice.json", json);
        h.awaitState("twice", JobStatus.EXPORTED);
        long modified = Files.getLastModifiedTime(h.folders.exports().resolve("twice.npy")).toMillis();
        h.request("twice.json", json);
        String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("twice.json.error.txt")));
        assertTrue(text.contains("already exists"), text);
        assertEquals(JobStatus.EXPORTED, h.status.read("twice").state());
        assertEquals(modified, Files.getLastModifiedTime(h.folders.exports().resolve("twice.npy")).toMillis());
        assertTrue(Files.exists(h.folders.archive().resolve("twice.json")));
    }
}
