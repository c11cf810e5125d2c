package org.zarrrelay.zarr.codec.arraytobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.ArrayToBytesCodec;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.Codec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.EncodedChunk;

/**
 * Zarr v3 {@code sharding_indexed} codec
 * (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/sharding-indexed/v1.0.html): a shard
 * holds a grid of inner chunks, each encoded with {@code codecs}, plus an index of
 * (offset, nbytes) uint64 pairs encoded with {@code index_codecs}, at the start or end. An inner
 * chunk that is absent has both set to 2^64-1. No Zarr v2 equivalent.
 * <pre>{"name": "sharding_indexed", "configuration": {"chunk_shape": [32, 32, 32],
 *   "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
 *   "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
 *   "index_location": "end"}}</pre>
 */
public final class ShardingCodec implements ArrayToBytesCodec {
    public static final String NAME = "sharding_indexed";
    private static final long EMPTY = -1L;  // 2^64-1 as unsigned

    public enum IndexLocation { START, END }

    private final int[] chunkShape;
    private final CodecPipeline codecs;
    private final CodecPipeline indexCodecs;
    private final IndexLocation indexLocation;

    public ShardingCodec(int[] chunkShape, CodecPipeline codecs, CodecPipeline indexCodecs, IndexLocation indexLocation) {
        this.chunkShape = chunkShape.clone();
        this.codecs = codecs;
        this.indexCodecs = indexCodecs;
        this.indexLocation = indexLocation;
        if (indexCodecs.sharding() != null) {
            throw new UnsupportedFeatureException("sharding index codecs cannot themselves shard");
        }
    }

    public static ShardingCodec fromV3(JsonNode configuration, CodecContext ctx) {
        JsonNode shapeJson = configuration.path("chunk_shape");
        if (!shapeJson.isArray() || shapeJson.isEmpty()) {
            throw new ZarrException("sharding codec of " + ctx.where() + " needs 'chunk_shape', a list of inner chunk sizes");
        }
        int[] shape = new int[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).asInt();
            if (shape[i] <= 0) {
                throw new ZarrException("sharding chunk_shape " + shapeJson + " of " + ctx.where() + " must be positive");
            }
        }
        String where = ctx.where() + " (inside sharding)";
        CodecContext inner = new CodecContext(ctx.dtype(), ctx.registry(), where);
        CodecPipeline codecs = pipeline(configuration.path("codecs"), inner, "codecs");
        CodecContext index = new CodecContext(DataType.UINT64, ctx.registry(), ctx.where() + " (shard index)");
        CodecPipeline indexCodecs = pipeline(configuration.path("index_codecs"), index, "index_codecs");
        String location = configuration.path("index_location").asText("end");
        IndexLocation loc = switch (location) {
            case "end" -> IndexLocation.END;
            case "start" -> IndexLocation.START;
            default -> throw new UnsupportedFeatureException("sharding index_location '" + location + "' of "
                    + ctx.where() + " is not valid: use \"start\" or \"end\"");
        };
        return new ShardingCodec(shape, codecs, indexCodecs, loc);
    }

    private static CodecPipeline pipeline(JsonNode list, CodecContext ctx, String field) {
        if (!list.isArray() || list.isEmpty()) {
            throw new ZarrException("sharding codec of " + ctx.where() + " needs '" + field + "', a list of codecs");
        }
        List<Codec> codecs = new ArrayList<>();
        for (JsonNode c : list) {
            codecs.add(ctx.registry().fromV3(c, ctx));
        }
        return CodecPipeline.of(codecs, ctx.where());
    }

    public int[] chunkShape() {
        return chunkShape.clone();
    }

    public CodecPipeline codecs() {
        return codecs;
    }

    public IndexLocation indexLocation() {
        return indexLocation;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ArrayNode shape = config.putArray("chunk_shape");
        for (int s : chunkShape) {
            shape.add(s);
        }
        config.set("codecs", toJson(codecs));
        config.set("index_codecs", toJson(indexCodecs));
        config.put("index_location", indexLocation == IndexLocation.END ? "end" : "start");
        return config;
    }

    private static ArrayNode toJson(CodecPipeline pipeline) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Codec c : pipeline.codecs()) {
            ObjectNode entry = list.addObject().put("name", c.name());
            if (!c.configuration().isEmpty()) {
                entry.set("configuration", c.configuration());
            }
        }
        return list;
    }

    /** Inner chunks per shard along each axis. */
    private int[] grid(ChunkSpec shard) {
        int[] shape = shard.shape();
        if (shape.length != chunkShape.length) {
            throw new ZarrException("sharding chunk_shape " + Arrays.toString(chunkShape) + " has " + chunkShape.length
                    + " axes but the array has " + shape.length);
        }
        int[] grid = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] % chunkShape[d] != 0) {
                throw new UnsupportedFeatureException("shard shape " + Arrays.toString(shape)
                        + " is not a multiple of the inner chunk shape " + Arrays.toString(chunkShape)
                        + ", which the sharding spec requires");
            }
            grid[d] = shape[d] / chunkShape[d];
        }
        return grid;
    }

    private ChunkSpec indexSpec(int[] grid) {
        int[] shape = Arrays.copyOf(grid, grid.length + 1);
        shape[grid.length] = 2;
        byte[] fill = new byte[8];
        Arrays.fill(fill, (byte) 0xff);
        return new ChunkSpec(shape, DataType.UINT64, fill);
    }

    private int indexByteLength(int[] grid) {
        long n = indexCodecs.encodedLength(indexSpec(grid).byteLength());
        if (n < 0) {
            throw new UnsupportedFeatureException("sharding index_codecs must have a fixed encoded size"
                    + " (bytes, crc32c); a compressor there is not supported");
        }
        return (int) n;
    }

    @Override
    public byte[] encode(Volume shard) {
        ChunkSpec shardSpec = new ChunkSpec(shard.shape(), shard.dtype(), new byte[shard.dtype().size()]);
        int[] grid = grid(shardSpec);
        int count = (int) Volume.elementCount(grid);
        Volume index = Volume.allocate(DataType.UINT64, indexSpec(grid).shape());
        int indexBytes = indexByteLength(grid);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long base = indexLocation == IndexLocation.START ? indexBytes : 0;
        int[] origin = new int[grid.length];
        int[] pos = new int[grid.length];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < grid.length; d++) {
                origin[d] = pos[d] * chunkShape[d];
            }
            Volume inner = Volume.allocate(shard.dtype(), chunkShape);
            BoxCopy.copy(shard, origin, inner, new int[grid.length], chunkShape);
            byte[] encoded = codecs.encode(inner);
            index.setLong(2 * i, base + body.size());
            index.setLong(2 * i + 1, encoded.length);
            body.writeBytes(encoded);
            advance(pos, grid);
        }
        byte[] indexEncoded = indexCodecs.encode(index);
        byte[] out = new byte[indexEncoded.length + body.size()];
        byte[] bodyBytes = body.toByteArray();
        if (indexLocation == IndexLocation.START) {
            System.arraycopy(indexEncoded, 0, out, 0, indexEncoded.length);
            System.arraycopy(bodyBytes, 0, out, indexEncoded.length, bodyBytes.length);
        } else {
            System.arraycopy(bodyBytes, 0, out, 0, bodyBytes.length);
            System.arraycopy(indexEncoded, 0, out, bodyBytes.length, indexEncoded.length);
        }
        return out;
    }

    @Override
    public Volume decode(byte[] bytes, ChunkSpec spec) {
        Volume out = Volume.allocate(spec.dtype(), spec.shape());
        int[] zero = new int[spec.rank()];
        decodeInto(EncodedChunk.of(bytes), spec, zero, spec.shape(), out, zero);
        return out;
    }

    /**
     * Decodes the box {@code [start, start + size)} of a shard into {@code dst}, reading the index
     * and then only the inner chunks the box touches.
     */
    public void decodeInto(EncodedChunk source, ChunkSpec spec, int[] start, int[] size, Volume dst, int[] dstStart) {
        int[] grid = grid(spec);
        int indexBytes = indexByteLength(grid);
        byte[] rawIndex = indexLocation == IndexLocation.END ? source.readSuffix(indexBytes) : source.readRange(0, indexBytes);
        if (rawIndex == null) {
            BoxCopy.fill(dst, dstStart, size, spec.fillElement());
            return;
        }
        Volume index = indexCodecs.decode(rawIndex, indexSpec(grid));
        ChunkSpec innerSpec = spec.withShape(chunkShape);
        int rank = grid.length;
        int[] first = new int[rank];
        int[] last = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (size[d] == 0) {
                return;
            }
            first[d] = start[d] / chunkShape[d];
            last[d] = (start[d] + size[d] - 1) / chunkShape[d];
        }
        int[] pos = first.clone();
        int[] innerStart = new int[rank];
        int[] innerSize = new int[rank];
        int[] at = new int[rank];
        while (true) {
            for (int d = 0; d < rank; d++) {
                int lo = Math.max(start[d], pos[d] * chunkShape[d]);
                int hi = Math.min(start[d] + size[d], (pos[d] + 1) * chunkShape[d]);
                innerStart[d] = lo - pos[d] * chunkShape[d];
                innerSize[d] = hi - lo;
                at[d] = dstStart[d] + lo - start[d];
            }
            int i = 0;
            for (int d = 0; d < rank; d++) {
                i = i * grid[d] + pos[d];
            }
            long offset = index.getLong(2 * i);
            long nbytes = index.getLong(2 * i + 1);
            if (offset == EMPTY && nbytes == EMPTY) {
                BoxCopy.fill(dst, at, innerSize, spec.fillElement());
            } else {
                if (offset < 0 || nbytes < 0 || nbytes > Integer.MAX_VALUE) {
                    throw new ZarrException("shard index entry " + i + " (offset " + Long.toUnsignedString(offset)
                            + ", nbytes " + Long.toUnsignedString(nbytes) + ") is invalid: the shard is corrupt");
                }
                codecs.decodeInto(source.slice(offset, (int) nbytes), innerSpec, innerStart, innerSize, dst, at);
            }
            int d = rank - 1;
            while (d >= 0) {
                if (++pos[d] <= last[d]) {
                    break;
                }
                pos[d] = first[d];
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private static void advance(int[] pos, int[] grid) {
        for (int d = pos.length - 1; d >= 0; d--) {
            if (++pos[d] < grid[d]) {
                return;
            }
            pos[d] = 0;
        }
    }
}
