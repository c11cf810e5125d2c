package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.ctx;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.json;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.bytestobytes.BloscCodec.Cname;
import org.zarrrelay.zarr.codec.bytestobytes.BloscCodec.Shuffle;

class BloscCodecTest {
    // CodecTestData.goldenChunk() encoded by numcodecs 0.11 (c-blosc 1.21.3) Blosc, with the
    // compressor config in each name; by tools/fixtures/codec_goldens.py.
    private static final String LZ4_SHUFFLE =
            "AgEhAgABAAAAAQAAsQAAABQAAACAAAAA6Onq6+zt7u/y8/T19vf4+fz9/v8AAQIDBgcICQoLDA1MTU5PUFFSU1ZXWFlaW1xdYGFiY2RlZmdqa2xtbm9wcbCxsrO0tba3uru8vb6/wMHExcbHyMnKy87P0NHS09TVFBUWFxgZGhseHyAhIiMkJSgpKissLS4vMjM0NTY3ODkVAAAAHwMBAAAfBAEAOB8FAQAHUAUFBQUF";
    private static final String ZSTD_BITSHUFFLE =
            "AgGUAgABAAAAAQAAeQAAABQAAABhAAAAKLUv/WAAAL0CAAIEDBWwJemgZxlctbwZh2EYBuYfJSGMzFKT6o+XKrrfcCmPk9s5UCBRrNVmQWNjgoIAIBAgsIK7HgfBMACmLZADBAYDh3OjCN1ptDDvUr3e8PKUkW6xAQ==";
    private static final String BLOSCLZ_NOSHUFFLE =
            "AgECAgABAAAAAQAAEAEAAOgD6QPqA+sD7APtA+4D7wPyA/MD9AP1A/YD9wP4A/kD/AP9A/4D/wMABAEEAgQDBAYEBwQIBAkECgQLBAwEDQRMBE0ETgRPBFAEUQRSBFMEVgRXBFgEWQRaBFsEXARdBGAEYQRiBGMEZARlBGYEZwRqBGsEbARtBG4EbwRwBHEEsASxBLIEswS0BLUEtgS3BLoEuwS8BL0EvgS/BMAEwQTEBMUExgTHBMgEyQTKBMsEzgTPBNAE0QTSBNME1ATVBBQFFQUWBRcFGAUZBRoFGwUeBR8FIAUhBSIFIwUkBSUFKAUpBSoFKwUsBS0FLgUvBTIFMwU0BTUFNgU3BTgFOQU=";
    private static final String ZLIB_AUTOSHUFFLE =
            "AgFhAgABAAAAAQAArQAAABQAAACAAAAA6Onq6+zt7u/y8/T19vf4+fz9/v8AAQIDBgcICQoLDA1MTU5PUFFSU1ZXWFlaW1xdYGFiY2RlZmdqa2xtbm9wcbCxsrO0tba3uru8vb6/wMHExcbHyMnKy87P0NHS09TVFBUWFxgZGhseHyAhIiMkJSgpKissLS4vMjM0NTY3ODkRAAAAeAFjZsYELFQErAQAAHpOAg0=";
    private static final String LZ4HC_SHUFFLE_BLOCKSIZE_128 =
            "AgExAgABAACAAAAAwgAAAG0AAAAYAAAAUQAAAP8ysLGys7S1tre6u7y9vr/AwcTFxsfIycrLzs/Q0dLT1NUUFRYXGBkaGx4fICEiIyQlKCkqKywtLi8yMzQ1Njc4OQQBAAwfBQEAB1AFBQUFBVEAAAD/Mujp6uvs7e7v8vP09fb3+Pn8/f7/AAECAwYHCAkKCwwNTE1OT1BRUlNWV1hZWltcXWBhYmNkZWZnamtsbW5vcHEDAQAAHwQBABNQBAQEBAQ=";

    // Blosc 1 header: flags at byte 2 (bit 0 byte-shuffle, bit 2 bit-shuffle, bits 5-7 compressor), typesize at 3.
    private static final int FLAGS = 2;
    private static final int TYPESIZE = 3;

    private static BloscCodec codec(Cname cname, int clevel, Shuffle shuffle) {
        return new BloscCodec(cname, clevel, shuffle, 2, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {LZ4_SHUFFLE, ZSTD_BITSHUFFLE, BLOSCLZ_NOSHUFFLE, ZLIB_AUTOSHUFFLE, LZ4HC_SHUFFLE_BLOCKSIZE_128})
    void decodesWhatNumcodecsWroteWhateverItsOwnConfiguration(String golden) {
        BloscCodec other = codec(Cname.LZ4, 1, Shuffle.NOSHUFFLE);
        assertArrayEquals(CodecTestData.goldenChunk(), other.decode(Base64.getDecoder().decode(golden)));
    }

    @ParameterizedTest
    @EnumSource(Cname.class)
    void everyCompressorRoundTripsARealisticChunk(Cname cname) {
        byte[] chunk = CodecTestData.microscopyChunk();
        BloscCodec codec = codec(cname, 5, Shuffle.SHUFFLE);
        byte[] encoded = codec.encode(chunk);
        // the sensor noise in the low bits keeps the fast compressors around 55%
        assertTrue(encoded.length < chunk.length * 3 / 5, cname + " compressed to " + encoded.length);
        assertArrayEquals(chunk, codec.decode(encoded));
    }

    @ParameterizedTest
    @EnumSource(Shuffle.class)
    void everyShuffleRoundTripsAndIsRecordedInTheHeader(Shuffle shuffle) {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] encoded = codec(Cname.LZ4, 5, shuffle).encode(chunk);
        int flags = encoded[FLAGS] & 0xff;
        assertEquals(shuffle == Shuffle.SHUFFLE, (flags & 1) != 0, "byte-shuffle flag");
        assertEquals(shuffle == Shuffle.BITSHUFFLE, (flags & 4) != 0, "bit-shuffle flag");
        assertArrayEquals(chunk, codec(Cname.ZSTD, 1, Shuffle.NOSHUFFLE).decode(encoded));
    }

    @Test
    void typesizeBlocksizeAndLevelAreUsed() {
        byte[] chunk = CodecTestData.microscopyChunk();
        assertEquals(4, new BloscCodec(Cname.LZ4, 5, Shuffle.SHUFFLE, 4, 0).encode(chunk)[TYPESIZE]);
        // zstd: Blosc enlarges the blocks of lz4 and blosclz, which it splits by byte position
        byte[] blocked = new BloscCodec(Cname.ZSTD, 5, Shuffle.SHUFFLE, 2, 16384).encode(chunk);
        assertEquals(16384, (blocked[8] & 0xff) | (blocked[9] & 0xff) << 8 | (blocked[10] & 0xff) << 16);
        assertTrue(codec(Cname.ZSTD, 9, Shuffle.SHUFFLE).encode(chunk).length
                < codec(Cname.ZSTD, 1, Shuffle.SHUFFLE).encode(chunk).length);
        byte[] stored = codec(Cname.ZSTD, 0, Shuffle.SHUFFLE).encode(chunk);
        assertTrue(stored.length >= chunk.length, "clevel 0 stores");
        assertArrayEquals(chunk, codec(Cname.ZSTD, 0, Shuffle.SHUFFLE).decode(stored));
    }

    @Test
    void anEmptyChunkRoundTrips() {
        BloscCodec codec = codec(Cname.LZ4, 5, Shuffle.SHUFFLE);
        assertArrayEquals(new byte[0], codec.decode(codec.encode(new byte[0])));
    }

    @Test
    void isThreadSafe() throws Exception {
        CodecTestData.roundTripsConcurrently(codec(Cname.ZSTD, 5, Shuffle.BITSHUFFLE), CodecTestData.microscopyChunk());
    }

    @Test
    void readsACompleteV3ConfigurationAndWritesItBack() {
        String config = "{\"cname\": \"lz4hc\", \"clevel\": 7, \"shuffle\": \"bitshuffle\", \"typesize\": 4, \"blocksize\": 8192}";
        BloscCodec codec = (BloscCodec) CodecRegistry.DEFAULT.fromV3(
                json("{\"name\": \"blosc\", \"configuration\": " + config + "}"), ctx(DataType.UINT16));
        assertEquals(new BloscCodec(Cname.LZ4HC, 7, Shuffle.BITSHUFFLE, 4, 8192), codec);
        assertEquals(json(config), codec.configuration());
        assertEquals(json("{\"id\": \"blosc\", \"cname\": \"lz4hc\", \"clevel\": 7, \"shuffle\": 2, \"blocksize\": 8192}"),
                codec.v2Compressor());
    }

    @Test
    void fillsAMissingV3TypesizeAndShuffleFromTheDataType() {
        BloscCodec codec = BloscCodec.fromV3(json("{\"cname\": \"zstd\", \"clevel\": 5}"), ctx(DataType.FLOAT32));
        assertEquals(json("{\"cname\": \"zstd\", \"clevel\": 5, \"shuffle\": \"shuffle\", \"typesize\": 4, \"blocksize\": 0}"),
                codec.configuration());
        assertEquals(Shuffle.BITSHUFFLE, BloscCodec.fromV3(json("{}"), ctx(DataType.UINT8)).shuffle());
    }

    @Test
    void readsV2ConfigurationsWithTheDataTypeAsTypesize() {
        BloscCodec codec = (BloscCodec) CodecRegistry.DEFAULT.fromV2Compressor(
                json("{\"id\": \"blosc\", \"cname\": \"zstd\", \"clevel\": 3, \"shuffle\": 2, \"blocksize\": 0}"),
                ctx(DataType.UINT16));
        assertEquals(new BloscCodec(Cname.ZSTD, 3, Shuffle.BITSHUFFLE, 2, 0), codec);
        assertEquals(new BloscCodec(Cname.LZ4, 5, Shuffle.SHUFFLE, 8, 0),
                BloscCodec.fromV2(json("{\"id\": \"blosc\"}"), ctx(DataType.FLOAT64)));
    }

    @Test
    void v2AutoshuffleMeansBitShuffleForBytesAndByteShuffleOtherwise() {
        String config = "{\"id\": \"blosc\", \"cname\": \"zlib\", \"clevel\": 1, \"shuffle\": -1, \"blocksize\": 0}";
        assertEquals(Shuffle.BITSHUFFLE, BloscCodec.fromV2(json(config), ctx(DataType.UINT8)).shuffle());
        assertEquals(Shuffle.SHUFFLE, BloscCodec.fromV2(json(config), ctx(DataType.UINT16)).shuffle());
        // numcodecs' own choice for the uint16 golden: byte-shuffle, the same bytes we write
        BloscCodec ours = BloscCodec.fromV2(json(config), ctx(DataType.UINT16));
        assertArrayEquals(Base64.getDecoder().decode(ZLIB_AUTOSHUFFLE), ours.encode(CodecTestData.goldenChunk()));
    }

    @Test
    void anUnknownCnameIsUnsupportedAndTheMessageListsTheKnownOnes() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> BloscCodec.fromV3(json("{\"cname\": \"snappy\", \"clevel\": 5, \"shuffle\": \"shuffle\"}"),
                        ctx(DataType.UINT16)));
        assertTrue(e.getMessage().contains("\"snappy\"") && e.getMessage().contains(CodecTestData.WHERE)
                && e.getMessage().contains("lz4, lz4hc, blosclz, zstd, zlib"), e.getMessage());
    }

    @Test
    void anUnknownShuffleIsUnsupportedInV3AndV2() {
        UnsupportedFeatureException v3 = assertThrows(UnsupportedFeatureException.class,
                () -> BloscCodec.fromV3(json("{\"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": \"byteshuffle\"}"),
                        ctx(DataType.UINT16)));
        assertTrue(v3.getMessage().contains("\"byteshuffle\"") && v3.getMessage().contains(CodecTestData.WHERE)
                && v3.getMessage().contains("noshuffle, shuffle, bitshuffle"), v3.getMessage());
        UnsupportedFeatureException v2 = assertThrows(UnsupportedFeatureException.class,
                () -> BloscCodec.fromV2(json("{\"id\": \"blosc\", \"shuffle\": 3}"), ctx(DataType.UINT16)));
        assertTrue(v2.getMessage().contains("shuffle 3") && v2.getMessage().contains("-1 (auto)"), v2.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"clevel\": 10}", "{\"clevel\": \"5\"}", "{\"typesize\": 0}", "{\"typesize\": 256}",
            "{\"blocksize\": -1}"})
    void anOutOfRangeNumberIsRefusedNamingTheOption(String config) {
        ZarrException e = assertThrows(ZarrException.class, () -> BloscCodec.fromV3(json(config), ctx(DataType.UINT16)));
        String option = config.substring(2, config.indexOf('"', 2));
        assertTrue(e.getMessage().contains("'" + option + "'") && e.getMessage().contains("must be an integer from")
                && e.getMessage().contains(CodecTestData.WHERE), e.getMessage());
    }

    @Test
    void truncatedOrForeignDataIsReported() {
        byte[] encoded = codec(Cname.LZ4, 5, Shuffle.SHUFFLE).encode(CodecTestData.microscopyChunk());
        ZarrException truncated = assertThrows(ZarrException.class,
                () -> codec(Cname.LZ4, 5, Shuffle.SHUFFLE).decode(Arrays.copyOf(encoded, encoded.length - 10)));
        assertTrue(truncated.getMessage().contains("compressed bytes but it holds"), truncated.getMessage());
        assertThrows(ZarrException.class, () -> codec(Cname.LZ4, 5, Shuffle.SHUFFLE).decode(new byte[] {2, 1, 0}));
        byte[] gzip = new GzipCodec(5).encode(CodecTestData.goldenChunk());
        assertThrows(ZarrException.class, () -> codec(Cname.LZ4, 5, Shuffle.SHUFFLE).decode(gzip));
    }
}
