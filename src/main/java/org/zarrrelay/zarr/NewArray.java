package org.zarrrelay.zarr;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.Codec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.arraytoarray.TransposeCodec;
import org.zarrrelay.zarr.codec.arraytobytes.BytesCodec;
import org.zarrrelay.zarr.codec.arraytobytes.ShardingCodec;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.metadata.ChunkKeyEncoding;
import org.zarrrelay.zarr.metadata.FillValues;

/**
 * The choices that define a new array, in the terms a user gives them on the command line, turned
 * into {@link ArrayMetadata}. Compressors are written {@code none}, {@code blosc:CNAME:LEVEL:SHUFFLE}
 * (shuffle {@code noshuffle|shuffle|bitshuffle}), {@code zstd:LEVEL}, {@code gzip:LEVEL},
 * {@code zlib:LEVEL}.
 *
 * @param shard   v3 only: the shard shape; {@code chunks} is then the inner chunk shape. Null for no sharding.
 * @param order   'C' or 'F' (v2; in v3 F is a reversed transpose)
 */
public record NewArray(int zarrFormat, long[] shape, int[] chunks, DataType dtype, String compressor, char order,
                       Character separator, int[] shard, boolean indexAtStart, boolean checksum, ByteOrder endian,
                       String fillValue) {

    public NewArray {
        shape = shape.clone();
        chunks = chunks.clone();
        shard = shard == null ? null : shard.clone();
        if (shape.length != chunks.length) {
            throw new ZarrException("shape " + Arrays.toString(shape) + " and chunks " + Arrays.toString(chunks)
                    + " must have the same number of axes");
        }
        if (zarrFormat == 2 && (shard != null || checksum)) {
            throw new UnsupportedFeatureException("sharding and checksums need Zarr v3: use --zarr-format 3");
        }
        if (order != 'C' && order != 'F') {
            throw new ZarrException("order '" + order + "' is not valid: use C or F");
        }
    }

    /** A C-order little-endian array with the given compressor and defaults for everything else. */
    public static NewArray of(int zarrFormat, long[] shape, int[] chunks, DataType dtype, String compressor) {
        return new NewArray(zarrFormat, shape, chunks, dtype, compressor, 'C', null, null, false, false,
                ByteOrder.LITTLE_ENDIAN, "0");
    }

    public ArrayMetadata toMetadata() {
        String where = "the new array";
        CodecRegistry registry = CodecRegistry.DEFAULT;
        CodecContext ctx = new CodecContext(dtype, registry, where);
        List<Codec> codecs = new ArrayList<>();
        if (order == 'F') {
            codecs.add(TransposeCodec.fortranOrder(shape.length));
        }
        codecs.add(new BytesCodec(endian));
        BytesToBytesCodec compression = compressor(compressor, ctx);
        if (compression != null) {
            codecs.add(compression);
        }
        if (checksum) {
            codecs.add((BytesToBytesCodec) registry.fromV3(JsonNodeFactory.instance.objectNode().put("name", "crc32c"), ctx));
        }
        int[] gridChunks = chunks;
        if (shard != null) {
            if (shard.length != chunks.length) {
                throw new ZarrException("shard shape " + Arrays.toString(shard) + " must have " + chunks.length + " axes");
            }
            for (int d = 0; d < shard.length; d++) {
                if (shard[d] % chunks[d] != 0) {
                    throw new ZarrException("shard shape " + Arrays.toString(shard) + " must be a multiple of the chunk shape "
                            + Arrays.toString(chunks));
                }
            }
            List<Codec> index = new ArrayList<>();
            index.add(new BytesCodec(ByteOrder.LITTLE_ENDIAN));
            index.add((BytesToBytesCodec) registry.fromV3(JsonNodeFactory.instance.objectNode().put("name", "crc32c"), ctx));
            ShardingCodec sharding = new ShardingCodec(chunks, CodecPipeline.of(codecs, where), CodecPipeline.of(index, where),
                    indexAtStart ? ShardingCodec.IndexLocation.START : ShardingCodec.IndexLocation.END);
            codecs = List.of(sharding);
            gridChunks = shard;
        }
        char sep = separator != null ? separator : zarrFormat == 2 ? '.' : '/';
        ChunkKeyEncoding keys = new ChunkKeyEncoding(zarrFormat == 2 ? ChunkKeyEncoding.Kind.V2 : ChunkKeyEncoding.Kind.DEFAULT, sep);
        byte[] fill = FillValues.parse(parseFill(fillValue), dtype, where);
        return new ArrayMetadata(zarrFormat, shape, gridChunks, dtype, fill, CodecPipeline.of(codecs, where), keys, null, null);
    }

    private static com.fasterxml.jackson.databind.JsonNode parseFill(String text) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (text == null) {
            return f.numberNode(0);
        }
        switch (text) {
            case "NaN", "Infinity", "-Infinity" -> {
                return f.textNode(text);
            }
            case "true", "false" -> {
                return f.booleanNode(Boolean.parseBoolean(text));
            }
            default -> {
                try {
                    return text.contains(".") || text.contains("e") ? f.numberNode(Double.parseDouble(text))
                            : f.numberNode(new java.math.BigInteger(text));
                } catch (NumberFormatException e) {
                    throw new ZarrException("fill value '" + text + "' is not a number, NaN, Infinity, -Infinity, true or false");
                }
            }
        }
    }

    /** Parses a compressor spelling; null for none. */
    public static BytesToBytesCodec compressor(String spec, CodecContext ctx) {
        if (spec == null || spec.isBlank() || spec.equals("none")) {
            return null;
        }
        String[] p = spec.split(":");
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", p[0]);
        ObjectNode config = json.putObject("configuration");
        try {
            switch (p[0]) {
                case "blosc" -> {
                    config.put("cname", p.length > 1 ? p[1] : "lz4");
                    config.put("clevel", p.length > 2 ? Integer.parseInt(p[2]) : 5);
                    config.put("shuffle", p.length > 3 ? p[3] : "shuffle");
                    config.put("typesize", ctx.dtype().size());
                    config.put("blocksize", 0);
                }
                case "zstd" -> {
                    config.put("level", p.length > 1 ? Integer.parseInt(p[1]) : 3);
                    config.put("checksum", false);
                }
                case "gzip", "zlib" -> config.put("level", p.length > 1 ? Integer.parseInt(p[1]) : 5);
                default -> throw new UnsupportedFeatureException("compressor '" + spec + "' is not known: use none,"
                        + " blosc:CNAME:LEVEL:SHUFFLE (e.g. blosc:lz4:5:shuffle), zstd:LEVEL, gzip:LEVEL or zlib:LEVEL");
            }
        } catch (NumberFormatException e) {
            throw new ZarrException("compressor '" + spec + "' has a level that is not an integer");
        }
        return (BytesToBytesCodec) ctx.registry().fromV3(json, ctx);
    }
}
