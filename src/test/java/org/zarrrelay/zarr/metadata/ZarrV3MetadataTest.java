package org.zarrrelay.zarr.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.codec.CodecRegistry;

class ZarrV3MetadataTest {

    private static final String BASE = "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[10,20],\"data_type\":\"uint16\","
            + "\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":[5,7]}},"
            + "\"chunk_key_encoding\":{\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}},"
            + "\"fill_value\":7,\"codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}],"
            + "\"attributes\":{\"a\":1}}";

    private static ArrayMetadata parse(String json) {
        return ZarrV3Metadata.parse(Json.parse(json.getBytes(), "test"), "test array", CodecRegistry.DEFAULT);
    }

    @Test
    void readsTheCoreFields() {
        ArrayMetadata m = parse(BASE);
        assertEquals(DataType.UINT16, m.dtype());
        assertEquals("c/1/2", m.keyEncoding().key(new long[] {1, 2}));
        assertEquals(7, new Volume(DataType.UINT16, new int[] {1}, m.fillElement()).getLong(0));
        assertEquals(1, m.attributes().path("a").asInt());
    }

    @Test
    void v2KeysAndDotSeparators() {
        assertEquals("c.1.2", parse(BASE.replace("\"separator\":\"/\"", "\"separator\":\".\"")).keyEncoding().key(new long[] {1, 2}));
        assertEquals("1.2", parse(BASE.replace("\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}", "\"name\":\"v2\""))
                .keyEncoding().key(new long[] {1, 2}));
    }

    @Test
    void hexFillValuesAreBitPatterns() {
        ArrayMetadata m = parse(BASE.replace("uint16", "float32").replace("\"fill_value\":7", "\"fill_value\":\"0x7fc00001\""));
        assertEquals(0x7fc00001, java.nio.ByteBuffer.wrap(m.fillElement()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void writesWhatItReads() {
        ArrayMetadata m = parse(BASE);
        ArrayMetadata again = parse(new String(Json.bytes(ZarrV3Metadata.toJson(m))));
        assertEquals(m.dtype(), again.dtype());
        assertEquals(m.keyEncoding(), again.keyEncoding());
        assertEquals(m.attributes(), again.attributes());
    }

    @Test
    void unsupportedFeaturesAreNamed() {
        assertMessage(BASE.replace("\"regular\"", "\"rectilinear\""), "rectilinear");
        assertMessage(BASE.replace("\"uint16\"", "\"complex64\""), "complex64");
        assertMessage(BASE.replace("\"name\":\"bytes\"", "\"name\":\"vlen-utf8\""), "vlen-utf8");
        assertMessage(BASE.replace("\"attributes\"", "\"my_extension\":{\"x\":1},\"attributes\""), "my_extension");
        assertMessage(BASE.replace("[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}]", "[]"), "no array-to-bytes codec");
    }

    @Test
    void extensionsThatNeedNotBeUnderstoodAreIgnored() {
        parse(BASE.replace("\"attributes\"", "\"my_extension\":{\"must_understand\":false},\"attributes\""));
    }

    private static void assertMessage(String json, String part) {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains("test array"), e.getMessage());
    }
}
