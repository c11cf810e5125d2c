package org.zarrrelay.zarr.codec.arraytobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteOrder;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.ArrayToBytesCodec;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code bytes} codec (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/bytes/v1.0.html):
 * the chunk's elements in C order, each in the configured byte order. Zarr v2 has no codec
 * entry for this; its dtype's {@code <}/{@code >} prefix maps to {@code endian}.
 * <pre>{"name": "bytes", "configuration": {"endian": "little"}}</pre>
 */
public final class BytesCodec implements ArrayToBytesCodec {
    public static final String NAME = "bytes";

    private final ByteOrder order;

    public BytesCodec(ByteOrder order) {
        this.order = order;
    }

    public static BytesCodec fromV3(JsonNode configuration, CodecContext ctx) {
        JsonNode endian = configuration.path("endian");
        if (endian.isMissingNode() || endian.isNull()) {
            if (ctx.dtype().size() > 1) {
                throw new ZarrException("the bytes codec of " + ctx.where() + " has no 'endian', which "
                        + ctx.dtype().numpyName() + " needs: add \"endian\": \"little\" or \"big\"");
            }
            return new BytesCodec(ByteOrder.LITTLE_ENDIAN);
        }
        return switch (endian.asText()) {
            case "little" -> new BytesCodec(ByteOrder.LITTLE_ENDIAN);
            case "big" -> new BytesCodec(ByteOrder.BIG_ENDIAN);
            default -> throw new UnsupportedFeatureException("bytes codec endian '" + endian.asText() + "' in "
                    + ctx.where() + " is not valid: use \"little\" or \"big\"");
        };
    }

    public ByteOrder order() {
        return order;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        return JsonNodeFactory.instance.objectNode()
                .put("endian", order == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
    }

    @Override
    public byte[] encode(Volume chunk) {
        if (order == ByteOrder.LITTLE_ENDIAN || chunk.dtype().size() == 1) {
            return chunk.data();
        }
        return swapped(chunk.data(), chunk.dtype().size());
    }

    @Override
    public Volume decode(byte[] bytes, ChunkSpec spec) {
        if (bytes.length != spec.byteLength()) {
            throw new ZarrException("a chunk of " + spec + " must decode to " + spec.byteLength()
                    + " bytes but holds " + bytes.length + ": the chunk is corrupt or the metadata is wrong");
        }
        if (order == ByteOrder.LITTLE_ENDIAN || spec.dtype().size() == 1) {
            return new Volume(spec.dtype(), spec.shape(), bytes);
        }
        return new Volume(spec.dtype(), spec.shape(), swapped(bytes, spec.dtype().size()));
    }

    private static byte[] swapped(byte[] in, int size) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += size) {
            for (int b = 0; b < size; b++) {
                out[i + b] = in[i + size - 1 - b];
            }
        }
        return out;
    }
}
