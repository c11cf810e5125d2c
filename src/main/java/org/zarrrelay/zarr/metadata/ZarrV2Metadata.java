package org.zarrrelay.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.ArrayToArrayCodec;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.Codec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.arraytoarray.TransposeCodec;
import org.zarrrelay.zarr.codec.arraytobytes.BytesCodec;

/**
 * Zarr v2 array metadata ({@code .zarray}, https://zarr-specs.readthedocs.io/en/latest/v2/v2.0.html),
 * read into and written from {@link ArrayMetadata}. Order F becomes a transpose codec, the
 * dtype's byte order the bytes codec, the compressor a bytes-to-bytes codec.
 */
public final class ZarrV2Metadata {
    public static final String ARRAY_KEY = ".zarray";
    public static final String ATTRS_KEY = ".zattrs";
    public static final String GROUP_KEY = ".zgroup";

    private ZarrV2Metadata() {
    }

    public static ArrayMetadata parse(JsonNode zarray, JsonNode zattrs, String where, CodecRegistry registry) {
        if (zarray.path("zarr_format").asInt(-1) != 2) {
            throw new ZarrException(where + "/.zarray has zarr_format " + zarray.path("zarr_format") + ", expected 2");
        }
        long[] shape = longs(zarray.path("shape"), "shape", where);
        long[] chunks = longs(zarray.path("chunks"), "chunks", where);
        int[] chunkShape = new int[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            chunkShape[i] = Math.toIntExact(chunks[i]);
        }
        JsonNode dtypeJson = zarray.path("dtype");
        if (!dtypeJson.isTextual()) {
            throw new UnsupportedFeatureException("dtype " + dtypeJson + " of " + where
                    + " is a structured dtype, which is not supported: use a plain numeric dtype");
        }
        DataTypeNames.V2Type type = DataTypeNames.parseV2(dtypeJson.asText(), where);
        JsonNode filters = zarray.path("filters");
        if (!filters.isMissingNode() && !filters.isNull() && !filters.isEmpty()) {
            List<String> ids = new ArrayList<>();
            filters.forEach(f -> ids.add(f.path("id").asText("?")));
            throw new UnsupportedFeatureException("filters " + ids + " of " + where + " are not supported (only"
                    + " \"filters\": null is): rewrite the array without filters, e.g. with zarr.copy");
        }
        CodecContext ctx = new CodecContext(type.dtype(), registry, where);
        List<Codec> codecs = new ArrayList<>();
        String order = zarray.path("order").asText("C");
        switch (order) {
            case "C" -> { }
            case "F" -> codecs.add(TransposeCodec.fortranOrder(shape.length));
            default -> throw new UnsupportedFeatureException("order '" + order + "' of " + where + " is not valid: use C or F");
        }
        codecs.add(new BytesCodec(type.order()));
        JsonNode compressor = zarray.path("compressor");
        if (!compressor.isMissingNode() && !compressor.isNull()) {
            codecs.add(registry.fromV2Compressor(compressor, ctx));
        }
        String sep = zarray.path("dimension_separator").asText(".");
        if (!sep.equals(".") && !sep.equals("/")) {
            throw new UnsupportedFeatureException("dimension_separator '" + sep + "' of " + where + " is not valid: use \".\" or \"/\"");
        }
        byte[] fill = FillValues.parse(zarray.get("fill_value"), type.dtype(), where);
        ObjectNode attrs = zattrs instanceof ObjectNode o ? o : null;
        return new ArrayMetadata(2, shape, chunkShape, type.dtype(), fill, CodecPipeline.of(codecs, where),
                new ChunkKeyEncoding(ChunkKeyEncoding.Kind.V2, sep.charAt(0)), attrs, null);
    }

    /** The {@code .zarray} document; the pipeline must be expressible in v2. */
    public static ObjectNode toZarray(ArrayMetadata m, String where) {
        if (m.keyEncoding().kind() != ChunkKeyEncoding.Kind.V2) {
            throw new UnsupportedFeatureException(where + ": Zarr v2 arrays use v2 chunk keys");
        }
        CodecPipeline p = m.codecs();
        String order = "C";
        for (ArrayToArrayCodec a : p.arrayToArray()) {
            if (p.arrayToArray().size() == 1 && a instanceof TransposeCodec t
                    && java.util.Arrays.equals(t.order(), TransposeCodec.fortranOrder(m.rank()).order())) {
                order = "F";
            } else {
                throw new UnsupportedFeatureException(where + ": codec '" + a.name() + "' cannot be written to a Zarr v2"
                        + " array (only order F, a reversed transpose, can)");
            }
        }
        if (!(p.arrayToBytes() instanceof BytesCodec bytes)) {
            throw new UnsupportedFeatureException(where + ": '" + p.arrayToBytes().name()
                    + "' cannot be written to a Zarr v2 array: use Zarr v3 for sharding");
        }
        if (p.bytesToBytes().size() > 1) {
            throw new UnsupportedFeatureException(where + ": a Zarr v2 array has at most one compressor");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode z = f.objectNode();
        z.put("zarr_format", 2);
        z.set("shape", longArray(m.shape()));
        ArrayNode chunks = z.putArray("chunks");
        for (int c : m.chunkShape()) {
            chunks.add(c);
        }
        z.put("dtype", DataTypeNames.formatV2(m.dtype(), bytes.order()));
        if (p.bytesToBytes().isEmpty()) {
            z.putNull("compressor");
        } else {
            BytesToBytesCodec c = p.bytesToBytes().get(0);
            ObjectNode v2 = c.v2Compressor();
            if (v2 == null) {
                throw new UnsupportedFeatureException(where + ": codec '" + c.name() + "' has no Zarr v2 compressor form");
            }
            z.set("compressor", v2);
        }
        z.set("fill_value", FillValues.format(m.fillElement(), m.dtype()));
        z.put("order", order);
        z.putNull("filters");
        z.put("dimension_separator", String.valueOf(m.keyEncoding().separator()));
        return z;
    }

    static ArrayNode longArray(long[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    static long[] longs(JsonNode node, String field, String where) {
        if (!node.isArray()) {
            throw new ZarrException("'" + field + "' of " + where + " must be a list of integers, found " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).canConvertToLong()) {
                throw new ZarrException("'" + field + "' of " + where + " must be a list of integers, found " + node);
            }
            out[i] = node.get(i).asLong();
        }
        return out;
    }
}
