package org.zarrrelay.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.Codec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.volume.DataType;

/**
 * Zarr v3 array metadata ({@code zarr.json} with {@code "node_type": "array"},
 * https://zarr-specs.readthedocs.io/en/latest/v3/core/v3.0.html#array-metadata), read into and
 * written from {@link ArrayMetadata}.
 */
public final class ZarrV3Metadata {
    public static final String KEY = "zarr.json";
    private static final Set<String> KNOWN = Set.of("zarr_format", "node_type", "shape", "data_type", "chunk_grid",
            "chunk_key_encoding", "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers");

    private ZarrV3Metadata() {
    }

    public static ArrayMetadata parse(JsonNode json, String where, CodecRegistry registry) {
        if (json.path("zarr_format").asInt(-1) != 3 || !"array".equals(json.path("node_type").asText())) {
            throw new ZarrException(where + "/zarr.json is not Zarr v3 array metadata (zarr_format "
                    + json.path("zarr_format") + ", node_type " + json.path("node_type") + ")");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // the spec: unknown fields are an error unless they say "must_understand": false
            if (!KNOWN.contains(e.getKey()) && e.getValue().path("must_understand").asBoolean(true)) {
                throw new UnsupportedFeatureException("extension '" + e.getKey() + "' of " + where
                        + " is not supported and must be understood to read the array");
            }
        }
        long[] shape = ZarrV2Metadata.longs(json.path("shape"), "shape", where);
        JsonNode dt = json.path("data_type");
        if (!dt.isTextual()) {
            throw new UnsupportedFeatureException("data_type " + dt + " of " + where + " is an extension data type, which is not supported");
        }
        DataType dtype = DataTypeNames.parseV3(dt.asText(), where);
        JsonNode grid = json.path("chunk_grid");
        if (!"regular".equals(grid.path("name").asText())) {
            throw new UnsupportedFeatureException("chunk_grid '" + grid.path("name").asText() + "' of " + where
                    + " is not supported: only 'regular' is");
        }
        long[] chunks = ZarrV2Metadata.longs(grid.path("configuration").path("chunk_shape"), "chunk_shape", where);
        int[] chunkShape = new int[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            chunkShape[i] = Math.toIntExact(chunks[i]);
        }
        ChunkKeyEncoding keys = parseKeyEncoding(json.path("chunk_key_encoding"), where);
        JsonNode st = json.path("storage_transformers");
        if (st.isArray() && !st.isEmpty()) {
            throw new UnsupportedFeatureException("storage_transformers of " + where + " are not supported");
        }
        CodecContext ctx = new CodecContext(dtype, registry, where);
        List<Codec> codecs = new ArrayList<>();
        JsonNode codecsJson = json.path("codecs");
        if (!codecsJson.isArray()) {
            throw new ZarrException("'codecs' of " + where + " must be a list");
        }
        for (JsonNode c : codecsJson) {
            codecs.add(registry.fromV3(c, ctx));
        }
        byte[] fill = FillValues.parse(json.get("fill_value"), dtype, where);
        List<String> names = null;
        JsonNode dn = json.path("dimension_names");
        if (dn.isArray()) {
            names = new ArrayList<>();
            for (JsonNode n : dn) {
                names.add(n.isNull() ? null : n.asText());
            }
            names = java.util.Collections.unmodifiableList(names);
        }
        ObjectNode attrs = json.path("attributes") instanceof ObjectNode o ? o : null;
        return new ArrayMetadata(3, shape, chunkShape, dtype, fill, CodecPipeline.of(codecs, where), keys, attrs,
                names == null || names.contains(null) ? null : names);
    }

    private static ChunkKeyEncoding parseKeyEncoding(JsonNode json, String where) {
        String name = json.path("name").asText("default");
        JsonNode sepJson = json.path("configuration").path("separator");
        return switch (name) {
            case "default" -> new ChunkKeyEncoding(ChunkKeyEncoding.Kind.DEFAULT, separator(sepJson, '/', where));
            case "v2" -> new ChunkKeyEncoding(ChunkKeyEncoding.Kind.V2, separator(sepJson, '.', where));
            default -> throw new UnsupportedFeatureException("chunk_key_encoding '" + name + "' of " + where
                    + " is not supported: use 'default' or 'v2'");
        };
    }

    private static char separator(JsonNode sep, char dflt, String where) {
        if (sep.isMissingNode() || sep.isNull()) {
            return dflt;
        }
        String s = sep.asText();
        if (!s.equals("/") && !s.equals(".")) {
            throw new UnsupportedFeatureException("chunk key separator '" + s + "' of " + where + " is not valid: use \"/\" or \".\"");
        }
        return s.charAt(0);
    }

    public static ObjectNode toJson(ArrayMetadata m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode z = f.objectNode();
        z.put("zarr_format", 3);
        z.put("node_type", "array");
        z.set("shape", ZarrV2Metadata.longArray(m.shape()));
        z.put("data_type", m.dtype().numpyName());
        ObjectNode grid = z.putObject("chunk_grid");
        grid.put("name", "regular");
        ArrayNode chunks = grid.putObject("configuration").putArray("chunk_shape");
        for (int c : m.chunkShape()) {
            chunks.add(c);
        }
        ObjectNode keys = z.putObject("chunk_key_encoding");
        keys.put("name", m.keyEncoding().kind() == ChunkKeyEncoding.Kind.DEFAULT ? "default" : "v2");
        keys.putObject("configuration").put("separator", String.valueOf(m.keyEncoding().separator()));
        z.set("fill_value", FillValues.format(m.fillElement(), m.dtype()));
        ArrayNode codecs = z.putArray("codecs");
        for (Codec c : m.codecs().codecs()) {
            ObjectNode entry = codecs.addObject().put("name", c.name());
            if (!c.configuration().isEmpty()) {
                entry.set("configuration", c.configuration());
            }
        }
        z.set("attributes", m.attributes());
        if (m.dimensionNames() != null) {
            ArrayNode names = z.putArray("dimension_names");
            m.dimensionNames().forEach(names::add);
        }
        return z;
    }
}
