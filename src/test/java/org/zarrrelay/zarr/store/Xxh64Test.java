package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.zarr.Json;

/**
 * Our XXH64 gives the reference implementation's hashes (vectors made by tools/fixtures/make_xxh64.py
 * with the xxhash package), whole or fed in stripes, and a file's fingerprint is that of its bytes.
 */
class Xxh64Test {
    @TempDir
    Path dir;

    private static byte[] input(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static JsonNode vectors() throws Exception {
        try (InputStream in = Xxh64Test.class.getResourceAsStream("/fixtures/xxh64/vectors.json")) {
            return Json.parse(in.readAllBytes(), "xxh64 vectors").get("vectors");
        }
    }

    @Test
    void theReferenceHashesWholeAndInStripes() throws Exception {
        int checked = 0;
        for (JsonNode v : vectors()) {
            byte[] data = input(v.get("length").asInt());
            String expected = v.get("xxh64").asText();
            assertEquals(expected, HexFormat.of().toHexDigits(Xxh64.of(data)), "length " + data.length);
            Xxh64 streamed = new Xxh64();
            int whole = data.length / 64 * 32;
            streamed.update(data, 0, whole);
            assertEquals(expected, HexFormat.of().toHexDigits(streamed.finish(data, whole, data.length - whole)),
                    "length " + data.length + " in two blocks");
            checked++;
        }
        assertEquals(22, checked);
    }

    @Test
    void aFilesFingerprintIsThatOfItsBytesAcrossReadBuffers() throws Exception {
        FileSystemStore store = new FileSystemStore(dir);
        for (int n : new int[] {0, 5, 65536, 65536 * 3 + 17}) {
            byte[] data = input(n);
            store.put("k" + n, data);
            assertEquals(FileSystemStore.fingerprintOf(data), store.fingerprint("k" + n));
            assertTrue(store.fingerprint("k" + n).startsWith("xxh64:") && store.fingerprint("k" + n).endsWith(":" + n));
        }
        assertNull(store.fingerprint("missing"));
        assertTrue(Files.exists(dir.resolve("k5")));
    }
}
