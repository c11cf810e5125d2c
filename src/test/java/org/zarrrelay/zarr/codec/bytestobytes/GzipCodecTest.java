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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;

class GzipCodecTest {
    // CodecTestData.goldenChunk() encoded by tools/fixtures/codec_goldens.py: numcodecs 0.11 GZip
    // (level 1 and 9, with an mtime), two gzip members back to back, and the gzip tool (FNAME set).
    private static final String NUMCODECS_LEVEL_1 =
            "H4sIADLDBGsE/wXB5yoAAACFUdzv2v7Zyla2sr2DrWxlK9ub2cpWtrK9g61sZZ1zrRvd6k73etCjnvSsF73qTe/60Ke+9K0f/epPAQQShAgmhFDCCCeCSKKopoZa6qingUaaaKaFVtpop4NOuuimh1766GeAQYYYZoRRxhhngkmmmGaGWeaYZ4FFllhmhVXWWGeDTbbYZodd9tjngEOOOOaEU84454JLroh2jGMd53gnONFJTnaKU53mdGc401nOdo5zned8F7jQRS52iUtd5nJXuNJV/geproMxAAEAAA==";
    private static final String NUMCODECS_LEVEL_9 =
            "H4sIADLDBGsC/wXB5yoAAACFUdzv2v7Zyla2sr2DrWxlK9ub2cpWtrK9g61sZZ1zrRvd6k73etCjnvSsF73qTe/60Ke+9K0f/epPAQQShAgmhFDCCCeCSKKopoZa6qingUaaaKaFVtpop4NOuuimh1766GeAQYYYZoRRxhhngkmmmGaGWeaYZ4FFllhmhVXWWGeDTbbYZodd9tjngEOOOOaEU84454JLroh2jGMd53gnONFJTnaKU53mdGc401nOdo5zned8F7jQRS52iUtd5nJXuNJV/geproMxAAEAAA==";
    private static final String TWO_MEMBERS =
            "H4sIAAAAAAACAwXBiw6BAABAUbp3lMefeVS2EDb+nkKbvNqQc46cKCg5c+FKxY2aOw+evHjT8OHLj5aOXQOxZ9/QyIFDR46dOHXm3NjE1IWZS1euzd24defeg38i9qaGZAAAAB+LCAAAAAAAAgMFwetOAQAAgNE/3/cGUrKV60YlG7m9jqItCW/m3qYiW1HZQvQ+zqlyyx016tzzQINHmjzRok2HLj36DBgyYswzE1545Y0pM96Z88EnC5Z88c0PK35Zs2HLHzv2/BPwyKDHnhjy1LBnnhsxasy4CZOmTHvhpVdmvDZrzrw3FixasmzFA/0cmz6cAAAA";
    private static final String GZIP_TOOL_WITH_NAME =
            "H4sICDLDBGsCA2NodW5rLmJpbgAFwecqAAAAhVHc79r+2cpWtrK9g61sZSvbm9nKVrayvYOtbGWdc60b3epO93rQo570rBe96k3v+tCnvvStH/3qTwEEEoQIJoRQwggngkiiqKaGWuqop4FGmmimhVbaaKeDTrropode+uhngEGGGGaEUcYYZ4JJpphmhlnmmGeBRZZYZoVV1lhng0222GaHXfbY54BDjjjmhFPOOOeCS66IdoxjHed4JzjRSU52ilOd5nRnONNZznaOc53nfBe40EUudolLXeZyV7jSVf4Hqa6DMQABAAA=";

    @ParameterizedTest
    @ValueSource(strings = {NUMCODECS_LEVEL_1, NUMCODECS_LEVEL_9, TWO_MEMBERS, GZIP_TOOL_WITH_NAME})
    void decodesWhatPythonAndTheGzipToolWrote(String golden) {
        assertArrayEquals(CodecTestData.goldenChunk(), new GzipCodec(5).decode(Base64.getDecoder().decode(golden)));
    }

    @Test
    void roundTripsARealisticChunkAndWritesStandardGzip() throws Exception {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] encoded = new GzipCodec(5).encode(chunk);
        assertTrue(encoded.length < chunk.length / 2, "compressed to " + encoded.length);
        assertArrayEquals(chunk, new GzipCodec(5).decode(encoded));
        try (GZIPInputStream jdk = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
            assertArrayEquals(chunk, jdk.readAllBytes());
        }
        assertArrayEquals(new byte[0], new GzipCodec(5).decode(new GzipCodec(5).encode(new byte[0])));
    }

    @Test
    void writesNoTimestampSoEqualChunksGiveEqualBytes() {
        byte[] encoded = new GzipCodec(9).encode(CodecTestData.goldenChunk());
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 255}, Arrays.copyOf(encoded, 10));
    }

    @Test
    void theLevelChangesTheOutput() {
        byte[] chunk = CodecTestData.microscopyChunk();
        assertFalse(Arrays.equals(new GzipCodec(1).encode(chunk), new GzipCodec(9).encode(chunk)));
        assertTrue(new GzipCodec(0).encode(chunk).length > chunk.length);
    }

    @Test
    void isThreadSafe() throws Exception {
        CodecTestData.roundTripsConcurrently(new GzipCodec(6), CodecTestData.microscopyChunk());
    }

    @Test
    void readsV3AndV2ConfigurationsWithTheirOwnDefaults() {
        assertEquals(new GzipCodec(3),
                CodecRegistry.DEFAULT.fromV3(json("{\"name\": \"gzip\", \"configuration\": {\"level\": 3}}"), ctx(DataType.UINT16)));
        assertEquals(new GzipCodec(5), GzipCodec.fromV3(json("{}"), ctx(DataType.UINT16)));
        assertEquals(new GzipCodec(1),
                CodecRegistry.DEFAULT.fromV2Compressor(json("{\"id\": \"gzip\"}"), ctx(DataType.UINT16)));
        assertEquals(json("{\"level\": 3}"), new GzipCodec(3).configuration());
        assertEquals(json("{\"id\": \"gzip\", \"level\": 3}"), new GzipCodec(3).v2Compressor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": \"gzip\", \"level\": 12}", "{\"id\": \"gzip\", \"level\": true}"})
    void anInvalidLevelIsRefused(String config) {
        ZarrException e = assertThrows(ZarrException.class, () -> GzipCodec.fromV2(json(config), ctx(DataType.UINT16)));
        assertTrue(e.getMessage().contains("gzip codec of " + CodecTestData.WHERE)
                && e.getMessage().contains("'level'") && e.getMessage().contains("from 0 to 9"), e.getMessage());
    }

    @Test
    void aWrongCrcIsReportedAsCorruption() {
        byte[] encoded = new GzipCodec(5).encode(CodecTestData.microscopyChunk());
        encoded[encoded.length - 6] ^= 1;
        ZarrException e = assertThrows(ZarrException.class, () -> new GzipCodec(5).decode(encoded));
        assertTrue(e.getMessage().contains("CRC-32") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void truncatedOrForeignDataIsReported() {
        byte[] encoded = new GzipCodec(5).encode(CodecTestData.microscopyChunk());
        assertThrows(ZarrException.class, () -> new GzipCodec(5).decode(Arrays.copyOf(encoded, encoded.length - 4)));
        assertThrows(ZarrException.class, () -> new GzipCodec(5).decode(Arrays.copyOf(encoded, 6)));
        byte[] zlib = new ZlibCodec(5).encode(CodecTestData.goldenChunk());
        ZarrException e = assertThrows(ZarrException.class, () -> new GzipCodec(5).decode(zlib));
        assertTrue(e.getMessage().contains("where gzip has 0x1f8b"), e.getMessage());
    }
}
