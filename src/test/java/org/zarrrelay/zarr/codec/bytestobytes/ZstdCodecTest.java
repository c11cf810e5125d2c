package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.ctx;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.json;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;

class ZstdCodecTest {
    // CodecTestData.goldenChunk() encoded by tools/fixtures/codec_goldens.py: numcodecs 0.11
    // Zstd(level=1), and the zstd 1.5.4 tool reading a pipe, whose frame has no content size.
    private static final String NUMCODECS_LEVEL_1 =
            "KLUv/WAAAPUGAAaQNirwuOlAHGQAngEYfn2GX5+BZ+AZeAaegWf49Rl+fQaeuZjh12cAYIRkzO4qACkAKQAnjPDBBhdM8MAC84AB/rGPfNyjHvOIxzvasY50nKMc4wjHN7qxjWxco1onjfTRRhdN9NBCBw30zz73zPPOOueM880210zzzDLHDPPLLrfM8soqAaeN9tlml0322GKHDfbXXnfN9dZaZ4311VZXTfXUUkcN9dNON8300koBTSlKT2rSkpJ0pCINKUg/6tGOcnSjGs0oRi9q0YpSdKISjShEH+rQhjJ0oQoBAA==";
    private static final String STREAMED_WITHOUT_SIZE =
            "KLUv/QBY9QYABpA2KvC46UAcZACeARh+fYZfn4Fn4Bl4Bp6BZ/j1GX59Bp65mOHXZwBghGTM7ioAKQApACeM8MEGF0zwwALzgAH+sY983KMe84jHO9qxjnScoxzjCMc3urGNbFyjWieN9NFGF0300EIHDfTPPvfM884654zzzTbXTPPMMscM88sut8zyyioBp4322WaXTfbYYocN9tded8311lpnjfXVVldN9dRSRw310043zfTSSgFNKUpPatKSknSkIg0pSD/q0Y5ydKMazShGL2rRilJ0ohKNKEQf6tCGMnShCgEA";

    @ParameterizedTest
    @ValueSource(strings = {NUMCODECS_LEVEL_1, STREAMED_WITHOUT_SIZE})
    void decodesWhatNumcodecsAndTheZstdToolWrote(String golden) {
        assertArrayEquals(CodecTestData.goldenChunk(), new ZstdCodec(3, false).decode(Base64.getDecoder().decode(golden)));
    }

    @Test
    void theStreamedGoldenReallyLacksItsContentSize() {
        byte[] streamed = Base64.getDecoder().decode(STREAMED_WITHOUT_SIZE);
        assertThrows(RuntimeException.class, () -> Zstd.getFrameContentSize(streamed));
    }

    @Test
    void roundTripsARealisticChunkAndRecordsItsSize() {
        byte[] chunk = CodecTestData.microscopyChunk();
        ZstdCodec codec = new ZstdCodec(3, false);
        byte[] encoded = codec.encode(chunk);
        assertTrue(encoded.length < chunk.length / 2, "compressed to " + encoded.length);
        assertEquals(chunk.length, Zstd.getFrameContentSize(encoded));
        assertArrayEquals(chunk, codec.decode(encoded));
        assertArrayEquals(new byte[0], codec.decode(codec.encode(new byte[0])));
    }

    @Test
    void decodesFramesBackToBackAndStreamedFrames() throws Exception {
        byte[] chunk = CodecTestData.microscopyChunk();
        ZstdCodec codec = new ZstdCodec(1, false);
        byte[] first = codec.encode(Arrays.copyOf(chunk, 1000));
        byte[] second = codec.encode(Arrays.copyOfRange(chunk, 1000, chunk.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertArrayEquals(chunk, codec.decode(both));

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(streamed)) {
            out.write(chunk, 0, 100_000);
            out.write(chunk, 100_000, chunk.length - 100_000);
        }
        assertArrayEquals(chunk, codec.decode(streamed.toByteArray()));
    }

    @Test
    void levelAndChecksumChangeTheOutput() {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] plain = new ZstdCodec(3, false).encode(chunk);
        byte[] checked = new ZstdCodec(3, true).encode(chunk);
        assertEquals(plain.length + 4, checked.length);
        assertEquals(4, checked[4] & 4, "frame header descriptor has the Content_Checksum_flag");
        assertFalse(Arrays.equals(new ZstdCodec(1, false).encode(chunk), new ZstdCodec(19, false).encode(chunk)));
        assertArrayEquals(chunk, new ZstdCodec(3, true).decode(checked));
        checked[checked.length - 1] ^= 1;
        assertThrows(ZarrException.class, () -> new ZstdCodec(3, true).decode(checked));
    }

    @Test
    void isThreadSafe() throws Exception {
        CodecTestData.roundTripsConcurrently(new ZstdCodec(5, true), CodecTestData.microscopyChunk());
    }

    @Test
    void readsV3AndV2ConfigurationsWithTheirOwnDefaults() {
        assertEquals(new ZstdCodec(7, true), CodecRegistry.DEFAULT.fromV3(
                json("{\"name\": \"zstd\", \"configuration\": {\"level\": 7, \"checksum\": true}}"), ctx(DataType.UINT16)));
        assertEquals(new ZstdCodec(0, false), ZstdCodec.fromV3(json("{}"), ctx(DataType.UINT16)));
        assertEquals(new ZstdCodec(1, false),
                CodecRegistry.DEFAULT.fromV2Compressor(json("{\"id\": \"zstd\"}"), ctx(DataType.UINT16)));
        assertEquals(new ZstdCodec(-5, true),
                ZstdCodec.fromV2(json("{\"id\": \"zstd\", \"level\": -5, \"checksum\": true}"), ctx(DataType.UINT16)));
        assertEquals(json("{\"level\": 7, \"checksum\": false}"), new ZstdCodec(7, false).configuration());
        // numcodecs before 0.13 refuses an unknown "checksum" argument, so it is written only when true
        assertEquals(json("{\"id\": \"zstd\", \"level\": 7}"), new ZstdCodec(7, false).v2Compressor());
        assertEquals(json("{\"id\": \"zstd\", \"level\": 7, \"checksum\": true}"), new ZstdCodec(7, true).v2Compressor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"level\": 23}", "{\"level\": \"3\"}", "{\"level\": 3.0}"})
    void anInvalidLevelIsRefused(String config) {
        ZarrException e = assertThrows(ZarrException.class, () -> ZstdCodec.fromV3(json(config), ctx(DataType.UINT16)));
        assertTrue(e.getMessage().contains("zstd codec of " + CodecTestData.WHERE)
                && e.getMessage().contains("'level'") && e.getMessage().contains("to 22"), e.getMessage());
    }

    @Test
    void aNonBooleanChecksumIsRefused() {
        ZarrException e = assertThrows(ZarrException.class,
                () -> ZstdCodec.fromV3(json("{\"level\": 3, \"checksum\": \"yes\"}"), ctx(DataType.UINT16)));
        assertTrue(e.getMessage().contains("'checksum' \"yes\"") && e.getMessage().contains("true or false"), e.getMessage());
    }

    @Test
    void corruptOrForeignDataIsReported() {
        byte[] encoded = new ZstdCodec(3, false).encode(CodecTestData.microscopyChunk());
        ZarrException truncated = assertThrows(ZarrException.class,
                () -> new ZstdCodec(3, false).decode(Arrays.copyOf(encoded, encoded.length / 2)));
        assertTrue(truncated.getMessage().contains("corrupt"), truncated.getMessage());
        byte[] gzip = new GzipCodec(5).encode(CodecTestData.goldenChunk());
        assertThrows(ZarrException.class, () -> new ZstdCodec(3, false).decode(gzip));
    }
}
