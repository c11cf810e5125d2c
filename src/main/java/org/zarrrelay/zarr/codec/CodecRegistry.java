package org.zarrrelay.zarr.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.codec.arraytoarray.TransposeCodec;
import org.zarrrelay.zarr.codec.arraytobytes.BytesCodec;
import org.zarrrelay.zarr.codec.arraytobytes.ShardingCodec;
import org.zarrrelay.zarr.codec.bytestobytes.BloscCodec;
import org.zarrrelay.zarr.codec.bytestobytes.Crc32cCodec;
import org.zarrrelay.zarr.codec.bytestobytes.GzipCodec;
import org.zarrrelay.zarr.codec.bytestobytes.ZlibCodec;
import org.zarrrelay.zarr.codec.bytestobytes.ZstdCodec;

/**
 * Maps Zarr v3 codec names and Zarr v2 compressor ids to codecs. Built once and immutable; each
 * codec class owns its factory methods, this class only lists them.
 */
public final class CodecRegistry {

    /** How one codec is made from its JSON configuration. */
    public record Entry(String v3Name, String v2Id,
                        BiFunction<JsonNode, CodecContext, ? extends Codec> fromV3,
                        BiFunction<JsonNode, CodecContext, ? extends BytesToBytesCodec> fromV2) {
    }

    public static final CodecRegistry DEFAULT = new CodecRegistry(List.of(
            new Entry(BytesCodec.NAME, null, BytesCodec::fromV3, null),
            new Entry(TransposeCodec.NAME, null, TransposeCodec::fromV3, null),
            new Entry(ShardingCodec.NAME, null, ShardingCodec::fromV3, null),
            new Entry(BloscCodec.NAME, BloscCodec.NAME, BloscCodec::fromV3, BloscCodec::fromV2),
            new Entry(ZstdCodec.NAME, ZstdCodec.NAME, ZstdCodec::fromV3, ZstdCodec::fromV2),
            new Entry(GzipCodec.NAME, GzipCodec.NAME, GzipCodec::fromV3, GzipCodec::fromV2),
            new Entry(ZlibCodec.NAME, ZlibCodec.NAME, ZlibCodec::fromV3, ZlibCodec::fromV2),
            new Entry(Crc32cCodec.NAME, null, Crc32cCodec::fromV3, null)
    ));

    private final Map<String, Entry> byV3Name = new TreeMap<>();
    private final Map<String, Entry> byV2Id = new TreeMap<>();

    public CodecRegistry(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.v3Name() != null && byV3Name.put(e.v3Name(), e) != null) {
                throw new IllegalArgumentException("two codecs named " + e.v3Name());
            }
            if (e.v2Id() != null && byV2Id.put(e.v2Id(), e) != null) {
                throw new IllegalArgumentException("two v2 compressors with id " + e.v2Id());
            }
        }
    }

    /** Builds a codec from a Zarr v3 {@code codecs} entry ({@code {"name": ..., "configuration": ...}}). */
    public Codec fromV3(JsonNode codecJson, CodecContext ctx) {
        String name = codecJson.isTextual() ? codecJson.asText() : codecJson.path("name").asText(null);
        if (name == null) {
            throw new UnsupportedFeatureException("a codec entry without a name in " + ctx.where() + ": " + codecJson);
        }
        Entry e = byV3Name.get(name);
        if (e == null || e.fromV3() == null) {
            throw new UnsupportedFeatureException("codec '" + name + "' used by " + ctx.where()
                    + " is not supported; supported codecs: " + String.join(", ", byV3Name.keySet()));
        }
        JsonNode config = codecJson.path("configuration");
        if (config.isMissingNode() || config.isNull()) {
            config = JsonNodeFactory.instance.objectNode();
        }
        return e.fromV3().apply(config, ctx);
    }

    /** Builds a bytes-to-bytes codec from a Zarr v2 {@code compressor} object. */
    public BytesToBytesCodec fromV2Compressor(JsonNode compressor, CodecContext ctx) {
        String id = compressor.path("id").asText(null);
        Entry e = id == null ? null : byV2Id.get(id);
        if (e == null || e.fromV2() == null) {
            throw new UnsupportedFeatureException("compressor '" + id + "' used by " + ctx.where()
                    + " is not supported; supported compressors: " + String.join(", ", byV2Id.keySet()));
        }
        return e.fromV2().apply(compressor, ctx);
    }
}
