package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.ctx;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.json;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;

class ZlibCodecTest {
    // numcodecs 0.11 Zlib(level=1) and Zlib(level=9) of CodecTestData.goldenChunk(), by tools/fixtures/codec_goldens.py
    private static final String NUMCODECS_LEVEL_1 =
            "eAEFwecqAAAAhVHc79r+2cpWtrK9g61sZSvbm9nKVrayvYOtbGWdc60b3epO93rQo570rBe96k3v+tCnvvStH/3qTwEEEoQIJoRQwggngkiiqKaGWuqop4FGmmimhVbaaKeDTrropode+uhngEGGGGaEUcYYZ4JJpphmhlnmmGeBRZZYZoVV1lhng0222GaHXfbY54BDjjjmhFPOOOeCS66IdoxjHed4JzjRSU52ilOd5nRnONNZznaOc53nfBe40EUudolLXeZyV7jSVf4Ht50+TQ==";
    private static final String NUMCODECS_LEVEL_9 =
            "eNoFwecqAAAAhVHc79r+2cpWtrK9g61sZSvbm9nKVrayvYOtbGWdc60b3epO93rQo570rBe96k3v+tCnvvStH/3qTwEEEoQIJoRQwggngkiiqKaGWuqop4FGmmimhVbaaKeDTrropode+uhngEGGGGaEUcYYZ4JJpphmhlnmmGeBRZZYZoVV1lhng0222GaHXfbY54BDjjjmhFPOOOeCS66IdoxjHed4JzjRSU52ilOd5nRnONNZznaOc53nfBe40EUudolLXeZyV7jSVf4Ht50+TQ==";

    @ParameterizedTest
    @ValueSource(strings = {NUMCODECS_LEVEL_1, NUMCODECS_LEVEL_9})
    void decodesWhatNumcodecsWrote(String golden) {
        assertArrayEquals(CodecTestData.goldenChunk(), new ZlibCodec(1).decode(Base64.getDecoder().decode(golden)));
    }

    @Test
    void roundTripsARealisticChunkAndWritesStandardZlib() throws Exception {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] encoded = new ZlibCodec(5).encode(chunk);
        assertTrue(encoded.length < chunk.length / 2, "compressed to " + encoded.length);
        assertArrayEquals(chunk, new ZlibCodec(5).decode(encoded));
        try (InflaterInputStream jdk = new InflaterInputStream(new ByteArrayInputStream(encoded))) {
            assertArrayEquals(chunk, jdk.readAllBytes());
        }
        assertArrayEquals(new byte[0], new ZlibCodec(5).decode(new ZlibCodec(5).encode(new byte[0])));
    }

    @Test
    void theLevelChangesTheOutput() {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] fast = new ZlibCodec(1).encode(chunk);
        byte[] stored = new ZlibCodec(0).encode(chunk);
        assertFalse(Arrays.equals(fast, new ZlibCodec(9).encode(chunk)));
        assertTrue(stored.length > chunk.length, "level 0 stores: " + stored.length);
        assertArrayEquals(chunk, new ZlibCodec(0).decode(stored));
    }

    @Test
    void isThreadSafe() throws Exception {
        CodecTestData.roundTripsConcurrently(new ZlibCodec(3), CodecTestData.microscopyChunk());
    }

    @Test
    void readsV3AndV2Configurations() {
        assertEquals(new ZlibCodec(7),
                CodecRegistry.DEFAULT.fromV3(json("{\"name\": \"zlib\", \"configuration\": {\"level\": 7}}"), ctx(DataType.UINT16)));
        assertEquals(new ZlibCodec(1),
                CodecRegistry.DEFAULT.fromV2Compressor(json("{\"id\": \"zlib\"}"), ctx(DataType.UINT16)));
        ZlibCodec codec = new ZlibCodec(4);
        assertEquals(json("{\"level\": 4}"), codec.configuration());
        assertEquals(json("{\"id\": \"zlib\", \"level\": 4}"), codec.v2Compressor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"level\": 10}", "{\"level\": -1}", "{\"level\": \"5\"}", "{\"level\": 5.5}"})
    void anInvalidLevelIsRefused(String config) {
        ZarrException e = assertThrows(ZarrException.class, () -> ZlibCodec.fromV3(json(config), ctx(DataType.UINT16)));
        assertTrue(e.getMessage().contains("'level'") && e.getMessage().contains("from 0 to 9")
                && e.getMessage().contains(CodecTestData.WHERE), e.getMessage());
    }

    @Test
    void corruptOrTruncatedDataIsReported() {
        byte[] encoded = new ZlibCodec(5).encode(CodecTestData.microscopyChunk());
        ZarrException truncated = assertThrows(ZarrException.class,
                () -> new ZlibCodec(5).decode(Arrays.copyOf(encoded, encoded.length / 2)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        byte[] damaged = encoded.clone();
        damaged[encoded.length - 2] ^= 0x55; // inside the Adler-32
        ZarrException e = assertThrows(ZarrException.class, () -> new ZlibCodec(5).decode(damaged));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 3);
        assertThrows(ZarrException.class, () -> new ZlibCodec(5).decode(trailing));
    }
}
