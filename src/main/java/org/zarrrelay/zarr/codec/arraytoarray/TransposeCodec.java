package org.zarrrelay.zarr.codec.arraytoarray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.codec.ArrayToArrayCodec;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code transpose} codec (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/transpose/v1.0.html):
 * encoded axis {@code i} is decoded axis {@code order[i]}. A Zarr v2 array with {@code "order": "F"}
 * is this codec with the axes reversed.
 * <pre>{"name": "transpose", "configuration": {"order": [2, 1, 0]}}</pre>
 */
public final class TransposeCodec implements ArrayToArrayCodec {
    public static final String NAME = "transpose";

    private final int[] order;

    public TransposeCodec(int[] order) {
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i) {
                throw new UnsupportedFeatureException("transpose order " + Arrays.toString(order)
                        + " is not a permutation of 0.." + (order.length - 1));
            }
        }
        this.order = order.clone();
    }

    /** The transpose that stores a chunk in Fortran order (Zarr v2 {@code "order": "F"}). */
    public static TransposeCodec fortranOrder(int rank) {
        int[] reversed = new int[rank];
        for (int i = 0; i < rank; i++) {
            reversed[i] = rank - 1 - i;
        }
        return new TransposeCodec(reversed);
    }

    public static TransposeCodec fromV3(JsonNode configuration, CodecContext ctx) {
        JsonNode orderJson = configuration.path("order");
        if (!orderJson.isArray()) {
            throw new UnsupportedFeatureException("transpose codec of " + ctx.where() + " needs 'order' as a list of axes"
                    + " (the spec's older \"C\"/\"F\" strings are not supported): found " + orderJson);
        }
        int[] order = new int[orderJson.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = orderJson.get(i).asInt();
        }
        return new TransposeCodec(order);
    }

    public int[] order() {
        return order.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ArrayNode list = config.putArray("order");
        for (int o : order) {
            list.add(o);
        }
        return config;
    }

    @Override
    public ChunkSpec encodedSpec(ChunkSpec decoded) {
        checkRank(decoded.rank());
        int[] shape = decoded.shape();
        int[] out = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape[order[i]];
        }
        return decoded.withShape(out);
    }

    @Override
    public Volume encode(Volume chunk) {
        checkRank(chunk.rank());
        return permute(chunk, order);
    }

    @Override
    public Volume decode(Volume encoded, ChunkSpec decoded) {
        checkRank(encoded.rank());
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return permute(encoded, inverse);
    }

    private void checkRank(int rank) {
        if (rank != order.length) {
            throw new UnsupportedFeatureException("transpose order " + Arrays.toString(order) + " has "
                    + order.length + " axes but the chunk has " + rank);
        }
    }

    /** Output axis {@code i} is input axis {@code perm[i]}. */
    static Volume permute(Volume in, int[] perm) {
        int rank = perm.length;
        int[] inShape = in.shape();
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = inShape[perm[i]];
        }
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            identity &= perm[i] == i;
        }
        if (identity) {
            return in;
        }
        Volume out = Volume.allocate(in.dtype(), outShape);
        long[] inStrides = BoxCopy.strides(inShape);
        long[] step = new long[rank];  // input stride of each output axis
        for (int i = 0; i < rank; i++) {
            step[i] = inStrides[perm[i]];
        }
        int item = in.dtype().size();
        byte[] src = in.data();
        byte[] dst = out.data();
        int n = out.elementCount();
        int[] pos = new int[rank];
        long inIndex = 0;
        for (int o = 0; o < n; o++) {
            System.arraycopy(src, (int) (inIndex * item), dst, o * item, item);
            for (int d = rank - 1; d >= 0; d--) {
                inIndex += step[d];
                if (++pos[d] < outShape[d]) {
                    break;
                }
                inIndex -= step[d] * outShape[d];
                pos[d] = 0;
            }
        }
        return out;
    }
}
