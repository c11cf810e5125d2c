package org.zarrrelay.zarr.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.arraytoarray.TransposeCodec;
import org.zarrrelay.zarr.codec.arraytobytes.BytesCodec;

class ZarrV2MetadataTest {

    private static ArrayMetadata parse(String zarray) {
        return ZarrV2Metadata.parse(Json.parse(zarray.getBytes(), "test"), null, "test array", CodecRegistry.DEFAULT);
    }

    private static String zarray(String dtype, String extra) {
        return "{\"zarr_format\":2,\"shape\":[10,20],\"chunks\":[5,7],\"dtype\":\"" + dtype + "\",\"compressor\":null,"
                + "\"fill_value\":0,\"order\":\"C\",\"filters\":null" + extra + "}";
    }

    @Test
    void readsShapeChunksTypeAndKeys() {
        ArrayMetadata m = parse(zarray("<u2", ",\"dimension_separator\":\"/\""));
        assertArrayEquals(new long[] {10, 20}, m.shape());
        assertArrayEquals(new int[] {5, 7}, m.chunkShape());
        assertEquals(DataType.UINT16, m.dtype());
        assertEquals("1/2", m.keyEncoding().key(new long[] {1, 2}));
        assertEquals("1.2", parse(zarray("<u2", "")).keyEncoding().key(new long[] {1, 2}));
    }

    @Test
    void bigEndianAndFortranOrderBecomeCodecs() {
        ArrayMetadata m = parse(zarray(">f8", "").replace("\"order\":\"C\"", "\"order\":\"F\""));
        assertTrue(m.codecs().arrayToArray().get(0) instanceof TransposeCodec);
        assertEquals(ByteOrder.BIG_ENDIAN, ((BytesCodec) m.codecs().arrayToBytes()).order());
    }

    @Test
    void nonFiniteFillValuesAreStrings() {
        ArrayMetadata m = parse(zarray("<f4", "").replace("\"fill_value\":0", "\"fill_value\":\"NaN\""));
        assertTrue(Double.isNaN(new Volume(DataType.FLOAT32, new int[] {1}, m.fillElement()).getDouble(0)));
        m = parse(zarray("<f8", "").replace("\"fill_value\":0", "\"fill_value\":\"-Infinity\""));
        assertEquals(Double.NEGATIVE_INFINITY, new Volume(DataType.FLOAT64, new int[] {1}, m.fillElement()).getDouble(0));
    }

    @Test
    void aFilterIsRefusedByName() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> parse(zarray("<i4", "").replace("\"filters\":null", "\"filters\":[{\"id\":\"delta\",\"dtype\":\"<i4\"}]")));
        assertTrue(e.getMessage().contains("delta") && e.getMessage().contains("test array"), e.getMessage());
    }

    @Test
    void unsupportedDtypesAreRefusedByName() {
        for (String t : new String[] {"|O", "<c8", "<M8[ns]", "|S5"}) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> parse(zarray(t, "")));
            assertTrue(e.getMessage().contains(t), e.getMessage());
        }
        ZarrException e = assertThrows(ZarrException.class,
                () -> parse(zarray("<u2", "").replace("\"dtype\":\"<u2\"", "\"dtype\":[[\"a\",\"<u2\"]]")));
        assertTrue(e.getMessage().contains("structured"), e.getMessage());
    }

    @Test
    void anUnknownCompressorIsRefusedByName() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> parse(zarray("<u2", "").replace("\"compressor\":null", "\"compressor\":{\"id\":\"lzma\"}")));
        assertTrue(e.getMessage().contains("lzma"), e.getMessage());
    }

    @Test
    void writesWhatItReads() {
        ArrayMetadata m = parse(zarray(">i2", ",\"dimension_separator\":\"/\"").replace("\"fill_value\":0", "\"fill_value\":-3"));
        JsonNode again = ZarrV2Metadata.toZarray(m, "test");
        assertEquals(">i2", again.path("dtype").asText());
        assertEquals(-3, again.path("fill_value").asInt());
        assertEquals("/", again.path("dimension_separator").asText());
        ArrayMetadata back = ZarrV2Metadata.parse(again, null, "test", CodecRegistry.DEFAULT);
        assertArrayEquals(m.fillElement(), back.fillElement());
    }
}
