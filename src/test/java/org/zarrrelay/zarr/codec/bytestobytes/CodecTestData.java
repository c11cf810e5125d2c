package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecRegistry;

/** Chunks and helpers shared by the bytes-to-bytes codec tests. */
final class CodecTestData {
    static final String WHERE = "array 'raw/s0' of store 'test'";

    private CodecTestData() {
    }

    static CodecContext ctx(DataType dtype) {
        return new CodecContext(dtype, CodecRegistry.DEFAULT, WHERE);
    }

    static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8), "test JSON");
    }

    /**
     * The chunk tools/fixtures/codec_goldens.py encodes: uint16 little-endian, shape 4 x 4 x 8,
     * v[z, y, x] = 1000 + 100 z + 10 y + x.
     */
    static byte[] goldenChunk() {
        byte[] out = new byte[4 * 4 * 8 * 2];
        int i = 0;
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 8; x++) {
                    int v = 1000 + 100 * z + 10 * y + x;
                    out[i++] = (byte) v;
                    out[i++] = (byte) (v >>> 8);
                }
            }
        }
        return out;
    }

    /**
     * A 64^3 uint16 chunk (512 KiB) shaped like microscopy: a smooth background, a few bright
     * blobs and a little sensor noise, so that compressors have structure to find but cannot
     * shrink it to nothing.
     */
    static byte[] microscopyChunk() {
        int n = 64;
        Random noise = new Random(42);
        byte[] out = new byte[n * n * n * 2];
        int i = 0;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double background = 200 + 3 * z + 50 * Math.sin(x / 9.0) * Math.cos(y / 7.0);
                    double blob = 3000 * Math.exp(-((x - 20) * (x - 20) + (y - 40) * (y - 40) + (z - 30) * (z - 30)) / 60.0)
                            + 1500 * Math.exp(-((x - 50) * (x - 50) + (y - 10) * (y - 10) + (z - 12) * (z - 12)) / 25.0);
                    int v = (int) (background + blob) + noise.nextInt(8);
                    out[i++] = (byte) v;
                    out[i++] = (byte) (v >>> 8);
                }
            }
        }
        return out;
    }

    /** Encodes and decodes {@code chunk} on several threads at once and checks every result. */
    static void roundTripsConcurrently(BytesToBytesCodec codec, byte[] chunk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                byte[] variant = chunk.clone();
                variant[t] ^= (byte) t; // each task encodes a slightly different chunk
                results.add(pool.submit(() -> {
                    byte[] back = codec.decode(codec.encode(variant));
                    assertArrayEquals(variant, back);
                    return back;
                }));
            }
            for (Future<byte[]> f : results) {
                assertEquals(chunk.length, f.get().length);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
