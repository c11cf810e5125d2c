package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.ctx;
import static org.zarrrelay.zarr.codec.bytestobytes.CodecTestData.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;

class Crc32cCodecTest {
    private final Crc32cCodec codec = new Crc32cCodec();

    @Test
    void appendsTheCastagnoliCheckValueLittleEndian() {
        // The CRC-32C check value of "123456789" is 0xe3069283 (RFC 3720 / the CRC catalogue).
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = codec.encode(data);
        assertArrayEquals(data, Arrays.copyOf(encoded, 9));
        assertArrayEquals(new byte[] {(byte) 0x83, (byte) 0x92, 0x06, (byte) 0xe3}, Arrays.copyOfRange(encoded, 9, 13));
        assertEquals(13, codec.encodedLength(9));
    }

    @Test
    void roundTripsARealisticChunkAndAnEmptyOne() {
        byte[] chunk = CodecTestData.microscopyChunk();
        byte[] encoded = codec.encode(chunk);
        assertEquals(codec.encodedLength(chunk.length), encoded.length);
        assertArrayEquals(chunk, codec.decode(encoded));
        assertArrayEquals(new byte[0], codec.decode(codec.encode(new byte[0])));
    }

    @Test
    void aFlippedBitIsReportedAsCorruption() {
        byte[] encoded = codec.encode(CodecTestData.microscopyChunk());
        encoded[1234] ^= 0x10;
        ZarrException e = assertThrows(ZarrException.class, () -> codec.decode(encoded));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        String stored = String.format("0x%02x%02x%02x%02x", encoded[encoded.length - 1], encoded[encoded.length - 2],
                encoded[encoded.length - 3], encoded[encoded.length - 4]);
        assertTrue(e.getMessage().contains("checksum is " + stored), e.getMessage());
    }

    @Test
    void aDamagedChecksumIsReportedAsCorruption() {
        byte[] encoded = codec.encode(CodecTestData.goldenChunk());
        encoded[encoded.length - 1] ^= 1;
        assertThrows(ZarrException.class, () -> codec.decode(encoded));
    }

    @Test
    void fewerBytesThanTheChecksumAreRefused() {
        ZarrException e = assertThrows(ZarrException.class, () -> codec.decode(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("fewer than its 4-byte checksum"), e.getMessage());
    }

    @Test
    void isBuiltFromV3MetadataWithoutConfiguration() {
        assertInstanceOf(Crc32cCodec.class, CodecRegistry.DEFAULT.fromV3(json("{\"name\": \"crc32c\"}"), ctx(DataType.UINT8)));
        assertInstanceOf(Crc32cCodec.class, CodecRegistry.DEFAULT.fromV3(json("\"crc32c\""), ctx(DataType.UINT8)));
        assertEquals(0, codec.configuration().size());
        assertNull(codec.v2Compressor());
    }

    @Test
    void aConfigurationIsRefused() {
        ZarrException e = assertThrows(ZarrException.class,
                () -> Crc32cCodec.fromV3(json("{\"seed\": 1}"), ctx(DataType.UINT8)));
        assertTrue(e.getMessage().contains("takes none") && e.getMessage().contains(CodecTestData.WHERE), e.getMessage());
    }
}
